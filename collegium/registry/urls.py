from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization-list"),
]
