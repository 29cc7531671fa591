from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from collegium.api import api
from collegium.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("collegium.accounts.urls")),
    path("registry/", include("collegium.registry.urls")),
    path("calendar/", include("collegium.events.urls")),
    path("arrangements/", include("collegium.events.arrangement_urls")),
    path("reciprocity/", include("collegium.events.reciprocity_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if getattr(settings, "BENCH_FLOOR", False):
    urlpatterns.append(path("bench/floor", core_views.bench_floor, name="bench-floor"))
