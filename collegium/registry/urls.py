from django.urls import path
from django.views.generic import RedirectView

from collegium.registry import views

app_name = "registry"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:organization-list"), name="index"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("persons/", views.person_list, name="person-list"),
    path("persons/<slug:slug>/", views.person_detail, name="person-detail"),
    path("states/", views.state_list, name="state-list"),
    path("states/<slug:code>/", views.state_detail, name="state-detail"),
]
