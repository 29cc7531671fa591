"""The documented JSON format of a plan (input) and of its result (output).

Input keys (README, "Planning"): ``year``, ``parties``, ``capitals``,
``extra_non_working_days``, ``blackouts``, ``max_per_week``,
``max_per_week_per_department``, ``hosting_tolerance``, ``requests``; optional
extensions ``countries`` (party → ISO code of its state), ``previous_plan``
(re-planning), ``weights``, ``soft_windows`` and ``description``.  Every error names
the key and, inside a request, its id: :class:`PlanFileError`.
"""

import datetime as dt
import json
import re
from typing import Any

import holidays as holidays_package

from .calendar import Calendar, span
from .model import (
    ALTERNATE,
    Blackout,
    PreviousPlacement,
    Problem,
    Request,
    Result,
    Weights,
)
from .phrases import Phrase, phrase, to_json

TOP_KEYS = {
    "year",
    "parties",
    "capitals",
    "extra_non_working_days",
    "blackouts",
    "max_per_week",
    "max_per_week_per_department",
    "hosting_tolerance",
    "requests",
    # Extensions.
    "countries",
    "previous_plan",
    "weights",
    "soft_windows",
    "description",
}
REQUIRED_TOP = ("year", "parties", "requests")
REQUEST_KEYS = {
    "id",
    "topic",
    "parties",
    "leads",
    "departments",
    "days",
    "window",
    "host",
    "previous_host",
    "min_gap_days",
    "topic_key",
    "pinned",
}
REQUIRED_REQUEST = ("id", "parties", "days")
BLACKOUT_KEYS = {"official", "from", "to", "reason"}
WINDOW_KEYS = {"from", "to"}
WEIGHT_KEYS = {"unplaced", "window", "spread", "moved"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PlanFileError(ValueError):
    """A malformed plan file; the message names the key (and the request id).

    ``phrase``, when given, is what is wrong as data (:mod:`.phrases`), for an application
    to word in its reader's language."""

    def __init__(self, message: str, phrase: Phrase | None = None) -> None:
        super().__init__(message)
        self.phrase = phrase


def _where(key: str, request_id: object = None, index: int | None = None) -> str:
    if index is not None:
        shown = f"requests[{index}]"
        if request_id is not None:
            shown += f" (id {request_id})"
        return f"{shown}: key '{key}'"
    return f"key '{key}'"


# The largest number a file may give (weights, weekly caps): CP-SAT takes 64-bit coefficients.
LARGEST_NUMBER = 10**9


class _Reader:
    def __init__(self) -> None:
        self.index: int | None = None
        self.request_id: object = None

    def fail(self, key: str, message: str) -> PlanFileError:
        return PlanFileError(f"{_where(key, self.request_id, self.index)}: {message}")

    def date(self, key: str, value: Any) -> dt.date:
        if not isinstance(value, str) or not _DATE.match(value):
            raise self.fail(key, f"expected a date YYYY-MM-DD, got {json.dumps(value)}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise self.fail(key, f"not a valid date: {value}") from exc

    def integer(
        self,
        key: str,
        value: Any,
        minimum: int,
        *,
        nullable: bool = False,
        maximum: int = LARGEST_NUMBER,
    ) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"expected a whole number, got {json.dumps(value)}")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}, got {value}")
        if value > maximum:
            raise self.fail(key, f"must be at most {maximum}, got {value}")
        return value

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {json.dumps(value)}")
        return self.unicode(key, value)

    def unicode(self, key: str, value: str) -> str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800") names nothing
            raise self.fail(key, "not valid Unicode text (a lone surrogate)") from exc
        return value

    def mapping(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected an object, got {json.dumps(value)}")
        return value

    def array(self, key: str, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {json.dumps(value)}")
        return value

    def keys(
        self, key: str, value: dict[str, Any], allowed: set[str], required: tuple = ()
    ) -> None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            name = f"{key}.{unknown[0]}" if key else unknown[0]
            raise self.fail(name, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for name in required:
            if name not in value:
                raise self.fail(f"{key}.{name}" if key else name, "required key is missing")


def loads(text: str) -> Problem:
    """Parse and validate a plan file's text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            f"bad JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, deep nesting
        raise PlanFileError(f"bad JSON: {type(exc).__name__}: {str(exc)[:200]}") from exc
    return parse(data)


def parse(data: Any) -> Problem:
    """Validate decoded JSON and return the problem."""
    read = _Reader()
    if not isinstance(data, dict):
        raise PlanFileError("the file must hold a JSON object with the keys of a plan")
    read.keys("", data, TOP_KEYS, REQUIRED_TOP)
    year = read.integer("year", data["year"], 1900, maximum=9999)
    assert year is not None  # noqa: S101 (not nullable)
    if year > 2200:
        raise read.fail("year", f"out of range: {year}")
    parties = [read.text("parties", p) for p in read.array("parties", data["parties"])]
    if len(set(parties)) != len(parties):
        raise read.fail("parties", "a party is listed twice")
    if len(parties) < 2:
        raise read.fail("parties", "at least two parties are needed")

    def party(key: str, value: Any) -> str:
        name = read.text(key, value)
        if name not in parties:
            raise read.fail(key, f"unknown party {json.dumps(name)} (not in 'parties')")
        return name

    capitals = {
        party(f"capitals.{k}", k): read.text(f"capitals.{k}", v)
        for k, v in read.mapping("capitals", data.get("capitals", {})).items()
    }
    supported = holidays_package.list_supported_countries()
    countries: dict[str, str] = {}
    for k, v in read.mapping("countries", data.get("countries", {})).items():
        code = read.text(f"countries.{k}", v).upper()
        if code not in supported:
            raise read.fail(f"countries.{k}", f"no public holidays known for country {v}")
        countries[party(f"countries.{k}", k)] = code
    extra = frozenset(
        read.date("extra_non_working_days", v)
        for v in read.array("extra_non_working_days", data.get("extra_non_working_days", []))
    )
    blackouts = []
    for n, item in enumerate(read.array("blackouts", data.get("blackouts", []))):
        key = f"blackouts[{n}]"
        item = read.mapping(key, item)
        read.keys(key, item, BLACKOUT_KEYS, ("official", "from", "to"))
        start = read.date(f"{key}.from", item["from"])
        end = read.date(f"{key}.to", item["to"])
        if end < start:
            raise read.fail(f"{key}.to", f"ends ({end}) before it starts ({start})")
        reason = item.get("reason") or ""
        if not isinstance(reason, str):
            raise read.fail(f"{key}.reason", "expected a string")
        blackouts.append(
            Blackout(read.text(f"{key}.official", item["official"]), start, end, reason)
        )
    max_per_week = read.integer("max_per_week", data.get("max_per_week"), 0, nullable=True)
    max_dep = read.integer(
        "max_per_week_per_department",
        data.get("max_per_week_per_department"),
        0,
        nullable=True,
    )
    tolerance = read.integer("hosting_tolerance", data.get("hosting_tolerance"), 0, nullable=True)
    weights_data = read.mapping("weights", data.get("weights", {}))
    read.keys("weights", weights_data, WEIGHT_KEYS)
    weights = Weights(
        **{k: read.integer(f"weights.{k}", v, 0) for k, v in weights_data.items()}  # type: ignore[arg-type]
    )
    soft = data.get("soft_windows", False)
    if not isinstance(soft, bool):
        raise read.fail("soft_windows", "expected true or false")
    if "description" in data and not isinstance(data["description"], str):
        raise read.fail("description", "expected a string")

    requests: list[Request] = []
    external: dict[str, object] = {}
    for index, item in enumerate(read.array("requests", data["requests"])):
        read.index, read.request_id = index, None
        item = read.mapping("requests", item)
        raw_id = item.get("id")
        if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
            read.request_id = raw_id
        read.keys("", item, REQUEST_KEYS, REQUIRED_REQUEST)
        if read.request_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
            raise read.fail(
                "id", f"expected a non-empty string or a number, got {json.dumps(raw_id)}"
            )
        rid = str(raw_id)
        if rid in external:
            raise read.fail("id", f"duplicate id {json.dumps(raw_id)}")
        external[rid] = raw_id
        requests.append(_request(read, item, rid, parties, year))
    read.index, read.request_id = None, None

    previous = []
    for n, item in enumerate(read.array("previous_plan", data.get("previous_plan", []))):
        key = f"previous_plan[{n}]"
        item = read.mapping(key, item)
        read.keys(key, item, {"id", "start", "host"}, ("id", "start", "host"))
        if str(item["id"]) not in external:
            raise read.fail(f"{key}.id", f"no request with id {json.dumps(item['id'])}")
        previous.append(
            PreviousPlacement(
                str(item["id"]),
                read.date(f"{key}.start", item["start"]),
                party(f"{key}.host", item["host"]),
            )
        )
    problem = Problem(
        year=year,
        parties=parties,
        requests=requests,
        capitals=capitals,
        countries=countries,
        extra_non_working_days=extra,
        blackouts=blackouts,
        max_per_week=max_per_week,
        max_per_week_per_department=max_dep,
        hosting_tolerance=tolerance,
        previous_plan=previous,
        weights=weights,
        soft_windows=soft,
        external_ids=external,
    )
    _check_pinned(problem, read)
    return problem


def _request(
    read: _Reader, item: dict[str, Any], rid: str, parties: list[str], year: int
) -> Request:
    pair = read.array("parties", item["parties"])
    if len(pair) != 2:
        raise read.fail("parties", f"expected exactly two parties, got {len(pair)}")
    for name in pair:
        read.text("parties", name)
        if name not in parties:
            raise read.fail(
                "parties", f"unknown party {json.dumps(name)} (not in the plan's 'parties')"
            )
    if pair[0] == pair[1]:
        raise read.fail("parties", "the two parties must differ")

    def own(key: str, value: Any) -> str:
        name = read.text(key, value)
        if name not in pair:
            raise read.fail(key, f"{json.dumps(name)} is not one of the request's parties")
        return name

    leads = {
        own(f"leads.{k}", k): read.text(f"leads.{k}", v)
        for k, v in read.mapping("leads", item.get("leads", {})).items()
    }
    departments = {
        own(f"departments.{k}", k): read.text(f"departments.{k}", v)
        for k, v in read.mapping("departments", item.get("departments", {})).items()
    }
    days = read.integer("days", item["days"], 1, maximum=366)
    assert days is not None  # noqa: S101 (not nullable)
    window = read.mapping("window", item.get("window", {}))
    read.keys("window", window, WINDOW_KEYS)
    start = read.date("window.from", window["from"]) if "from" in window else dt.date(year, 1, 1)
    end = read.date("window.to", window["to"]) if "to" in window else dt.date(year, 12, 31)
    if end < start:
        raise read.fail("window", f"ends ({end}) before it starts ({start})")
    host = item.get("host", ALTERNATE)
    if host is None:
        host = ALTERNATE
    if host != ALTERNATE:
        host = own("host", host)
    previous = item.get("previous_host")
    if previous is not None:
        previous = own("previous_host", previous)
    gap = (
        read.integer("min_gap_days", item.get("min_gap_days", 0), 0, nullable=True, maximum=366)
        or 0
    )
    topic_key = item.get("topic_key")
    if topic_key is not None:
        topic_key = read.text("topic_key", topic_key)
    topic = item.get("topic", "")
    if isinstance(topic, dict):
        topic = topic.get("en") or topic.get("ru") or next(iter(topic.values()), "")
    if not isinstance(topic, str):
        raise read.fail("topic", "expected a string or an object of strings by language")
    topic = read.unicode("topic", topic)
    pinned = item.get("pinned")
    if pinned is not None:
        pinned = read.date("pinned", pinned)
    return Request(
        id=rid,
        parties=(pair[0], pair[1]),
        days=days,
        window_start=start,
        window_end=end,
        topic=topic,
        leads=leads,
        departments=departments,
        host=host,
        previous_host=previous,
        min_gap_days=gap,
        topic_key=topic_key or "",
        pinned=pinned,
    )


def _check_pinned(problem: Problem, read: _Reader) -> None:
    """Reject a pinned date on which a day of the consultation is not a working day."""
    calendar = Calendar(problem)
    for index, request in enumerate(problem.requests):
        if request.pinned is None:
            continue
        for day in span(request.pinned, request.days):
            for party in request.parties:
                reason = calendar.non_working_reason(party, day)
                if reason is not None:
                    read.index, read.request_id = index, problem.external_ids[request.id]
                    why = phrase("pinned_day_off", date=request.pinned, day=day, reason=reason)
                    error = read.fail("pinned", str(why))
                    error.phrase = why
                    raise error


def dumps_result(problem: Problem, result: Result, *, phrases: bool = False) -> dict[str, Any]:
    """Return the result as the documented output object.

    With ``phrases``, each unplaced request also keeps its reasons as data
    (``reason_phrases``) and each conflict its constraints (``constraint_phrases``), one
    :func:`.phrases.to_json` object per English text: the application words them in the
    reader's language, the file interface prints the text."""

    def ext(rid: str) -> object:
        return problem.external_ids.get(rid, rid)

    output: dict[str, Any] = {
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "solve_seconds": result.solve_seconds,
        "placements": [
            {
                "id": ext(p.id),
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "host": p.host,
                "city": p.city,
            }
            for p in result.placements
        ],
        "unplaced": [{"id": ext(u.id), "reasons": list(u.reasons)} for u in result.unplaced],
        "conflicts": [
            {"requests": [ext(r) for r in c.requests], "constraints": list(c.constraints)}
            for c in result.conflicts
        ],
    }
    if phrases:
        for item, unplaced in zip(output["unplaced"], result.unplaced, strict=True):
            item["reason_phrases"] = [to_json(p) for p in unplaced.phrases]
        for item, conflict in zip(output["conflicts"], result.conflicts, strict=True):
            item["constraint_phrases"] = [to_json(p) for p in conflict.phrases]
    return output
