from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from collegium import views
from collegium.api import api
from collegium.core import views as core_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/notifications/", include("collegium.notifications.urls")),
    path("accounts/", include("collegium.accounts.urls")),
    path("registry/", include("collegium.registry.urls")),
    path("calendar/", include("collegium.events.urls")),
    path("arrangements/", include("collegium.events.arrangements.urls")),
    path("reciprocity/", include("collegium.events.reciprocity.urls")),
    path("meetings/", include("collegium.meetings.urls")),
    path("planning/", include("collegium.planning.urls")),
    path("documents/", include("collegium.decisions.urls")),
    path("tasks/", include("collegium.execution.urls")),
    path("admin/", admin.site.urls),
    path("api/", views.api_about, name="api-about"),
    path("api/v1/", api.urls),
]

if getattr(settings, "BENCH_FLOOR", False):
    from collegium.devdata import views as devdata_views

    urlpatterns.append(path("bench/floor", devdata_views.bench_floor, name="bench-floor"))
