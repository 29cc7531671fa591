"""Small plans for the engine's tests, written in the file format."""

from typing import Any

from collegium.planning.engine.fileio import parse
from collegium.planning.engine.model import Problem

RU, BY = "mfa-ru", "mfa-by"


def request(rid: str, frm: str, to: str, **extra: Any) -> dict[str, Any]:
    """Return a one-day request between the two ministries with its own officials."""
    return {
        "id": rid,
        "topic": f"Topic {rid}",
        "parties": [RU, BY],
        "leads": {RU: f"ru-{rid}", BY: f"by-{rid}"},
        "departments": {RU: f"dep-{rid}", BY: f"dep-{rid}"},
        "days": 1,
        "window": {"from": frm, "to": to},
        **extra,
    }


def plan(*requests: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        "year": 2026,
        "parties": [RU, BY],
        "capitals": {RU: "Moscow", BY: "Minsk"},
        "requests": list(requests),
        **top,
    }


def problem(*requests: dict[str, Any], **top: Any) -> Problem:
    return parse(plan(*requests, **top))
