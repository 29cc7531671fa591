"""The documents of agenda items and the interim report that opens a joint collegium's agenda:
services, the page, the API, and query counts that do not grow."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord, Visibility
from collegium.meetings import services
from collegium.meetings.models import AgendaDocument
from collegium.meetings.tests.test_page import ANONYMOUS_QUERIES, MANAGER_QUERIES

API = "/api/v1/meetings"


def _add(meeting, title, users):
    return services.agenda_item_add(
        actor=users["site-admin"], meeting=meeting, data={"title_ru": title}
    )


def _attached(item):
    return list(AgendaDocument.objects.filter(item=item).values_list("document__slug", "order"))


@pytest.fixture
def item(meeting, users):
    return _add(meeting, "Подписание документов", users)


@pytest.fixture
def docs(make_document, meeting, ministries):
    """Documents by name: the meeting's own, the organizers' ministries', another party's,
    another party's internal one."""
    third = [(ministries["third"], "drafting")]
    return {
        "own": make_document("own-resolution", meeting=meeting),
        "plan": make_document("plan-2026", kind="plan", meeting=meeting),
        "programme": make_document("programme", kind="programme", meeting=None),
        "foreign": make_document("foreign", parties=third),
        "hidden": make_document("hidden", parties=third, visibility=Visibility.INTERNAL),
    }


# --- Services ------------------------------------------------------------------------


def test_managers_of_an_organizer_attach_and_detach_in_order(users, item, docs):
    """The meeting's own and an organizer's documents attach in order; detaching closes the gap;
    each step is audited."""
    before = AuditRecord.objects.count()
    for name in ("own", "programme", "plan"):
        services.agenda_document_attach(actor=users["by-manager"], item=item, document=docs[name])
    assert _attached(item) == [("own-resolution", 1), ("programme", 2), ("plan-2026", 3)]
    attachment = AgendaDocument.objects.get(item=item, document=docs["programme"])
    services.agenda_document_detach(actor=users["ru-manager"], attachment=attachment)
    assert _attached(item) == [("own-resolution", 1), ("plan-2026", 2)]
    actions = AuditRecord.objects.order_by("pk").values_list("action", flat=True)[before:]
    assert list(actions) == ["agendadocument.create"] * 3 + ["agendadocument.delete"]


@pytest.mark.parametrize("who", ["third-manager", "ru-viewer", "ru-editor"])
def test_others_and_viewers_cannot_attach_or_detach(users, item, docs, who):
    """Another organization's manager, a viewer and an editor are refused, naming the rule."""
    with pytest.raises(PermissionDenied, match="organizers"):
        services.agenda_document_attach(actor=users[who], item=item, document=docs["own"])
    attachment = services.agenda_document_attach(
        actor=users["site-admin"], item=item, document=docs["own"]
    )
    with pytest.raises(PermissionDenied, match="organizers"):
        services.agenda_document_detach(actor=users[who], attachment=attachment)
    assert _attached(item) == [("own-resolution", 1)]


@pytest.mark.parametrize("name", ["foreign", "hidden"])
def test_a_document_not_of_the_meeting_nor_its_organizers_is_refused(users, item, docs, name):
    """A document of another party only, or one hidden from the actor, is refused on "document"."""
    with pytest.raises(ValidationError) as caught:
        services.agenda_document_attach(actor=users["ru-manager"], item=item, document=docs[name])
    assert "party among its organizers" in caught.value.message_dict["document"][0]
    assert not AgendaDocument.objects.exists()


def test_a_document_is_attached_once(users, item, docs):
    """Attaching the same document again is refused on "document"."""
    services.agenda_document_attach(actor=users["ru-manager"], item=item, document=docs["own"])
    with pytest.raises(ValidationError) as caught:
        services.agenda_document_attach(actor=users["ru-manager"], item=item, document=docs["own"])
    assert "already attached" in caught.value.message_dict["document"][0]


# --- The page -----------------------------------------------------------------------


def _page(client, meeting):
    response = client.get(reverse("events:event-detail", args=[meeting.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _agenda(html):
    return html[html.index('id="agenda"') : html.index("</section>", html.index('id="agenda"'))]


ATTACH = 'action="/meetings/joint-2025/agenda/{}/documents/"'
DETACH = 'action="/meetings/joint-2025/agenda/{}/documents/own-resolution/detach/"'

# fmt: off
FORMS = [
    # user            attach and detach offered
    (None,            False),
    ("ru-viewer",     False),
    ("ru-editor",     False),
    ("ru-manager",    True),
    ("by-manager",    True),
    ("body-manager",  True),
    ("third-manager", False),
    ("site-admin",    True),
]
# fmt: on


@pytest.mark.parametrize(("who", "offered"), FORMS)
def test_the_page_lists_documents_and_offers_forms_exactly_when_allowed(
    client, users, item, docs, who, offered
):
    """Each item lists its documents (title, kind, status, link); attach and detach show exactly
    when the policy allows, the select offering only the documents the item may carry."""
    services.agenda_document_attach(actor=users["site-admin"], item=item, document=docs["own"])
    if who:
        client.force_login(users[who])
    html = _agenda(_page(client, item.meeting))
    assert 'href="/documents/own-resolution/"' in html
    assert "Документ own-resolution" in html
    assert "Постановление" in html  # its kind
    assert "Проект" in html  # its status
    assert (ATTACH.format(item.pk) in html) is offered
    assert (DETACH.format(item.pk) in html) is offered
    options = set(re.findall(r'<option value="([^"]+)"', html))
    assert options == ({"plan-2026", "programme"} if offered else set())


def test_the_page_shows_only_the_documents_the_reader_sees(client, users, item, docs, ministries):
    """A document the reader may not see is not listed under the item."""
    from collegium.decisions import services as decisions

    services.agenda_document_attach(actor=users["site-admin"], item=item, document=docs["own"])
    decisions.document_update(
        actor=users["ru-manager"], document=docs["own"], data={"visibility": Visibility.INTERNAL}
    )
    assert "own-resolution" not in _agenda(_page(client, item.meeting))
    client.force_login(users["ru-viewer"])
    assert "own-resolution" in _agenda(_page(client, item.meeting))


def test_attach_and_detach_from_the_page(client, users, item, docs):
    """The page's forms attach and detach; a document not offered is refused naming the field."""
    client.force_login(users["ru-manager"])
    url = reverse("meetings:agenda-document-attach", args=[item.meeting.slug, item.pk])
    response = client.post(url, {"document": "plan-2026"}, follow=True)
    assert "The document is attached" in response.content.decode() or _attached(item)
    assert _attached(item) == [("plan-2026", 1)]
    response = client.post(url, {"document": "foreign"}, follow=True)
    assert "Документ: выберите один из предложенных документов" in response.content.decode()
    assert _attached(item) == [("plan-2026", 1)]
    detach = reverse(
        "meetings:agenda-document-detach", args=[item.meeting.slug, item.pk, "plan-2026"]
    )
    assert client.post(detach).status_code == 302
    assert _attached(item) == []


def test_a_viewer_posting_to_attach_is_refused(client, users, item, docs):
    """The refused move writes nothing."""
    client.force_login(users["ru-viewer"])
    url = reverse("meetings:agenda-document-attach", args=[item.meeting.slug, item.pk])
    assert client.post(url, {"document": "plan-2026"}).status_code == 403
    assert _attached(item) == []


# --- The interim report as item 1 -------------------------------------------------------


@pytest.fixture
def reported(make_meeting, make_document, meeting, users):
    """The meeting, with a previous joint meeting whose signed resolution the report covers."""
    previous = make_meeting(
        slug="joint-2024",
        start=dt.datetime(2024, 11, 22, 10, tzinfo=dt.UTC),
        end=dt.datetime(2024, 11, 22, 12, tzinfo=dt.UTC),
    )
    make_document("resolution-2024", meeting=previous, signed=True, title_en="Resolution 2024")
    return meeting


def test_the_interim_report_opens_the_agenda(client, users, reported):
    """Item 1 is the report, titled by the documents it covers, linking its page, DOCX and PDF;
    the stored items follow from 2, and the report has no edit buttons of its own."""
    _add(reported, "Второй пункт", users)
    _add(reported, "Третий пункт", users)
    client.force_login(users["ru-manager"])
    html = _agenda(_page(client, reported))
    report = html[
        html.index('id="agenda-report"') : html.index("</tr>", html.index("agenda-report"))
    ]
    assert "Промежуточные итоги выполнения решений: Документ resolution-2024" in report
    for path in ("", "docx/", "pdf/"):
        assert f'href="/tasks/interim/joint-2025/{path}"' in report
    assert "/agenda/" not in report  # neither moved, changed nor removed as an item
    numbers = re.findall(r'<span class="agenda__label">№ </span>(\d+)', html)
    assert numbers == ["1", "2", "3"]
    assert html.index("agenda-report") < html.index("Второй пункт") < html.index("Третий пункт")
    assert "meeting-interim-title" not in _page(client, reported)  # no separate panel


def test_a_programme_in_force_alone_is_reported(client, users, meeting, make_document):
    """A signed programme dated before the meeting is enough for the report."""
    make_document("programme", kind="programme", signed=True, dated=dt.date(2023, 12, 1))
    assert 'id="agenda-report"' in _page(client, meeting)


def test_no_report_without_documents_or_for_another_kind(
    client, users, meeting, make_meeting, make_document
):
    """Without a resolution or programme to report on, or for another kind of meeting, the
    agenda starts with its first stored item."""
    _add(meeting, "Первый пункт", users)
    html = _agenda(_page(client, meeting))
    assert 'id="agenda-report"' not in html
    assert re.findall(r'<span class="agenda__label">№ </span>(\d+)', html) == ["1"]
    make_document("programme", kind="programme", signed=True, dated=dt.date(2023, 12, 1))
    summit = make_meeting(slug="summit", kind="summit")
    assert 'id="agenda-report"' not in _page(client, summit)


def test_the_report_item_is_in_the_readers_language(client, reported):
    client.cookies["django_language"] = "be"
    html = _page(client, reported)
    assert "Прамежкавыя вынікі выканання рашэнняў: Документ resolution-2024" in html


# Query counts: against the meeting page's pins (test_page.py, no previous meeting there)
# the report reads here one more, the previous meeting's resolution; the items' documents
# are one query however many, and no presenter's tenures are read (no presenter here).
@pytest.mark.parametrize(
    ("who", "queries"),
    [(None, ANONYMOUS_QUERIES + 1 - 1), ("ru-manager", MANAGER_QUERIES + 1 - 1)],
)
def test_the_page_query_count_with_documents_and_report_is_flat(
    client, users, reported, docs, django_assert_num_queries, who, queries
):
    """However many items and documents, the page reads the same number of queries."""
    from django.core.cache import cache

    if who:
        client.force_login(users[who])
    url = reverse("events:event-detail", args=[reported.slug])
    for grown in (1, 5):
        for number in range(grown):
            item = _add(reported, f"Пункт {grown}-{number}", users)
            for name in ("own", "plan"):
                services.agenda_document_attach(
                    actor=users["site-admin"], item=item, document=docs[name]
                )
        cache.clear()
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


# --- The API --------------------------------------------------------------------------


def _send(client, method, path, body=None):
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_the_api_attaches_lists_and_detaches(client, users, item, docs):
    """POST attaches and answers the item with its documents; the agenda lists them; DELETE detaches."""
    client.force_login(users["ru-manager"])
    created = _send(client, "post", f"{API}/agenda/{item.pk}/documents", {"document": "plan-2026"})
    assert created.status_code == 201, created.content
    assert [d["slug"] for d in created.json()["documents"]] == ["plan-2026"]
    assert created.json()["documents"][0]["kind"] == "plan"
    listed = client.get(f"{API}/{item.meeting.slug}/agenda").json()
    assert listed[0]["documents"][0]["status"] == "draft"
    assert client.delete(f"{API}/agenda/{item.pk}/documents/plan-2026").status_code == 204
    assert _attached(item) == []
    assert client.delete(f"{API}/agenda/{item.pk}/documents/plan-2026").status_code == 404


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("no-such-document", "Unknown"),
        ("hidden", "Unknown"),
        ("foreign", "party among its organizers"),
    ],
)
def test_a_bad_document_is_a_422_naming_the_field(client, users, item, docs, slug, message):
    client.force_login(users["ru-manager"])
    client.cookies["django_language"] = "en"
    response = _send(client, "post", f"{API}/agenda/{item.pk}/documents", {"document": slug})
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert {error["loc"][-1] for error in detail} == {"document"}
    assert message in detail[0]["msg"]
    assert _attached(item) == []


@pytest.mark.parametrize(("who", "status"), [("third-manager", 403), ("ru-viewer", 403)])
def test_the_api_refuses_others_and_viewers(client, users, item, docs, who, status):
    client.force_login(users[who])
    response = _send(
        client, "post", f"{API}/agenda/{item.pk}/documents", {"document": "own-resolution"}
    )
    assert response.status_code == status
    assert _attached(item) == []


def test_the_meeting_gives_its_report(client, users, reported):
    """The meeting's ``report`` is the agenda's item 1, titled in three languages, with its paths."""
    body = client.get(f"{API}/{reported.slug}").json()
    report = body["report"]
    assert report["title_ru"] == "Промежуточные итоги выполнения решений: Документ resolution-2024"
    assert report["title_en"] == (
        "Interim results of implementation of the decisions: Resolution 2024"
    )
    assert report["title_be"].startswith("Прамежкавыя вынікі выканання рашэнняў")
    assert report["documents"] == ["resolution-2024"]
    assert report["page"] == "/tasks/interim/joint-2025/"
    assert client.get(report["api"]).status_code == 200


def test_no_report_in_the_api_without_documents(client, meeting):
    assert client.get(f"{API}/{meeting.slug}").json()["report"] is None


def test_the_api_agenda_query_count_is_flat(
    client, users, reported, docs, django_assert_num_queries
):
    """The agenda list reads the same number of queries however many items and documents;
    the meeting six more: its two neighbours, the delegations, and the report's previous
    meeting, resolution and programmes."""
    for grown in (1, 5):
        for number in range(grown):
            item = _add(reported, f"Пункт {grown}-{number}", users)
            for name in ("own", "plan"):
                services.agenda_document_attach(
                    actor=users["site-admin"], item=item, document=docs[name]
                )
        with django_assert_num_queries(4):  # the meeting, its organizers, items, documents
            assert client.get(f"{API}/{reported.slug}/agenda").status_code == 200
        with django_assert_num_queries(10):
            assert client.get(f"{API}/{reported.slug}").status_code == 200
