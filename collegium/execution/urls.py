from django.urls import path

from collegium.execution import views

app_name = "execution"
urlpatterns = [
    path("", views.task_list, name="tasks"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/report/", views.progress_report_add, name="report-add"),
    path("<int:pk>/move/", views.task_move, name="move"),
    path("programme/<slug:slug>/", views.programme, name="programme"),
    path("interim/<slug:slug>/", views.interim, name="interim"),
    path("interim/<slug:slug>/docx/", views.interim_docx, name="interim-docx"),
    path("interim/<slug:slug>/pdf/", views.interim_pdf, name="interim-pdf"),
    path(
        "resolutions/<slug:slug>/interim/",
        views.interim,
        {"kind": "resolution"},
        name="resolution-interim",
    ),
    path(
        "resolutions/<slug:slug>/interim/docx/",
        views.interim_docx,
        {"kind": "resolution"},
        name="resolution-interim-docx",
    ),
    path(
        "resolutions/<slug:slug>/interim/pdf/",
        views.interim_pdf,
        {"kind": "resolution"},
        name="resolution-interim-pdf",
    ),
]
