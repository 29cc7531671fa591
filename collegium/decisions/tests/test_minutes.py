"""Minutes: draft → circulated (the parties comment, threaded per part) → approved by each party.

Approved minutes are final: never edited, signed or commented again.  An edit
while circulated is a new revision and resets the approvals collected so far.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from collegium.accounts.models import Role
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.decisions import services
from collegium.decisions.models import DocumentStatus, ParagraphComment
from collegium.decisions.tests.conftest import add

API = "/api/v1/decisions"


def _client(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def minutes(make_document, ru_manager):
    document = make_document(slug="minutes-2025", kind="minutes", title_ru="Протокол")
    add(ru_manager, document, "paragraph", text_ru="Заслушали доклад.", text_en="Heard a report.")
    add(ru_manager, document, "paragraph", text_ru="Решили одобрить.", text_en="Decided.")
    document.refresh_from_db()
    return document


@pytest.fixture
def circulated(minutes, ru_manager):
    services.document_circulate(actor=ru_manager, document=minutes)
    return minutes


@pytest.fixture
def by_editor(make_user, mfa_by):
    return make_user(mfa_by, Role.EDITOR, username="by-editor")


@pytest.fixture
def ru_viewer(make_user, mfa_ru):
    return make_user(mfa_ru, Role.VIEWER, username="ru-viewer")


def _code(excinfo) -> str:
    return excinfo.value.code


def test_minutes_are_circulated_commented_and_approved_by_both(
    minutes, ru_manager, by_manager, ru_editor, mfa_ru, mfa_by
):
    """The whole lifecycle: circulate, comment, reply, edit (approvals reset), approve, final."""
    with pytest.raises(TransitionError) as excinfo:
        services.document_agree(actor=ru_manager, document=minutes, party=mfa_ru)
    assert _code(excinfo) == "document_minutes_not_circulated"
    with pytest.raises(TransitionError) as excinfo:
        services.comment_add(
            actor=ru_editor, document=minutes, party=mfa_ru, eid="para_1", text="Рано"
        )
    assert _code(excinfo) == "document_comment_not_circulated"

    services.document_circulate(actor=ru_manager, document=minutes)
    assert minutes.status == DocumentStatus.CIRCULATED
    first = services.comment_add(
        actor=ru_editor, document=minutes, party=mfa_ru, eid="para_1", text="Уточнить доклад."
    )
    assert (first.revision_number, first.eid) == (minutes.revision_number, "para_1")
    reply = services.comment_add(
        actor=by_manager, document=minutes, party=mfa_by, eid="", text="Согласны.", parent=first
    )
    assert (reply.eid, reply.parent_id) == ("para_1", first.pk)
    with pytest.raises(ValidationError) as excinfo_v:
        services.comment_add(
            actor=by_manager,
            document=minutes,
            party=mfa_by,
            eid="para_2",
            text="Не туда.",
            parent=first,
        )
    assert "eid" in excinfo_v.value.message_dict

    services.document_agree(actor=ru_manager, document=minutes, party=mfa_ru)
    assert minutes.status == DocumentStatus.CIRCULATED
    node = minutes.nodes.get(eid="para_1")
    revision = minutes.revision_number
    services.node_update(
        actor=ru_manager, document=minutes, node=node, data={"text_ru": "Заслушали доклады."}
    )
    minutes.refresh_from_db()
    assert minutes.revision_number == revision + 1
    assert minutes.status == DocumentStatus.CIRCULATED
    assert not any(link.has_agreed for link in minutes.party_links.all())

    services.document_agree(actor=ru_manager, document=minutes, party=mfa_ru)
    services.document_agree(actor=by_manager, document=minutes, party=mfa_by)
    minutes.refresh_from_db()
    assert minutes.status == DocumentStatus.APPROVED
    assert minutes.agreed_on is not None

    refusals = [
        lambda: services.node_update(
            actor=ru_manager, document=minutes, node=node, data={"text_ru": "Иначе."}
        ),
        lambda: services.document_update(
            actor=ru_manager, document=minutes, data={"title_en": "Changed"}
        ),
        lambda: services.comment_add(
            actor=ru_editor, document=minutes, party=mfa_ru, eid="para_1", text="Поздно."
        ),
        lambda: services.document_withdraw_agreement(
            actor=ru_manager, document=minutes, party=mfa_ru
        ),
        lambda: services.document_mark_signed(actor=ru_manager, document=minutes),
        lambda: services.document_circulate(actor=ru_manager, document=minutes),
    ]
    for refused in refusals:
        with pytest.raises(TransitionError) as excinfo:
            refused()
        assert _code(excinfo) == "document_minutes_approved_is_final", excinfo.value
    assert ParagraphComment.objects.filter(document=minutes).count() == 2


def test_only_minutes_are_circulated_and_other_kinds_keep_their_workflow(
    document, ru_manager, by_manager, mfa_ru, mfa_by
):
    """A resolution is agreed as a draft and never circulated."""
    add(ru_manager, document, "paragraph", text_ru="Пункт")
    with pytest.raises(TransitionError) as excinfo:
        services.document_circulate(actor=ru_manager, document=document)
    assert _code(excinfo) == "document_circulate_not_minutes"
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    services.document_agree(actor=by_manager, document=document, party=mfa_by)
    assert document.status == DocumentStatus.AGREED


def test_no_organization_comments_or_approves_in_anothers_name(
    circulated, ru_manager, by_manager, ru_viewer, mfa_ru, mfa_by, make_org, make_user
):
    """Belarus's manager comments for Belarus only; a viewer comments for nobody; a third
    organization's manager neither comments nor approves for a party."""
    with pytest.raises(PermissionDenied, match="Only an editor or a manager for"):
        services.comment_add(
            actor=by_manager, document=circulated, party=mfa_ru, eid="para_1", text="За Россию"
        )
    with pytest.raises(PermissionDenied):
        services.comment_add(
            actor=ru_viewer, document=circulated, party=mfa_ru, eid="para_1", text="Читатель"
        )
    third = make_org("third")
    outsider = make_user(third, Role.MANAGER, username="outsider")
    with pytest.raises(PermissionDenied, match="is not a party to these minutes"):
        services.comment_add(
            actor=outsider, document=circulated, party=third, eid="para_1", text="Чужой"
        )
    with pytest.raises(PermissionDenied):
        services.document_agree(actor=outsider, document=circulated, party=mfa_by)
    with pytest.raises(PermissionDenied):
        services.document_circulate(actor=outsider, document=circulated)
    assert not ParagraphComment.objects.exists()


def test_comments_survive_the_removal_of_their_part(circulated, ru_manager, ru_editor, mfa_ru):
    """A comment keeps the identifier of a part removed since, and the page still shows it."""
    services.comment_add(
        actor=ru_editor, document=circulated, party=mfa_ru, eid="para_2", text="Снять пункт."
    )
    services.node_remove(
        actor=ru_manager, document=circulated, node=circulated.nodes.get(eid="para_2")
    )
    assert ParagraphComment.objects.get().eid == "para_2"
    page = _client(ru_editor).get(f"/documents/{circulated.slug}/")
    assert page.context["orphan_threads"][0][0] == "para_2"
    assert "Снять пункт." in page.content.decode()


# --- API ---------------------------------------------------------------------------


def test_circulate_comment_reply_and_approve_through_the_api(
    minutes, ru_manager, by_manager, ru_editor
):
    ru, by = _client(ru_manager), _client(by_manager)
    response = _post(ru, f"{API}/documents/{minutes.slug}/circulate", {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "circulated"
    response = _post(
        _client(ru_editor),
        f"{API}/documents/{minutes.slug}/comments",
        {"party": "mfa-ru", "eid": "para_1", "text": "Уточнить."},
    )
    assert response.status_code == 201, response.content
    first = response.json()
    assert (first["party"], first["author"], first["reply_to"]) == ("mfa-ru", "ru-editor", None)
    response = _post(
        by,
        f"{API}/documents/{minutes.slug}/comments",
        {"party": "mfa-by", "reply_to": first["id"], "text": "Согласны."},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["eid"], response.json()["reply_to"]) == ("para_1", first["id"])
    listed = _client().get(f"{API}/documents/{minutes.slug}/comments").json()
    assert [item["text"] for item in listed] == ["Уточнить.", "Согласны."]
    assert (
        _post(ru, f"{API}/documents/{minutes.slug}/agree", {"party": "mfa-ru"}).status_code == 200
    )
    response = _post(by, f"{API}/documents/{minutes.slug}/agree", {"party": "mfa-by"})
    assert response.json()["status"] == "approved"
    response = ru.patch(
        f"{API}/documents/{minutes.slug}/nodes/para_1",
        json.dumps({"text_ru": "Иначе."}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "document_minutes_approved_is_final"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"party": "mfa-ru", "eid": "para_1", "text": ""}, "text"),
        ({"party": "mfa-ru", "eid": "para_1", "text": "x" * 4001}, "text"),
        ({"party": "mfa-ru", "eid": "para_1", "text": "   "}, "text"),
        ({"party": "mfa-ru", "eid": "para_99", "text": "Нет пункта"}, "eid"),
        ({"party": "mfa-ru", "reply_to": 999999, "text": "Ответ"}, "reply_to"),
        ({"party": "no-such-party", "eid": "para_1", "text": "Кто?"}, "party"),
    ],
)
def test_bad_comment_input_is_422_naming_the_field(circulated, ru_editor, body, field):
    response = _post(_client(ru_editor), f"{API}/documents/{circulated.slug}/comments", body)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json())
    assert not ParagraphComment.objects.exists()


def test_commenting_for_another_party_through_the_api_is_403_naming_the_rule(
    circulated, by_manager, ru_viewer
):
    body = {"party": "mfa-ru", "eid": "para_1", "text": "За Россию"}
    response = _post(_client(by_manager), f"{API}/documents/{circulated.slug}/comments", body)
    assert response.status_code == 403
    assert "Only an editor or a manager for" in response.json()["detail"]
    response = _post(_client(ru_viewer), f"{API}/documents/{circulated.slug}/comments", body)
    assert response.status_code == 403
    response = _post(
        _client(ru_viewer), f"{API}/documents/{circulated.slug}/agree", {"party": "mfa-ru"}
    )
    assert response.status_code == 403


# --- Pages -------------------------------------------------------------------------


def _steps(response) -> list[tuple[str, str]]:
    return [
        (move["step"], move["party"].slug if move["party"] else "")
        for move in response.context["moves"]
    ]


def test_the_page_offers_circulation_then_approval_by_policy(
    minutes, ru_manager, by_manager, ru_viewer
):
    page = f"/documents/{minutes.slug}/"
    assert _steps(_client(ru_manager).get(page)) == [("circulate", "")]
    assert _steps(_client(ru_viewer).get(page)) == []
    response = _client(ru_manager).post(f"{page}step/", {"step": "circulate"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == DocumentStatus.CIRCULATED
    response = _client(by_manager).get(page)
    assert _steps(response) == [("agree", "mfa-by")]
    assert "Approve the minutes" in response.content.decode()
    assert "Circulated" in response.content.decode()


def test_commenting_and_replying_through_the_page(circulated, ru_editor, by_manager, ru_viewer):
    """An editor gets the forms for their own party; a viewer reads and gets no form."""
    page = f"/documents/{circulated.slug}/"
    html = _client(ru_editor).get(page).content.decode()
    assert 'name="party" value="mfa-ru"' in html
    assert 'name="party" value="mfa-by"' not in html
    assert _client(ru_viewer).get(page).context["comment_parties"] == []
    response = _client(ru_editor).post(
        f"{page}comments/", {"party": "mfa-ru", "eid": "para_1", "text": "Уточнить доклад."}
    )
    assert response.status_code == 302
    first = ParagraphComment.objects.get()
    response = _client(by_manager).post(
        f"{page}comments/", {"party": "mfa-by", "parent": first.pk, "text": "Согласны."}
    )
    assert response.status_code == 302
    html = _client(ru_viewer).get(page).content.decode()
    assert "Уточнить доклад." in html
    assert "Согласны." in html


def test_a_bad_comment_through_the_page_names_the_field(circulated, ru_editor):
    client = _client(ru_editor)
    response = client.post(
        f"/documents/{circulated.slug}/comments/",
        {"party": "mfa-ru", "eid": "para_1", "text": ""},
        follow=True,
    )
    assert "Comment: This field is required." in response.content.decode()
    response = client.post(
        f"/documents/{circulated.slug}/comments/",
        {"party": "mfa-ru", "eid": "para_9", "text": "Нет пункта"},
        follow=True,
    )
    assert "No part “para_9” in the current text." in response.content.decode()
    assert not ParagraphComment.objects.exists()


def test_commenting_for_another_party_through_the_page_is_403(circulated, by_manager):
    response = _client(by_manager).post(
        f"/documents/{circulated.slug}/comments/",
        {"party": "mfa-ru", "eid": "para_1", "text": "За Россию"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("comments", [12, 30])
def test_minutes_page_query_count_with_comments_is_flat(
    circulated, ru_editor, by_manager, mfa_ru, mfa_by, django_assert_num_queries, comments
):
    """The page reads the same number of queries with 12 or 30 comments (none per comment).

    The history shows its last ten changes either way (more than ten comments each time).
    """
    previous = None
    for number in range(comments):
        reply = number % 4 == 3
        previous = services.comment_add(
            actor=ru_editor if number % 2 == 0 else by_manager,
            document=circulated,
            party=mfa_ru if number % 2 == 0 else mfa_by,
            eid="" if reply else ("para_1" if number % 3 else "para_2"),
            text=f"Замечание {number}",
            parent=previous if reply else None,
        )
    client = _client(ru_editor)
    client.get(f"/documents/{circulated.slug}/")  # warm the session and the roles
    with django_assert_num_queries(MINUTES_PAGE_QUERIES):
        assert client.get(f"/documents/{circulated.slug}/").status_code == 200


# The comments are one query of them (the tasks panel reads none for minutes).
MINUTES_PAGE_QUERIES = 9


def test_the_desk_asks_for_circulated_minutes_not_drafts(minutes, ru_manager, by_manager, mfa_ru):
    from collegium.decisions.desk import texts_to_agree

    class Request:
        def __init__(self, user):
            self.user = user

    assert texts_to_agree(Request(ru_manager)).count == 0
    services.document_circulate(actor=ru_manager, document=minutes)
    assert texts_to_agree(Request(ru_manager)).count == 1
    services.document_agree(actor=ru_manager, document=minutes, party=mfa_ru)
    assert texts_to_agree(Request(ru_manager)).count == 0
    assert texts_to_agree(Request(by_manager)).count == 1
