"""The reciprocity engine: pairwise matrix, asymmetry flags, SVG picture and CSV export."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest

from collegium.events.reciprocity.engine import (
    InvitationFact,
    Org,
    reciprocity_csv,
    reciprocity_report,
    reciprocity_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
CSTO = Org("csto", "ОДКБ", "Организация Договора о коллективной безопасности")
CIS = Org("cis", "СНГ", "Содружество Независимых Государств")
SCO = Org("sco", "ШОС", "Шанхайская организация сотрудничества")
UNION = Org("union-state", "СГ", "Саюзная дзяржава (Пастаянны камітэт)")
PERIOD = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}


def fact(inviter, invitee, day, *, sent=True, attended=False):
    return InvitationFact(inviter, invitee, dt.date(2025, *day), sent, attended)


FACTS = [
    # CSTO and CIS invite each other; CIS heads attend CSTO summits, CSTO never attends CIS.
    fact(CSTO, CIS, (11, 27), attended=True),
    fact(CSTO, CIS, (5, 20), attended=True),
    fact(CIS, CSTO, (10, 10)),
    fact(CIS, CSTO, (6, 1)),
    # CSTO and SCO invite each other and both attend: reciprocal.
    fact(CSTO, SCO, (11, 27), attended=True),
    fact(SCO, CSTO, (9, 1), attended=True),
    # SCO invites CIS, CIS never invites SCO: one-way.
    fact(SCO, CIS, (9, 1), attended=True),
    # Not counted: a draft, an event outside the period, a self-invitation.
    fact(CIS, SCO, (10, 10), sent=False),
    InvitationFact(CIS, SCO, dt.date(2024, 10, 10), True, True),
    fact(CSTO, CSTO, (3, 3)),
]


@pytest.fixture
def report():
    return reciprocity_report(FACTS, organizations=[UNION], **PERIOD)


def test_matrix_counts_sent_and_attended_in_the_period(report):
    """Sent invitations in the period are counted per ordered pair; drafts and other years are not."""
    assert report.cell("csto", "cis") == (2, 2)
    assert report.cell("cis", "csto") == (2, 0)
    assert report.cell("csto", "sco") == (1, 1)
    assert report.cell("sco", "csto") == (1, 1)
    assert report.cell("sco", "cis") == (1, 1)
    assert report.cell("cis", "sco") == (0, 0)
    assert report.cell("csto", "csto") == (0, 0)
    assert report.cell("union-state", "csto") == (0, 0)


def test_organizations_include_those_without_invitations(report):
    """Every organization is a node, sorted by acronym, even one with no invitations."""
    assert [org.key for org in report.organizations] == ["csto", "union-state", "cis", "sco"]


def test_an_invitee_without_a_covered_event_had_no_occasion_to_invite_back():
    """The SCO held no summit in the period: the CSTO's and the CIS's invitations unreturned
    by it are not one-way, and say why; a draft of the SCO would have been an occasion."""
    facts = [fact(CSTO, SCO, (11, 27)), fact(CIS, SCO, (10, 10)), fact(CSTO, CIS, (11, 27))]
    flags = {
        (pair.inviter.key, pair.invitee.key): (pair.one_way, pair.no_opportunity)
        for pair in reciprocity_report(facts, **PERIOD).pairs
        if pair.sent
    }
    assert flags == {
        ("csto", "sco"): (False, True),
        ("cis", "sco"): (False, True),
        ("csto", "cis"): (True, False),
    }
    held = reciprocity_report([*facts, fact(SCO, CIS, (9, 1), sent=False)], **PERIOD)
    assert [pair.one_way for pair in held.pairs if pair.invitee.key == "sco"] == [True, True]


def test_asymmetries_are_flagged(report):
    """One-way invitations and one-sided attendance are flagged; reciprocal pairs are not."""
    flags = {
        (pair.inviter.key, pair.invitee.key): (pair.one_way, pair.attendance_asymmetric)
        for pair in report.pairs
    }
    assert flags == {
        ("csto", "cis"): (False, True),
        ("cis", "csto"): (False, True),
        ("csto", "sco"): (False, False),
        ("sco", "csto"): (False, False),
        ("sco", "cis"): (True, False),
        # The pair's other direction is listed with nothing sent and no flag of its own.
        ("cis", "sco"): (False, False),
    }


def test_attendance_gap_is_a_threshold():
    """A smaller attendance gap than the threshold is not an asymmetry."""
    facts = [
        fact(CSTO, CIS, (1, 1), attended=True),
        fact(CSTO, CIS, (2, 1), attended=True),
        fact(CIS, CSTO, (3, 1), attended=True),
        fact(CIS, CSTO, (4, 1), attended=True),
        fact(CIS, CSTO, (5, 1)),
    ]
    # Attended 2 of 2 against 2 of 3: a gap of a third.
    assert not any(pair.asymmetric for pair in reciprocity_report(facts, **PERIOD).pairs)
    strict = reciprocity_report(facts, attendance_gap=0.25, **PERIOD)
    assert all(pair.attendance_asymmetric for pair in strict.pairs)


def test_period_must_not_end_before_it_starts():
    """A reversed period is an error, not an empty report."""
    with pytest.raises(ValueError, match="ends before"):
        reciprocity_report([], start=dt.date(2025, 2, 1), end=dt.date(2025, 1, 1))


def parse_svg(report):
    return parse(reciprocity_svg(report))


def parse(text):
    # The engine's own output, parsed on purpose with the standard library.
    return ET.fromstring(text)  # noqa: S314


def test_svg_has_one_node_per_organization_and_one_edge_per_nonzero_pair(report):
    """The picture has a node per organization and a directed edge per ordered pair with invitations."""
    root = parse_svg(report)
    nodes = root.findall(f".//{SVG}g[@class='node']")
    assert sorted(node.get("data-key") for node in nodes) == ["cis", "csto", "sco", "union-state"]
    edges = root.findall(f".//{SVG}g[@data-from]")
    assert sorted((edge.get("data-from"), edge.get("data-to")) for edge in edges) == [
        ("cis", "csto"),
        ("csto", "cis"),
        ("csto", "sco"),
        ("sco", "cis"),
        ("sco", "csto"),
    ]
    for edge in edges:
        line = edge.find(f"{SVG}line")
        assert line.get("marker-end", "").startswith("url(#arrow-")


def test_svg_styles_asymmetric_edges_apart_and_explains_them(report):
    """Asymmetric edges get their own class and arrowhead, and the legend names both kinds."""
    root = parse_svg(report)
    kinds = {
        (edge.get("data-from"), edge.get("data-to")): edge.get("class")
        for edge in root.findall(f".//{SVG}g[@data-from]")
    }
    assert kinds[("sco", "cis")] == "edge edge-asymmetric"
    assert kinds[("csto", "cis")] == "edge edge-asymmetric"
    assert kinds[("csto", "sco")] == "edge edge-reciprocal"
    assert {marker.get("id") for marker in root.iter(f"{SVG}marker")} == {
        "arrow-reciprocal",
        "arrow-asymmetric",
    }
    legend = " ".join(root.find(f".//{SVG}g[@class='legend']").itertext())
    assert "Asymmetric: one-way, or attendance differs" in legend
    assert "Invitations in both directions" in legend


def test_svg_edge_width_grows_with_count(report):
    """More invitations draw a wider line."""
    root = parse_svg(report)
    widths = {
        (edge.get("data-from"), edge.get("data-to")): float(
            edge.find(f"{SVG}line").get("stroke-width")
        )
        for edge in root.findall(f".//{SVG}g[@data-from]")
    }
    assert widths[("csto", "cis")] > widths[("csto", "sco")]


def test_svg_is_accessible_self_contained_and_deterministic(report):
    """Every node and edge has a <title>; no external reference; the same input gives the same bytes."""
    text = reciprocity_svg(report)
    root = parse(text)
    assert root.find(f"{SVG}title").text.startswith("Who invites whom, 2025-01-01 to 2025-12-31")
    for group in root.findall(f".//{SVG}g[@class='node']") + root.findall(f".//{SVG}g[@data-from]"):
        assert group.find(f"{SVG}title").text
    names = {
        g.get("data-key"): g.find(f"{SVG}title").text
        for g in root.iter(f"{SVG}g")
        if g.get("data-key")
    }
    assert names["union-state"] == "Саюзная дзяржава (Пастаянны камітэт)"
    for forbidden in ("<script", "@import", "@font-face", "http://", "https://", "xlink:href"):
        assert forbidden not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    shuffled = reciprocity_report(list(reversed(FACTS)), organizations=[UNION], **PERIOD)
    assert reciprocity_svg(shuffled) == text


def test_svg_escapes_names():
    """Markup in a name is text, and the SVG stays well-formed."""
    rogue = Org("rogue", "<R&D>", 'A "quoted" <name>')
    root = parse_svg(reciprocity_report([fact(rogue, CIS, (1, 1))], **PERIOD))
    texts = [node.find(f"{SVG}text").text for node in root.iter(f"{SVG}g") if node.get("data-key")]
    assert "<R&D>" in texts


def test_svg_leaves_out_control_characters_no_xml_may_hold():
    """A record written before input refused them must not break the picture."""
    odd = Org("odd", "C\x0bIS", "Name\x01")
    root = parse_svg(reciprocity_report([fact(odd, CSTO, (1, 1))], **PERIOD))
    texts = [node.find(f"{SVG}text").text for node in root.iter(f"{SVG}g") if node.get("data-key")]
    assert "CIS" in texts


def test_empty_input_renders_a_clear_empty_state():
    """With no invitations the SVG says so and the CSV has its header only."""
    report = reciprocity_report([], organizations=[CSTO, CIS], **PERIOD)
    assert report.is_empty
    root = parse_svg(report)
    assert root.findall(f".//{SVG}g[@data-from]") == []
    empty = root.find(f".//{SVG}text[@class='empty']")
    assert empty.text == "No invitations were sent in this period."
    rows = list(csv.reader(io.StringIO(reciprocity_csv(report).decode("utf-8-sig"))))
    assert len(rows) == 1


def read_csv(report):
    content = reciprocity_csv(report)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_reads_back_to_the_same_numbers(report):
    """The CSV has a header and one row per ordered pair, with the report's numbers."""
    header, *rows = read_csv(report)
    assert header[:6] == [
        "Inviter",
        "Inviter name",
        "Invitee",
        "Invitee name",
        "Invitations sent",
        "Invitations attended",
    ]
    by_pair = {(row[0], row[2]): row for row in rows}
    assert len(by_pair) == len(rows) == len(report.pairs)
    for pair in report.pairs:
        row = by_pair[(pair.inviter.acronym, pair.invitee.acronym)]
        assert row[1] == pair.inviter.name
        assert [int(value) for value in row[4:]] == [
            pair.sent,
            pair.attended,
            pair.reverse_sent,
            pair.reverse_attended,
            int(pair.one_way),
            int(pair.attendance_asymmetric),
        ]
    assert by_pair[("ШОС", "СНГ")][4:] == ["1", "1", "0", "0", "1", "0"]


def test_csv_defuses_spreadsheet_formulas():
    """A name that starts like a formula is written as text."""
    rogue = Org("rogue", "=CMD", "=HYPERLINK(1)")
    header, row, _reverse = read_csv(reciprocity_report([fact(rogue, CIS, (1, 1))], **PERIOD))
    assert row[0] == "'=CMD"
    assert row[1] == "'=HYPERLINK(1)"
