from django.urls import path

from collegium.events.arrangements import views

app_name = "arrangements"
urlpatterns = [
    path("", views.arrangement_list, name="list"),
    path("<slug:slug>/", views.arrangement_detail, name="detail"),
    path(
        "<slug:slug>/accessions/<int:accession_id>/consent/",
        views.consent_record,
        name="consent-record",
    ),
]
