"""A small, strict RFC 5545 reader, independent of the ``icalendar`` package.

The feeds are written with ``icalendar``; reading them back with the same
library would hide its own mistakes.  This reader checks what a strict
calendar client relies on, and fails loudly on anything else:

- the stream is UTF-8, every line ends with CRLF, no line is longer than 75
  octets (3.1), continuation lines start with one space or tab;
- content lines follow ``name *(";" param) ":" value`` with quoted or plain
  parameter values (3.1, 3.2), and no control characters;
- BEGIN/END nest properly, with one VCALENDAR around everything;
- the required properties are there, once (VCALENDAR: PRODID, VERSION 2.0;
  VEVENT: UID, DTSTAMP, DTSTART; VTIMEZONE: TZID and its rules), UIDs are
  unique, every TZID used has its VTIMEZONE, UTC stamps end in ``Z``;
- TEXT values escape ``\\``, ``;``, ``,`` and newlines (3.3.11).
"""

import re
from dataclasses import dataclass, field

NAME = re.compile(r"[A-Za-z0-9-]+")
PARAM_TEXT = re.compile(r'[^\x00-\x08\x0a-\x1f\x7f";:,]*')
QUOTED = re.compile(r'"[^\x00-\x08\x0a-\x1f\x7f"]*"')
DATE_TIME = re.compile(r"\d{8}T\d{6}Z?")
UTC_DATE_TIME = re.compile(r"\d{8}T\d{6}Z")
OFFSET = re.compile(r"[+-]\d{4}(\d{2})?")
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "X-WR-CALNAME"}
STATUSES = {"TENTATIVE", "CONFIRMED", "CANCELLED"}
CHILDREN = {
    None: {"VCALENDAR"},
    "VCALENDAR": {"VEVENT", "VTIMEZONE"},
    "VTIMEZONE": {"STANDARD", "DAYLIGHT"},
    "VEVENT": set(),
    "STANDARD": set(),
    "DAYLIGHT": set(),
}


class StrictICSError(ValueError):
    pass


@dataclass
class Property:
    name: str
    params: dict[str, list[str]]
    value: str


@dataclass
class Component:
    name: str
    properties: list[Property] = field(default_factory=list)
    children: list["Component"] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def one(self, name: str) -> Property:
        found = self.all(name)
        if len(found) != 1:
            raise StrictICSError(f"{self.name} needs exactly one {name}, has {len(found)}")
        return found[0]

    def text(self, name: str) -> str:
        return unescape_text(self.one(name).value)

    def components(self, name: str) -> list["Component"]:
        return [c for c in self.children if c.name == name]


def unfold(data: bytes) -> list[str]:
    """Return the logical lines, checking line ends, lengths and encoding."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StrictICSError(f"not UTF-8: {exc}") from exc
    if not text.endswith("\r\n"):
        raise StrictICSError("the last line does not end with CRLF")
    physical = text[:-2].split("\r\n")
    logical: list[str] = []
    for number, line in enumerate(physical, 1):
        if "\r" in line or "\n" in line:
            raise StrictICSError(f"line {number}: a bare CR or LF")
        if len(line.encode("utf-8")) > 75:
            raise StrictICSError(f"line {number}: {len(line.encode())} octets (75 at most)")
        if line[:1] in (" ", "\t"):
            if not logical:
                raise StrictICSError("the first line is a continuation")
            logical[-1] += line[1:]
        else:
            if not line:
                raise StrictICSError(f"line {number}: empty")
            logical.append(line)
    return logical


def parse_line(line: str) -> Property:
    """Split one content line into name, parameters and value."""
    match = NAME.match(line)
    if not match:
        raise StrictICSError(f"no property name: {line[:40]!r}")
    name, position = match.group().upper(), match.end()
    params: dict[str, list[str]] = {}
    while position < len(line) and line[position] == ";":
        position += 1
        param = NAME.match(line, position)
        if not param or line[param.end() : param.end() + 1] != "=":
            raise StrictICSError(f"{name}: malformed parameter")
        key, position = param.group().upper(), param.end() + 1
        values: list[str] = []
        while True:
            found = QUOTED.match(line, position) or PARAM_TEXT.match(line, position)
            if found is None:  # never: PARAM_TEXT also matches the empty string
                raise StrictICSError(f"{name}: malformed parameter {key}")
            values.append(found.group().strip('"'))
            position = found.end()
            if line[position : position + 1] != ",":
                break
            position += 1
        if key in params:
            raise StrictICSError(f"{name}: parameter {key} twice")
        params[key] = values
    if line[position : position + 1] != ":":
        raise StrictICSError(f"{name}: no ':' before the value")
    value = line[position + 1 :]
    if CONTROL.search(value.replace("\t", "")):
        raise StrictICSError(f"{name}: control character in the value")
    return Property(name, params, value)


def unescape_text(value: str) -> str:
    """Decode a TEXT value; an unescaped ``;`` or ``,`` or a stray backslash is an error."""
    out = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            if following in ("n", "N"):
                out.append("\n")
            elif following in ("\\", ";", ","):
                out.append(following)
            else:
                raise StrictICSError(f"bad escape \\{following} in {value[:40]!r}")
        elif char in ";,":
            raise StrictICSError(f"unescaped {char!r} in a text value: {value[:40]!r}")
        else:
            out.append(char)
    return "".join(out)


def _check_component(component: Component, tzids: set[str], uids: set[str]) -> None:
    name = component.name
    if name == "VCALENDAR":
        component.one("PRODID")
        if component.one("VERSION").value != "2.0":
            raise StrictICSError("VERSION is not 2.0")
    elif name == "VTIMEZONE":
        tzids.add(component.one("TZID").value)
        if not component.children:
            raise StrictICSError("a VTIMEZONE without STANDARD or DAYLIGHT")
    elif name in ("STANDARD", "DAYLIGHT"):
        if not DATE_TIME.fullmatch(component.one("DTSTART").value):
            raise StrictICSError(f"{name}: bad DTSTART")
        for offset in ("TZOFFSETFROM", "TZOFFSETTO"):
            if not OFFSET.fullmatch(component.one(offset).value):
                raise StrictICSError(f"{name}: bad {offset}")
    elif name == "VEVENT":
        uid = component.one("UID").value
        if not uid or uid in uids:
            raise StrictICSError(f"UID {uid!r} empty or not unique")
        uids.add(uid)
        for stamp in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
            for prop in component.all(stamp):
                if not UTC_DATE_TIME.fullmatch(prop.value):
                    raise StrictICSError(f"{stamp} must be a UTC date-time: {prop.value}")
        component.one("DTSTAMP")
        component.one("DTSTART")
        if component.all("DTEND") and component.all("DURATION"):
            raise StrictICSError("both DTEND and DURATION")
        for prop in component.all("DTSTART") + component.all("DTEND"):
            if not DATE_TIME.fullmatch(prop.value):
                raise StrictICSError(f"{prop.name}: bad date-time {prop.value}")
        for once in ("SEQUENCE", "STATUS", "SUMMARY", "DESCRIPTION", "LOCATION", "URL"):
            if len(component.all(once)) > 1:
                raise StrictICSError(f"VEVENT: {once} more than once")
        for prop in component.all("SEQUENCE"):
            if not prop.value.isdigit():
                raise StrictICSError(f"SEQUENCE is not a non-negative integer: {prop.value}")
        for prop in component.all("STATUS"):
            if prop.value not in STATUSES:
                raise StrictICSError(f"STATUS {prop.value} is not one of a VEVENT's")
    for prop in component.properties:
        if prop.name in TEXT_PROPERTIES:
            unescape_text(prop.value)
    for child in component.children:
        _check_component(child, tzids, uids)


def _used_tzids(component: Component) -> set[str]:
    used = {tz for prop in component.properties for tz in prop.params.get("TZID", [])}
    for child in component.children:
        if child.name != "VTIMEZONE":
            used |= _used_tzids(child)
    return used


def parse(data: bytes) -> Component:
    """Parse and check one iCalendar stream; return its VCALENDAR."""
    stack: list[Component] = []
    calendar = None
    for line in unfold(data):
        prop = parse_line(line)
        if prop.name == "BEGIN":
            parent = stack[-1].name if stack else None
            if calendar is not None and not stack:
                raise StrictICSError("content after the end of the VCALENDAR")
            if prop.value not in CHILDREN.get(parent, set()):
                raise StrictICSError(f"{prop.value} is not allowed inside {parent}")
            component = Component(prop.value)
            if stack:
                stack[-1].children.append(component)
            else:
                calendar = component
            stack.append(component)
        elif prop.name == "END":
            if not stack or stack[-1].name != prop.value:
                open_name = stack[-1].name if stack else None
                raise StrictICSError(f"END:{prop.value} while {open_name} is open")
            stack.pop()
        else:
            if not stack:
                raise StrictICSError(f"{prop.name} outside any component")
            stack[-1].properties.append(prop)
    if stack or calendar is None:
        raise StrictICSError("the VCALENDAR is not closed")
    tzids: set[str] = set()
    _check_component(calendar, tzids, set())
    missing = _used_tzids(calendar) - tzids
    if missing:
        raise StrictICSError(f"TZIDs without a VTIMEZONE: {sorted(missing)}")
    return calendar
