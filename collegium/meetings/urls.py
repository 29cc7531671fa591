from django.urls import path

from collegium.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<slug:slug>/minutes/new/", views.minutes_add, name="minutes-add"),
    path("<slug:slug>/agenda/new/", views.agenda_item_add, name="agenda-add"),
    path("<slug:slug>/agenda/<int:item_id>/edit/", views.agenda_item_edit, name="agenda-edit"),
    path(
        "<slug:slug>/agenda/<int:item_id>/remove/", views.agenda_item_remove, name="agenda-remove"
    ),
    path("<slug:slug>/agenda/<int:item_id>/move/", views.agenda_item_move, name="agenda-move"),
    path(
        "<slug:slug>/agenda/<int:item_id>/documents/",
        views.agenda_document_attach,
        name="agenda-document-attach",
    ),
    path(
        "<slug:slug>/agenda/<int:item_id>/documents/<slug:document>/detach/",
        views.agenda_document_detach,
        name="agenda-document-detach",
    ),
    path("<slug:slug>/delegations/<slug:party>/new/", views.member_add, name="member-add"),
    path("<slug:slug>/members/<int:member_id>/edit/", views.member_edit, name="member-edit"),
    path("<slug:slug>/members/<int:member_id>/remove/", views.member_remove, name="member-remove"),
    path("<slug:slug>/members/<int:member_id>/head/", views.member_make_head, name="member-head"),
]
