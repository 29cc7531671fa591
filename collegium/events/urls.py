from django.urls import path

from collegium.events.availability import views as availability_views
from collegium.events.calendar import views
from collegium.events.checks import views as check_views
from collegium.events.invitations import views as invitation_views
from collegium.events.letters import views as letter_views

app_name = "events"
urlpatterns = [
    path("", views.month, name="month"),
    path("list/", views.event_list, name="list"),
    path("new-event/", views.event_create, name="event-create"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/edit/", views.event_edit, name="event-edit"),
    path("events/<slug:slug>/move/", views.event_move, name="event-move"),
    path("events/<slug:slug>/reschedule/", views.event_reschedule, name="event-reschedule"),
    path("public.ics", views.public_feed, name="public-feed"),
    path("feed/<slug:token>.ics", views.private_feed, name="private-feed"),
    path("feed/create/", views.feed_token_create, name="feed-create"),
    path("feed/revoke/", views.feed_token_revoke, name="feed-revoke"),
    path("checks/", check_views.check_list, name="checks"),
    path("invitations/", invitation_views.invitation_list, name="invitation-list"),
    path(
        "invitations/<int:invitation_id>/move/",
        invitation_views.invitation_move,
        name="invitation-move",
    ),
    path(
        "invitations/<int:invitation_id>/correct/",
        invitation_views.invitation_correct_answer,
        name="invitation-correct",
    ),
    path(
        "events/<slug:slug>/invitations/new/",
        invitation_views.invitation_create,
        name="invitation-create",
    ),
    path(
        "events/<slug:slug>/invitations/generate/",
        invitation_views.invitation_generate,
        name="invitation-generate",
    ),
    path(
        "persons/<slug:slug>/unavailability/new/",
        availability_views.unavailability_create,
        name="unavailability-create",
    ),
    path(
        "unavailability/<int:unavailability_id>/edit/",
        availability_views.unavailability_edit,
        name="unavailability-edit",
    ),
    path(
        "unavailability/<int:unavailability_id>/delete/",
        availability_views.unavailability_delete,
        name="unavailability-delete",
    ),
    path(
        "invitations/<int:pk>/letter.docx",
        letter_views.invitation_letter_download,
        {"extension": "docx"},
        name="invitation-letter-docx",
    ),
    path(
        "invitations/<int:pk>/letter.pdf",
        letter_views.invitation_letter_download,
        {"extension": "pdf"},
        name="invitation-letter-pdf",
    ),
]
