"""Secrets in URLs never reach the logs."""

import datetime as dt
import logging
from types import SimpleNamespace

from collegium.core.logs import MaskingGunicornLogger, MaskSecretsFilter, mask_secrets

SECRET = "Zm9vYmFyYmF6cXV4c2VjcmV0LXRva2VuLTEyMzQ1"


def test_feed_secret_is_masked():
    assert mask_secrets(f"GET /calendar/feed/{SECRET}.ics HTTP/1.1") == (
        "GET /calendar/feed/***.ics HTTP/1.1"
    )
    assert mask_secrets("/calendar/public.ics") == "/calendar/public.ics"


def test_log_records_are_masked():
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (f"/calendar/feed/{SECRET}.ics",),
        None,
    )
    assert MaskSecretsFilter().filter(record)
    assert SECRET not in record.getMessage()
    assert "/calendar/feed/***.ics" in record.getMessage()


def test_gunicorn_access_log_is_masked():
    """The access log's request line, path and referer lose the secret."""
    from gunicorn.config import Config

    logger = MaskingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/feed/{SECRET}.ics",
        "PATH_INFO": f"/calendar/feed/{SECRET}.ics",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"http://x/calendar/feed/{SECRET}.ics",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=5))
    assert all(SECRET not in str(value) for value in atoms.values())
    assert atoms["U"] == "/calendar/feed/***.ics"
    assert atoms["r"] == "GET /calendar/feed/***.ics HTTP/1.1"
