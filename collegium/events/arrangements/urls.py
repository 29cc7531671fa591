from django.urls import path

from collegium.events.arrangements import views

app_name = "arrangements"
urlpatterns = [
    path("", views.arrangement_list, name="list"),
    path("new/", views.arrangement_create, name="create"),
    path("<slug:slug>/", views.arrangement_detail, name="detail"),
    path("<slug:slug>/edit/", views.arrangement_edit, name="edit"),
    path("<slug:slug>/step/", views.arrangement_step, name="step"),
    path("<slug:slug>/accessions/new/", views.accession_propose, name="accession-propose"),
    path(
        "<slug:slug>/accessions/<int:accession_id>/withdraw/",
        views.accession_withdraw,
        name="accession-withdraw",
    ),
    path(
        "<slug:slug>/motions/<int:motion_id>/consent/",
        views.motion_consent_record,
        name="motion-consent-record",
    ),
    path(
        "<slug:slug>/motions/<int:motion_id>/withdraw/",
        views.motion_withdraw,
        name="motion-withdraw",
    ),
    path(
        "<slug:slug>/accessions/<int:accession_id>/consent/",
        views.consent_record,
        name="consent-record",
    ),
]
