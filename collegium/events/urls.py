from django.urls import path

from . import check_views, views

app_name = "events"
urlpatterns = [
    path("", views.month, name="month"),
    path("list/", views.event_list, name="list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("public.ics", views.public_feed, name="public-feed"),
    path("feed/<slug:token>.ics", views.private_feed, name="private-feed"),
    path("feed/create/", views.feed_token_create, name="feed-create"),
    path("feed/revoke/", views.feed_token_revoke, name="feed-revoke"),
    path("checks/", check_views.check_list, name="checks"),
]
