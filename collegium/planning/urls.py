from django.urls import path

from collegium.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/solve/", views.plan_solve, name="solve"),
    path("<slug:slug>/approve/", views.plan_approve, name="approve"),
    path("<slug:slug>/versions/<int:number>/state/", views.version_state, name="version-state"),
    path("<slug:slug>/diff/", views.version_diff, name="diff"),
    path("<slug:slug>/export.docx", views.plan_export, name="export"),
    path("<slug:slug>/export.pdf", views.plan_export, {"fmt": "pdf"}, name="export-pdf"),
    path("<slug:slug>/requests/new/", views.request_create, name="request-add"),
    path("<slug:slug>/requests/<slug:code>/edit/", views.request_edit, name="request-edit"),
    path("<slug:slug>/requests/<slug:code>/remove/", views.request_delete, name="request-remove"),
    path("<slug:slug>/blackouts/new/", views.blackout_add, name="blackout-add"),
    path(
        "<slug:slug>/blackouts/<int:blackout_id>/remove/",
        views.blackout_remove,
        name="blackout-remove",
    ),
]
