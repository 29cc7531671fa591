"""Calling the site in tests: JSON bodies and clients signed in as a user."""

import json

from django.test import Client


def post(client: Client, url: str, body=None, **extra):
    """POST ``body`` as JSON; without a body, an empty form post."""
    if body is None:
        return client.post(url, **extra)
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def patch(client: Client, url: str, body, **extra):
    """PATCH ``body`` as JSON."""
    return client.patch(url, json.dumps(body), content_type="application/json", **extra)


def client_as(user=None, *, language: str | None = None) -> Client:
    """Return a new client signed in as ``user`` (anonymous if None), reading ``language``."""
    client = Client()
    if language is not None:
        client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client
