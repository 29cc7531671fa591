"""Reciprocity of invitations between organizations: matrix, asymmetries, SVG picture, CSV.

A pure engine: a selector turns invitations into ``InvitationFact`` records
(organization keys and display names, the event's date, whether the invitation
was sent and whether the invitee attended); this module counts them for a
period and renders the results.  Nothing here queries the database.

Counting rules: only sent invitations count (a draft invites nobody); an
attended invitation counts as sent and attended.  For the ordered pair A -> B,
``sent`` is how many of A's invitations B received and ``attended`` how many of
them B attended.  Asymmetries, flagged on the ordered pair:

- one-way: A invited B in the period but B never invited A, though B held a
  covered event in the period (one with invitations, drafts included, among
  the facts): a pair whose invitee held none had no opportunity to
  reciprocate, and is not an asymmetry (``Pair.no_opportunity``: "no covered
  event of theirs in the period");
- attendance: both invited each other, but the shares of invitations attended
  differ by ``attendance_gap`` or more (B went to 3 of A's 3 events, A to 0 of
  B's 2).
"""

import base64
import csv
import datetime as dt
import hashlib
import io
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from collegium.core.text import xml_safe

DEFAULT_ATTENDANCE_GAP = 0.5


def _escape(text: str) -> str:
    # Names come from records: a control character in one must not break the picture.
    return escape(xml_safe(text))


def _quoteattr(text: str) -> str:
    return quoteattr(xml_safe(text))


@dataclass(frozen=True, order=True)
class Org:
    """An organization as the report shows it: stable key, acronym, full name."""

    key: str
    acronym: str
    name: str


@dataclass(frozen=True)
class InvitationFact:
    inviter: Org
    invitee: Org
    event_date: dt.date
    sent: bool
    attended: bool


@dataclass(frozen=True)
class Pair:
    """Counts for the ordered pair inviter -> invitee, with the reverse direction beside them."""

    inviter: Org
    invitee: Org
    sent: int
    attended: int
    reverse_sent: int
    reverse_attended: int
    one_way: bool
    attendance_asymmetric: bool
    # Not returned, but the invitee held no covered event in the period: not an asymmetry.
    no_opportunity: bool = False

    @property
    def asymmetric(self) -> bool:
        return self.one_way or self.attendance_asymmetric


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    organizations: tuple[Org, ...]
    pairs: tuple[Pair, ...]  # every ordered pair with invitations in at least one direction

    def cell(self, inviter: str, invitee: str) -> tuple[int, int]:
        """Return (sent, attended) for the ordered pair of keys; (0, 0) if they had none."""
        for pair in self.pairs:
            if (pair.inviter.key, pair.invitee.key) == (inviter, invitee):
                return pair.sent, pair.attended
        return 0, 0

    @property
    def edges(self) -> tuple[Pair, ...]:
        """Return the ordered pairs with at least one invitation sent."""
        return tuple(pair for pair in self.pairs if pair.sent)

    @property
    def is_empty(self) -> bool:
        return not self.edges


def _rate(attended: int, sent: int) -> float:
    return attended / sent if sent else 0.0


def reciprocity_report(
    facts: Iterable[InvitationFact],
    *,
    start: dt.date,
    end: dt.date,
    organizations: Iterable[Org] = (),
    attendance_gap: float = DEFAULT_ATTENDANCE_GAP,
) -> Report:
    """Count the invitations of events from ``start`` to ``end`` (both included).

    ``organizations`` adds nodes that had no invitation in the period, so the
    picture shows them too.  Organizations are ordered by acronym, then key.
    An organization that invited someone in the period (a draft fact too)
    held a covered event; an unreturned invitation to any other is not one-way.
    """
    if end < start:
        raise ValueError("The period ends before it starts.")
    sent: Counter[tuple[str, str]] = Counter()
    attended: Counter[tuple[str, str]] = Counter()
    orgs = {org.key: org for org in organizations}
    hosts: set[str] = set()
    for fact in facts:
        if not (start <= fact.event_date <= end) or fact.inviter.key == fact.invitee.key:
            continue
        hosts.add(fact.inviter.key)
        if not (fact.sent or fact.attended):
            continue
        orgs.setdefault(fact.inviter.key, fact.inviter)
        orgs.setdefault(fact.invitee.key, fact.invitee)
        key = (fact.inviter.key, fact.invitee.key)
        sent[key] += 1
        attended[key] += fact.attended

    ordered = tuple(sorted(orgs.values(), key=lambda org: (org.acronym, org.key)))
    pairs = []
    for a in ordered:
        for b in ordered:
            forward, backward = (a.key, b.key), (b.key, a.key)
            if a.key == b.key or not (sent[forward] or sent[backward]):
                continue
            gap = abs(
                _rate(attended[forward], sent[forward]) - _rate(attended[backward], sent[backward])
            )
            unreturned = bool(sent[forward]) and not sent[backward]
            could_return = b.key in hosts
            pairs.append(
                Pair(
                    inviter=a,
                    invitee=b,
                    sent=sent[forward],
                    attended=attended[forward],
                    reverse_sent=sent[backward],
                    reverse_attended=attended[backward],
                    one_way=unreturned and could_return,
                    attendance_asymmetric=bool(sent[forward] and sent[backward])
                    and gap >= attendance_gap,
                    no_opportunity=unreturned and not could_return,
                )
            )
    return Report(start=start, end=end, organizations=ordered, pairs=tuple(pairs))


# --- CSV --------------------------------------------------------------------------------------


def _cell(value: str) -> str:
    # A name starting with = + - @ would be run as a formula by a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def reciprocity_csv(report: Report) -> bytes:
    """Return one row per ordered pair, UTF-8 with a BOM so Excel reads the Cyrillic names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            _("Inviter"),
            _("Inviter name"),
            _("Invitee"),
            _("Invitee name"),
            _("Invitations sent"),
            _("Invitations attended"),
            _("Sent in return"),
            _("Attended in return"),
            _("One-way"),
            _("Attendance asymmetric"),
        ]
    )
    for pair in report.pairs:
        writer.writerow(
            [
                _cell(pair.inviter.acronym),
                _cell(pair.inviter.name),
                _cell(pair.invitee.acronym),
                _cell(pair.invitee.name),
                pair.sent,
                pair.attended,
                pair.reverse_sent,
                pair.reverse_attended,
                int(pair.one_way),
                int(pair.attendance_asymmetric),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


# --- SVG --------------------------------------------------------------------------------------

WIDTH = 720
GRAPH_HEIGHT = 560
LEGEND_HEIGHT = 110
EMPTY_HEIGHT = 120
NODE_RADIUS = 22
RING_RADIUS = 200
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"  # installed fonts only, nothing to download
RECIPROCAL_COLOR = "#35506b"
ASYMMETRIC_COLOR = "#c2410c"


def _n(value: float) -> str:
    """Format a coordinate with one decimal, so the output is the same on every machine."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


ARROW = 11.0  # arrowhead length, drawn beyond the line's end


def _edge_width(count: int, most: int) -> float:
    return 1.25 + 3.75 * (count - 1) / max(most - 1, 1)


def _positions(report: Report) -> dict[str, tuple[float, float]]:
    """Place the organizations on a circle, the first at the top, clockwise."""
    cx, cy = WIDTH / 2, GRAPH_HEIGHT / 2
    count = len(report.organizations)
    positions: dict[str, tuple[float, float]] = {}
    for index, org in enumerate(report.organizations):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        positions[org.key] = (
            cx + RING_RADIUS * math.cos(angle),
            cy + RING_RADIUS * math.sin(angle),
        )
    return positions


def _edge(pair: Pair, positions: dict[str, tuple[float, float]], most: int) -> str:
    (x1, y1), (x2, y2) = positions[pair.inviter.key], positions[pair.invitee.key]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    width = _edge_width(pair.sent, most)
    # Both directions of a pair run side by side: shift each to its own right.
    shift = 2.5 + width / 2 if pair.reverse_sent else 0.0
    px, py = -uy * shift, ux * shift
    gap = NODE_RADIUS + 3
    start = (x1 + ux * gap + px, y1 + uy * gap + py)
    # The line stops where the arrowhead starts, so a wide line does not bury its tip.
    end = (x2 - ux * (gap + ARROW) + px, y2 - uy * (gap + ARROW) + py)
    kind = "asymmetric" if pair.asymmetric else "reciprocal"
    tooltip = _(
        "%(inviter)s → %(invitee)s: %(sent)s sent, %(attended)s attended; "
        "in return %(reverse_sent)s sent, %(reverse_attended)s attended"
    ) % {
        "inviter": pair.inviter.acronym,
        "invitee": pair.invitee.acronym,
        "sent": pair.sent,
        "attended": pair.attended,
        "reverse_sent": pair.reverse_sent,
        "reverse_attended": pair.reverse_attended,
    }
    if pair.one_way:
        tooltip += " — " + _("one-way")
    elif pair.no_opportunity:
        tooltip += " — " + _("no covered event of theirs in the period")
    elif pair.attendance_asymmetric:
        tooltip += " — " + _("attendance asymmetric")
    return (
        f'<g class="edge edge-{kind}" data-from={_quoteattr(pair.inviter.key)} '
        f'data-to={_quoteattr(pair.invitee.key)} data-sent="{pair.sent}">'
        f"<title>{_escape(tooltip)}</title>"
        f'<line x1="{_n(start[0])}" y1="{_n(start[1])}" x2="{_n(end[0])}" y2="{_n(end[1])}" '
        f'stroke-width="{_n(width)}" marker-end="url(#arrow-{kind})"/>'
        "</g>"
    )


def _node(org: Org, position: tuple[float, float]) -> str:
    x, y = position
    cx, cy = WIDTH / 2, GRAPH_HEIGHT / 2
    # The acronym sits outside the ring, on the line from the centre through the node.
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy) or 1.0
    lx = x + dx / distance * (NODE_RADIUS + 10)
    ly = y + dy / distance * (NODE_RADIUS + 10)
    anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
    baseline = ly + (4 if abs(dy) < distance * 0.7 else (12 if dy > 0 else -2))
    return (
        f'<g class="node" data-key={_quoteattr(org.key)}>'
        f"<title>{_escape(org.name)}</title>"
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{NODE_RADIUS}"/>'
        f'<text x="{_n(lx)}" y="{_n(baseline)}" text-anchor="{anchor}">'
        f"{_escape(org.acronym)}</text>"
        "</g>"
    )


def _legend(y: float, most: int) -> str:
    def swatch(row: int, kind: str, label: str, width: float = 2.5) -> str:
        line_y = y + 22 + row * 24
        return (
            f'<line class="edge-{kind}" x1="24" y1="{_n(line_y)}" x2="{_n(84 - ARROW)}" '
            f'y2="{_n(line_y)}" '
            f'stroke-width="{_n(width)}" marker-end="url(#arrow-{kind})"/>'
            f'<text x="98" y="{_n(line_y + 4)}">{_escape(label)}</text>'
        )

    return (
        '<g class="legend">'
        f'<line x1="16" y1="{_n(y)}" x2="{WIDTH - 16}" y2="{_n(y)}" stroke="#ccc"/>'
        + swatch(0, "reciprocal", _("Invitations in both directions"))
        + swatch(1, "asymmetric", _("Asymmetric: one-way, or attendance differs"))
        + f'<text x="24" y="{_n(y + 22 + 2 * 24 + 4)}">'
        + _escape(
            _("Arrow: from inviter to invitee. Line width: invitations sent (up to %(most)s).")
            % {"most": most}
        )
        + "</text></g>"
    )


# The class of the root element; every rule is scoped under it, so the picture
# placed inline in a page styles nothing else there.
ROOT_CLASS = "reciprocity-network"
_RULES = (
    f"text{{font-family:{FONT};font-size:13px;fill:#1f2933}}",
    ".node circle{fill:#eef3f8;stroke:#35506b;stroke-width:1.5}",
    ".node text{font-weight:bold}",
    f".edge-reciprocal line,line.edge-reciprocal{{stroke:{RECIPROCAL_COLOR};stroke-opacity:.85}}",
    f".edge-asymmetric line,line.edge-asymmetric{{stroke:{ASYMMETRIC_COLOR};"
    "stroke-dasharray:8 5;stroke-opacity:.9}",
    ".legend text{font-size:12px}",
    ".empty{font-size:15px;fill:#52606d}",
)


def _scoped(rule: str) -> str:
    selectors, _brace, body = rule.partition("{")
    return ",".join(f".{ROOT_CLASS} {s}" for s in selectors.split(",")) + "{" + body


STYLE = "".join(_scoped(rule) for rule in _RULES)
# The CSP source that allows the picture's <style> element, inline in a page or served alone.
STYLE_CSP_HASH = (
    "'sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode() + "'"
)


def reciprocity_svg(report: Report) -> str:
    """Return the network of who invites whom as a standalone, deterministic SVG document."""
    # An empty period gets a short picture with a sentence instead of a blank square.
    height = EMPTY_HEIGHT if report.is_empty else GRAPH_HEIGHT + LEGEND_HEIGHT
    title = _("Who invites whom, %(start)s to %(end)s") % {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" class="{ROOT_CLASS}" role="img" '
        'aria-labelledby="reciprocity-title">',
        f'<title id="reciprocity-title">{_escape(title)}</title>',
        f"<style>{STYLE}</style>",
        "<defs>",
    ]
    for kind, color in (("reciprocal", RECIPROCAL_COLOR), ("asymmetric", ASYMMETRIC_COLOR)):
        parts.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="0" refY="5" '
            f'markerUnits="userSpaceOnUse" markerWidth="{ARROW:.0f}" markerHeight="{ARROW:.0f}" '
            'orient="auto">'
            f'<path d="M0,1 L10,5 L0,9 z" fill="{color}"/></marker>'
        )
    parts.append("</defs>")
    parts.append(f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>')

    if report.is_empty:
        parts.append(
            f'<text class="empty" x="{WIDTH / 2:.0f}" y="{EMPTY_HEIGHT / 2 + 5:.0f}" '
            'text-anchor="middle">'
            + _escape(_("No invitations were sent in this period."))
            + "</text>"
        )
        parts.append("</svg>")
        return "\n".join(parts) + "\n"

    positions = _positions(report)
    most = max(pair.sent for pair in report.edges)
    parts.append('<g class="edges">')
    parts += [_edge(pair, positions, most) for pair in report.edges]
    parts.append("</g>")
    parts.append('<g class="nodes">')
    parts += [_node(org, positions[org.key]) for org in report.organizations]
    parts.append("</g>")
    parts.append(_legend(GRAPH_HEIGHT, most))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
