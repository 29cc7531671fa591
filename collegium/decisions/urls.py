from django.urls import path

from collegium.decisions import signing_views, views

app_name = "decisions"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<slug:slug>/", views.document_detail, name="detail"),
    path("<slug:slug>/step/", views.document_step, name="step"),
    path("<slug:slug>/comments/", views.comment_add, name="comment-add"),
    path("<slug:slug>/edit/", views.document_edit, name="edit"),
    path("<slug:slug>/edit/add/", views.node_add, name="node-add"),
    path("<slug:slug>/edit/<str:eid>/", views.node_save, name="node-save"),
    path("<slug:slug>/edit/<str:eid>/remove/", views.node_remove, name="node-remove"),
    path("<slug:slug>/edit/<str:eid>/move/", views.node_move, name="node-move"),
    path("<slug:slug>/sign/", signing_views.document_sign, name="sign"),
    path("<slug:slug>/export/", signing_views.document_export, name="export"),
    path("<slug:slug>/signed.pdf", signing_views.document_signed_pdf, name="signed-pdf"),
    path("<slug:slug>/revisions/", views.document_revisions, name="revisions"),
]
