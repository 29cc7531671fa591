from django.urls import path
from django.views.generic import RedirectView

from collegium.registry import views

app_name = "registry"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:organization-list"), name="index"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("organizations/<slug:slug>/edit/", views.organization_edit, name="organization-edit"),
    path(
        "organizations/<slug:slug>/delete/", views.organization_delete, name="organization-delete"
    ),
    path("persons/", views.person_list, name="person-list"),
    path("persons/new/", views.person_create, name="person-create"),
    path("persons/<slug:slug>/", views.person_detail, name="person-detail"),
    path("persons/<slug:slug>/edit/", views.person_edit, name="person-edit"),
    path("persons/<slug:slug>/delete/", views.person_delete, name="person-delete"),
    path("states/", views.state_list, name="state-list"),
    path("states/new/", views.state_create, name="state-create"),
    path("states/<slug:code>/", views.state_detail, name="state-detail"),
    path("states/<slug:code>/edit/", views.state_edit, name="state-edit"),
    path("states/<slug:code>/delete/", views.state_delete, name="state-delete"),
    path("posts/new/", views.post_create, name="post-create"),
    path("posts/<slug:slug>/edit/", views.post_edit, name="post-edit"),
    path("posts/<slug:slug>/delete/", views.post_delete, name="post-delete"),
    path("tenures/new/", views.tenure_create, name="tenure-create"),
    path("tenures/<int:pk>/edit/", views.tenure_edit, name="tenure-edit"),
    path("tenures/<int:pk>/delete/", views.tenure_delete, name="tenure-delete"),
    path("memberships/new/", views.membership_create, name="membership-create"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership-delete"),
]
