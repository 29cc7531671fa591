from django.urls import path

from collegium.events.reciprocity import views

app_name = "reciprocity"
urlpatterns = [
    path("", views.reciprocity_page, name="report"),
    path("report.csv", views.reciprocity_report_csv, name="csv"),
    path("network.svg", views.reciprocity_network_svg, name="svg"),
]
