"""Document services: identifiers, revisions, agreements, the signed text, amendments."""

import pytest

from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.models import AuditRecord
from collegium.decisions import selectors, services
from collegium.decisions.engine import canonical
from collegium.decisions.models import Document, DocumentNode, DocumentRevision, DocumentStatus
from collegium.decisions.tests.conftest import add


def _eids(document):
    return list(
        DocumentNode.objects.filter(document=document).order_by("eid").values_list("eid", flat=True)
    )


def test_create_saves_revision_one(document):
    """A new document is a draft with its first revision, whose digest is of its snapshot."""
    revision = DocumentRevision.objects.get(document=document)
    assert document.status == DocumentStatus.DRAFT
    assert revision.number == 1
    assert revision.digest == canonical.digest(revision.snapshot)


def test_eids_stay_when_parts_are_inserted_before_them(document, ru_manager):
    """Inserting a section before another keeps every identifier; only the numbers move."""
    sec1 = add(ru_manager, document, "section", heading_ru="Первый")
    para = add(ru_manager, document, "paragraph", sec1, text_ru="Пункт")
    first = services.node_add(
        actor=ru_manager,
        document=document,
        kind="section",
        position=1,
        data={"heading_ru": "Новый"},
    )
    para.refresh_from_db()
    sec1.refresh_from_db()
    assert (first.eid, sec1.eid, para.eid) == ("sec_2", "sec_1", "sec_1__para_1")
    assert (first.num, sec1.num) == ("I", "II")


def test_a_removed_identifier_is_never_given_again(document, ru_manager):
    """After removing sec_2 (and its paragraphs) the next section is sec_3, the next para para_2."""
    add(ru_manager, document, "section", heading_ru="Первый")
    sec2 = add(ru_manager, document, "section", heading_ru="Второй")
    para = add(ru_manager, document, "paragraph", sec2, text_ru="Пункт")
    services.node_remove(actor=ru_manager, document=document, node=para)
    para2 = add(ru_manager, document, "paragraph", sec2, text_ru="Ещё")
    assert para2.eid == "sec_2__para_2"
    services.node_remove(actor=ru_manager, document=document, node=sec2)
    sec3 = add(ru_manager, document, "section", heading_ru="Третий")
    assert sec3.eid == "sec_3"
    assert _eids(document) == ["sec_1", "sec_3"]


def test_move_reorders_siblings_and_keeps_identifiers(document, ru_manager):
    a = add(ru_manager, document, "paragraph", text_ru="А")
    b = add(ru_manager, document, "paragraph", text_ru="Б")
    services.node_move(actor=ru_manager, document=document, node=b, position=1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.eid, b.position, b.num, a.position, a.num) == ("para_2", 1, "1.", 2, "2.")


def test_kind_must_fit_its_parent(document, ru_manager):
    """A sub-paragraph stands in a paragraph only: 422 naming ``kind``."""
    with pytest.raises(ValidationError) as error:
        add(ru_manager, document, "subparagraph", text_ru="х")
    assert "kind" in error.value.message_dict


def test_every_saved_change_is_a_revision_and_audited_on_the_document(document, ru_manager):
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    services.node_update(actor=ru_manager, document=document, node=node, data={"text_ru": "Другой"})
    assert list(selectors.revisions_of(document).values_list("number", flat=True)) == [3, 2, 1]
    actions = list(
        AuditRecord.objects.filter(
            object_type="decisions.document", object_id=str(document.pk)
        ).values_list("action", flat=True)
    )
    assert actions == ["document.create", "document.node_add", "document.node_update"]


def test_an_unchanged_text_saves_no_revision(document, ru_manager):
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    services.node_update(actor=ru_manager, document=document, node=node, data={"text_ru": "Текст"})
    assert document.revisions.count() == 2


def _agree_both(document, ru_manager, by_manager, mfa_ru, mfa_by):
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    services.document_agree(actor=by_manager, document=document, party=mfa_by)


def test_the_last_agreement_makes_the_document_agreed(
    document, ru_manager, by_manager, mfa_ru, mfa_by
):
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    assert document.status == DocumentStatus.DRAFT
    services.document_agree(actor=by_manager, document=document, party=mfa_by)
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.AGREED
    link = document.party_links.get(organization=mfa_by)
    assert link.agreed_revision.number == document.revision_number
    assert link.agreed_by == by_manager


def test_an_edit_after_an_agreement_resets_all_agreements(
    document, ru_manager, by_manager, mfa_ru, mfa_by
):
    """Editing an agreed text sends it back to draft with no agreement left."""
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    _agree_both(document, ru_manager, by_manager, mfa_ru, mfa_by)
    services.node_update(actor=by_manager, document=document, node=node, data={"text_be": "Тэкст"})
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    assert document.agreed_on is None
    assert not document.party_links.filter(agreed_revision__isnull=False).exists()


def test_a_manager_agrees_only_for_their_own_party(document, ru_manager, mfa_by, ru_editor, mfa_ru):
    with pytest.raises(PermissionDenied, match="for another"):
        services.document_agree(actor=ru_manager, document=document, party=mfa_by)
    with pytest.raises(PermissionDenied):
        services.document_agree(actor=ru_editor, document=document, party=mfa_ru)


def test_only_the_parties_managers_edit(document, ru_editor, site_admin):
    for actor in (ru_editor, site_admin):
        with pytest.raises(PermissionDenied, match="managers of the document's parties"):
            add(actor, document, "paragraph", text_ru="х")


def test_withdrawing_an_agreement_reopens_the_draft(
    document, ru_manager, by_manager, mfa_ru, mfa_by
):
    _agree_both(document, ru_manager, by_manager, mfa_ru, mfa_by)
    services.document_withdraw_agreement(actor=by_manager, document=document, party=mfa_by)
    assert document.status == DocumentStatus.DRAFT


def _signed(document, ru_manager, by_manager, mfa_ru, mfa_by):
    _agree_both(document, ru_manager, by_manager, mfa_ru, mfa_by)
    return services.document_mark_signed(actor=ru_manager, document=document, note="test")


def test_only_an_agreed_text_is_signed(document, ru_manager, mfa_ru):
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    with pytest.raises(TransitionError) as error:
        services.document_mark_signed(actor=ru_manager, document=document)
    assert error.value.code == "document_draft_to_signed"


def test_a_signed_text_is_never_edited(document, ru_manager, by_manager, mfa_ru, mfa_by):
    """Every edit of a signed text is refused naming the rule; nothing is written."""
    node = add(ru_manager, document, "paragraph", text_ru="Текст")
    _signed(document, ru_manager, by_manager, mfa_ru, mfa_by)
    before = AuditRecord.objects.count()
    edits = [
        lambda: add(ru_manager, document, "paragraph", text_ru="х"),
        lambda: services.node_update(
            actor=ru_manager, document=document, node=node, data={"text_ru": "х"}
        ),
        lambda: services.node_remove(actor=ru_manager, document=document, node=node),
        lambda: services.node_move(actor=ru_manager, document=document, node=node, position=1),
        lambda: services.document_update(
            actor=ru_manager, document=document, data={"title_en": "x"}
        ),
    ]
    for edit in edits:
        with pytest.raises(TransitionError) as error:
            edit()
        assert error.value.code == "document_signed_text_is_never_edited"
        assert "never edited" in error.value.message
    assert AuditRecord.objects.count() == before


def test_an_amendment_supersedes_the_signed_document_when_signed(
    document, ru_manager, by_manager, mfa_ru, mfa_by
):
    """The amendment copies the text and identifiers, continues the counters, and supersedes."""
    add(ru_manager, document, "paragraph", text_ru="Первый")
    removed = add(ru_manager, document, "paragraph", text_ru="Второй")
    services.node_remove(actor=ru_manager, document=document, node=removed)
    _signed(document, ru_manager, by_manager, mfa_ru, mfa_by)
    services.document_bring_into_force(actor=by_manager, document=document)
    amendment = services.document_amend(actor=ru_manager, document=document, slug="amended")
    assert _eids(amendment) == ["para_1"]
    assert add(ru_manager, amendment, "paragraph", text_ru="Новый").eid == "para_3"
    amendment = Document.objects.get(pk=amendment.pk)
    _signed(amendment, ru_manager, by_manager, mfa_ru, mfa_by)
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUPERSEDED
    assert document.superseded_on == amendment.signed_on


def test_gaps_flag_a_paragraph_missing_in_a_language(document, ru_manager):
    add(ru_manager, document, "paragraph", text_ru="Текст", text_en="Text")
    assert selectors.document_gaps_of(document) == [
        {"eid": "para_1", "kind": "paragraph", "num": "1.", "missing": ["be"]}
    ]


def test_the_revision_digest_covers_the_stored_snapshot(document, ru_manager):
    """The snapshot read back from the database gives the digest saved with it."""
    add(ru_manager, document, "paragraph", text_ru="Текст «в кавычках» — и тире")
    revision = selectors.latest_revision(document)
    stored = DocumentRevision.objects.get(pk=revision.pk)
    assert canonical.digest(stored.snapshot) == stored.digest
