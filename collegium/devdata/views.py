"""The benchmark's floor view, mounted only by the bench settings."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bench_floor(request: HttpRequest) -> HttpResponse:
    """A bare template view: the floor every benchmark ratio is measured against."""
    return render(request, "devdata/floor.html")
