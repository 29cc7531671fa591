"""Document pages: the list, the document page, the editor, revisions; steps offered by policy."""

import pytest
from django.test import Client

from collegium.decisions import services
from collegium.decisions.models import DocumentStatus
from collegium.decisions.tests.conftest import add


def _client(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def _steps(response) -> list[tuple[str, str]]:
    return [
        (move["step"], move["party"].slug if move["party"] else "")
        for move in response.context["moves"]
    ]


def test_list_and_page_show_the_document(document, ru_manager):
    add(ru_manager, document, "paragraph", text_ru="Одобрить план.", text_en="Approve the plan.")
    client = _client()
    assert document.title_ru in client.get("/documents/").content.decode()
    page = client.get(f"/documents/{document.slug}/")
    html = page.content.decode()
    assert "Одобрить план." in html
    assert "para_1" in html
    assert "missing in BE" in html
    assert page.context["moves"] == []
    russian = Client().get(f"/documents/{document.slug}/").content.decode()
    assert "нет текста: BE" in russian


def test_the_page_offers_a_manager_their_own_partys_agreement_only(
    document, ru_manager, by_manager
):
    """The ru manager may agree for Russia, not for Belarus; a visitor is offered nothing."""
    assert _steps(_client(ru_manager).get(f"/documents/{document.slug}/")) == [("agree", "mfa-ru")]
    assert _steps(_client(by_manager).get(f"/documents/{document.slug}/")) == [("agree", "mfa-by")]


def test_agreeing_through_the_page(document, ru_manager, by_manager):
    _client(ru_manager).post(
        f"/documents/{document.slug}/step/", {"step": "agree", "party": "mfa-ru"}
    )
    client = _client(by_manager)
    response = client.post(
        f"/documents/{document.slug}/step/", {"step": "agree", "party": "mfa-by"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.AGREED
    assert _steps(client.get(f"/documents/{document.slug}/")) == [("withdraw", "mfa-by")]


def test_agreeing_for_another_party_through_the_page_is_403(document, ru_manager):
    response = _client(ru_manager).post(
        f"/documents/{document.slug}/step/", {"step": "agree", "party": "mfa-by"}
    )
    assert response.status_code == 403


def test_the_editor_shows_three_languages_and_saves_with_htmx(document, ru_manager):
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    client = _client(ru_manager)
    page = client.get(f"/documents/{document.slug}/edit/")
    html = page.content.decode()
    for name in ("text_ru", "text_be", "text_en"):
        assert f'name="{name}"' in html
    response = client.post(
        f"/documents/{document.slug}/edit/{node.eid}/",
        {"text_be": "Тэкст", "text_en": "Text"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    node.refresh_from_db()
    assert (node.text_ru, node.text_be, node.text_en) == ("Текст", "Тэкст", "Text")


def test_a_refused_field_refuses_the_save_and_is_named(document, ru_manager):
    """A heading too long is not dropped silently: nothing is saved and the field is named."""
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    response = _client(ru_manager).post(
        f"/documents/{document.slug}/edit/{node.eid}/",
        {"heading_en": "x" * 401, "text_en": "Text"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" not in html
    assert "Heading (en)" in html
    node.refresh_from_db()
    assert (node.heading_en, node.text_en) == ("", "")


def test_the_editor_is_refused_to_a_non_party(document, ru_editor):
    assert _client(ru_editor).get(f"/documents/{document.slug}/edit/").status_code == 403


def test_editing_a_signed_text_through_the_page_names_the_rule(
    document, ru_manager, by_manager, mfa_ru, mfa_by
):
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    services.document_agree(actor=by_manager, document=document, party=mfa_by)
    services.document_mark_signed(actor=ru_manager, document=document)
    client = _client(ru_manager)
    response = client.post(
        f"/documents/{document.slug}/edit/{node.eid}/", {"text_ru": "Иной"}, follow=True
    )
    assert "never edited" in response.content.decode()
    node.refresh_from_db()
    assert node.text_ru == "Текст"
    assert ("amend", "") in _steps(client.get(f"/documents/{document.slug}/"))


def test_revisions_page_shows_a_word_diff(document, ru_manager):
    node = add(ru_manager, document, "paragraph", text_ru="Одобрить план.")
    services.node_update(
        actor=ru_manager, document=document, node=node, data={"text_ru": "Одобрить новый план."}
    )
    html = (
        _client()
        .get(
            f"/documents/{document.slug}/revisions/",
            {"from_revision": 2, "to_revision": 3, "language": "ru"},
        )
        .content.decode()
    )
    assert "<ins>новый </ins>" in html or "<ins> новый</ins>" in html


@pytest.mark.parametrize("paragraphs", [2, 20])
def test_document_page_query_count_is_flat(
    document, ru_manager, django_assert_num_queries, paragraphs
):
    """The page reads the same number of queries with 2 or 20 parts (no query per part).

    The history shows the last ten changes either way (the section's heading edited).
    """
    section = add(ru_manager, document, "section", heading_ru="Раздел")
    for number in range(paragraphs):
        para = add(ru_manager, document, "paragraph", section, text_ru=f"Пункт {number}")
        add(ru_manager, document, "subparagraph", para, text_ru="Подпункт")
    for number in range(11):
        services.node_update(
            actor=ru_manager, document=document, node=section, data={"heading_ru": f"Р {number}"}
        )
    client = _client(ru_manager)
    client.get(f"/documents/{document.slug}/")  # warm the session and the roles
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(f"/documents/{document.slug}/").status_code == 200


# One of them is the execution panel: the tasks of the document (none here).
PAGE_QUERIES = 9


def test_the_desk_names_the_texts_to_agree(document, ru_manager, by_manager, ru_editor, mfa_ru):
    """Each party's managers see the draft waiting for their party until it agrees; an
    editor, who agrees nothing, is not asked."""
    from collegium.decisions.desk import texts_to_agree

    class Request:
        def __init__(self, user):
            self.user = user

    assert texts_to_agree(Request(ru_manager)).count == 1
    assert texts_to_agree(Request(ru_editor)) is None
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    assert texts_to_agree(Request(ru_manager)).count == 0
    assert texts_to_agree(Request(by_manager)).count == 1


def test_the_history_names_each_step(document, ru_manager, mfa_ru):
    """The page's history, from the audit chain, names the document's own steps."""
    add(ru_manager, document, "paragraph", text_ru="Текст")
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    page = _client(ru_manager).get(f"/documents/{document.slug}/")
    # Other apps add panels of their own (planning: the plan a document is the text of).
    panel = next(p for p in page.context["panels"]["wide"] if p.name == "history")
    labels = [entry.label for entry in panel.context["history"].entries]
    assert labels == ["text agreed by a party", "part added", "created"]
