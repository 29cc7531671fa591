"""Keep bearer secrets that travel in URLs out of the logs.

A private calendar feed is read by calendar clients that cannot send
headers, so its secret is part of the URL (``/calendar/feed/<secret>.ics``);
whoever reads the access or error log must not be able to read the calendar.
"""

import logging
import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(r"(/calendar/feed/)[^/?#\s]+?(\.ics)")
MASK = r"\1***\2"


def mask_secrets(text: str) -> str:
    return SECRET_IN_PATH.sub(MASK, text)


class MaskSecretsFilter(logging.Filter):
    """A logging filter that masks URL secrets in every message it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class MaskingGunicornLogger(Logger):
    """gunicorn's logger with URL secrets masked in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every text atom: the request line, the path, the referer, and the
        # headers and environment variables a log format may name.
        return {
            key: mask_secrets(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
