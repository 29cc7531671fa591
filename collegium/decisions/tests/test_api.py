"""The documents API: the surface, its errors (422 naming the field, 409 naming the rule)."""

import json

import pytest
from django.test import Client

from collegium.decisions import services
from collegium.decisions.tests.conftest import add

API = "/api/v1/decisions"


def _client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def _patch(client, path, body):
    return client.patch(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def ru(ru_manager):
    return _client(ru_manager)


@pytest.fixture
def by(by_manager):
    return _client(by_manager)


def test_create_edit_agree_and_diff_through_the_api(ru, by, mfa_ru, mfa_by):
    """A draft is drawn up, given parts, agreed by both parties, and its revisions compared."""
    response = _post(ru, f"{API}/documents", {
        "slug": "res", "kind": "resolution", "title_ru": "Постановление",
        "parties": [{"organization": "mfa-ru", "role": "drafting"}, {"organization": "mfa-by"}],
    })  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["revision"] == 1
    response = _post(ru, f"{API}/documents/res/nodes", {"kind": "section", "heading_ru": "Общее"})
    assert response.status_code == 201, response.content
    assert response.json()["eid"] == "sec_1"
    response = _post(ru, f"{API}/documents/res/nodes", {
        "kind": "paragraph", "parent": "sec_1", "text_ru": "Одобрить план.",
        "text_en": "Approve the plan.",
    })  # fmt: skip
    node = response.json()
    assert (node["eid"], node["num"], node["missing_languages"]) == ("sec_1__para_1", "1.", ["be"])
    response = _patch(by, f"{API}/documents/res/nodes/sec_1__para_1", {"text_be": "Ухваліць план."})
    assert response.status_code == 200, response.content
    assert response.json()["missing_languages"] == []
    assert _post(ru, f"{API}/documents/res/agree", {"party": "mfa-ru"}).status_code == 200
    response = _post(by, f"{API}/documents/res/agree", {"party": "mfa-by"})
    assert response.json()["status"] == "agreed"
    assert [p["agreed_revision"] for p in response.json()["parties"]] == [4, 4]
    revisions = ru.get(f"{API}/documents/res/revisions").json()
    assert [r["number"] for r in revisions] == [4, 3, 2, 1]
    diff = ru.get(
        f"{API}/documents/res/diff", {"from_revision": 3, "to_revision": 4, "language": "be"}
    )
    assert diff.status_code == 200, diff.content
    changes = {c["eid"]: c for c in diff.json()["changes"]}
    assert changes["sec_1__para_1"]["change"] == "changed"
    assert changes["sec_1__para_1"]["pieces"] == [{"op": "insert", "text": "Ухваліць план."}]


def test_editing_a_signed_text_answers_409_naming_the_rule(
    document, ru_manager, by_manager, mfa_ru, mfa_by, ru
):
    add(ru_manager, document, "paragraph", text_ru="Текст")
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    services.document_agree(actor=by_manager, document=document, party=mfa_by)
    services.document_mark_signed(actor=ru_manager, document=document)
    slug = document.slug
    for response in (
        _patch(ru, f"{API}/documents/{slug}/nodes/para_1", {"text_ru": "Иной"}),
        _post(ru, f"{API}/documents/{slug}/nodes", {"kind": "paragraph", "text_ru": "х"}),
        ru.delete(f"{API}/documents/{slug}/nodes/para_1"),
        _patch(ru, f"{API}/documents/{slug}", {"title_en": "Other"}),
    ):
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "document_signed_text_is_never_edited"
        assert "never edited" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/documents", {"slug": "x", "kind": "decree", "title_ru": "Т",
                        "parties": [{"organization": "mfa-ru"}]}, "kind"),
        ("/documents", {"slug": "x", "kind": "plan", "title_ru": "Т", "parties": []}, "parties"),
        ("/documents", {"slug": "x", "kind": "plan", "title_ru": "Т",
                        "parties": [{"organization": "nowhere"}]}, "parties"),
        ("/documents", {"slug": "x", "kind": "plan", "title_ru": "Т", "meeting": "none",
                        "parties": [{"organization": "mfa-ru"}]}, "meeting"),
        ("/documents/resolution-2025/nodes", {"kind": "subparagraph", "text_ru": "х"}, "kind"),
        ("/documents/resolution-2025/nodes", {"kind": "paragraph", "parent": "sec_9"}, "parent"),
        ("/documents/resolution-2025/nodes", {"kind": "paragraph", "position": 0}, "position"),
        ("/documents/resolution-2025/nodes", {"kind": "paragraph", "colour": "red"}, "colour"),
        ("/documents/resolution-2025/agree", {"party": "nowhere"}, "party"),
    ],
)  # fmt: skip
def test_bad_input_answers_422_naming_the_field(document, ru, path, body, field):
    response = _post(ru, f"{API}{path}", body)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["detail"])


def test_diff_of_a_missing_revision_names_the_field(document, ru):
    response = ru.get(
        f"{API}/documents/{document.slug}/diff", {"from_revision": 1, "to_revision": 9}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "to_revision"


def test_agreeing_for_another_party_is_403_naming_the_rule(document, ru):
    response = _post(ru, f"{API}/documents/{document.slug}/agree", {"party": "mfa-by"})
    assert response.status_code == 403
    assert "for another" in response.json()["detail"]


def test_bringing_a_draft_into_force_is_409(document, ru):
    response = _post(ru, f"{API}/documents/{document.slug}/bring-into-force", {})
    assert response.status_code == 409
    assert response.json()["code"] == "document_draft_to_in_force"
