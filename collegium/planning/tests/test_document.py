"""The plan as a document of the decisions app: drawn up on approval, brought up to date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from collegium.core.models import AuditRecord
from collegium.decisions import services as document_services
from collegium.decisions.models import Document, DocumentNode, DocumentStatus
from collegium.planning import services
from collegium.planning.models import ConsultationRequest

pytestmark = pytest.mark.django_db


def _paragraphs(document):
    return list(
        DocumentNode.objects.filter(document=document, parent=None)
        .order_by("position")
        .values_list("eid", "text_ru")
    )


def test_approval_draws_up_the_plans_document_among_its_parties(
    users, site_admin, plan, ministries, make_request
):
    make_request("c01", topic_ru="Консульские вопросы", level="deputy_minister")
    make_request("c02", window_start=dt.date(2026, 6, 1), window_end=dt.date(2026, 6, 12))
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    plan.refresh_from_db()
    document = plan.document
    assert document is not None
    assert document.kind == "plan"
    assert document.status == DocumentStatus.DRAFT
    assert document.owner == ministries["ru"]
    assert {link.organization.slug for link in document.party_links.all()} == {
        "mfa-ru",
        "mfa-by",
    }
    placements = sorted(plan.approved_version.result["placements"], key=lambda p: p["start"])
    rows = _paragraphs(document)
    assert len(rows) == 2
    first = placements[0]
    start = dt.date.fromisoformat(first["start"]).strftime("%d.%m")
    assert start in rows[0][1]
    assert "«Консульские вопросы»" in rows[0][1]
    assert f"({first['city']})" in rows[0][1]
    assert "заместители министров" in rows[0][1]
    assert "«Тема c02»" in rows[1][1]
    codes = dict(ConsultationRequest.objects.filter(plan=plan).values_list("code", "document_eid"))
    assert codes == {"c01": rows[0][0], "c02": rows[1][0]}
    # Written by the decisions' services: the document's history has each step.
    actions = set(
        AuditRecord.objects.filter(
            object_type="decisions.document", object_id=str(document.pk)
        ).values_list("action", flat=True)
    )
    assert {"document.create", "document.node_add"} <= actions


def test_a_second_approval_keeps_the_paragraphs_and_an_agreed_text_goes_back_to_draft(
    users, site_admin, plan, ministries, make_request
):
    c01 = make_request("c01")
    make_request("c02", window_start=dt.date(2026, 6, 1), window_end=dt.date(2026, 6, 12))
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    plan.refresh_from_db()
    document = plan.document
    before = _paragraphs(document)
    for user, party in (("ru-manager", "ru"), ("by-manager", "by")):
        document_services.document_agree(
            actor=users[user], document=document, party=ministries[party]
        )
    document.refresh_from_db()
    assert document.status == DocumentStatus.AGREED

    services.plan_move(actor=site_admin, plan=plan, status="draft")
    services.request_update(
        actor=site_admin,
        request=c01,
        data={"window_start": dt.date(2026, 9, 1), "window_end": dt.date(2026, 9, 11)},
    )
    services.request_delete(
        actor=site_admin, request=ConsultationRequest.objects.get(plan=plan, code="c02")
    )
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    plan.refresh_from_db()
    assert plan.document_id == document.pk
    assert Document.objects.filter(kind="plan").count() == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    after = _paragraphs(document)
    assert [eid for eid, _text in after] == [before[0][0]]
    assert ".09" in after[0][1]


def test_a_signed_plan_document_is_amended_on_the_next_approval(
    users, site_admin, plan, ministries, make_request
):
    make_request("c01")
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    manager = users["ru-manager"]
    services.plan_approve(actor=manager, plan=plan)
    plan.refresh_from_db()
    signed = plan.document
    for user, party in (("ru-manager", "ru"), ("by-manager", "by")):
        document_services.document_agree(
            actor=users[user], document=signed, party=ministries[party]
        )
    document_services.document_mark_signed(actor=manager, document=signed, on=dt.date(2026, 1, 2))
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=manager, plan=plan)
    plan.refresh_from_db()
    assert plan.document.amends_id == signed.pk
    assert plan.document.status == DocumentStatus.DRAFT


def test_an_existing_plan_document_is_linked_not_drawn_up_again(
    users, site_admin, plan, ministries, make_request
):
    manager = users["ru-manager"]
    existing = document_services.document_create(
        actor=manager,
        data={"slug": "consultation-plan-2026", "kind": "plan", "title_ru": "План на 2026 год"},
        parties=[(ministries["ru"], "drafting"), (ministries["by"], "party")],
    )
    document_services.node_add(
        actor=manager, document=existing, kind="section", data={"heading_ru": "Полугодие"}
    )
    services.plan_link_document(actor=manager, plan=plan, document=existing)
    make_request("c01")
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=manager, plan=plan)
    plan.refresh_from_db()
    assert plan.document_id == existing.pk
    assert Document.objects.count() == 1
    assert [text for _eid, text in _paragraphs(existing)][0].endswith(
        "уровень: директора департаментов."
    )
    assert not DocumentNode.objects.filter(document=existing, kind="section").exists()


def test_only_a_plan_document_of_the_same_parties_is_linked(users, plan, ministries):
    manager = users["ru-manager"]
    resolution = document_services.document_create(
        actor=manager,
        data={"slug": "res", "kind": "resolution", "title_ru": "Постановление"},
        parties=[(ministries["ru"], "drafting"), (ministries["by"], "party")],
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_link_document(actor=manager, plan=plan, document=resolution)
    assert "document" in refused.value.message_dict


def test_a_site_administrator_does_not_approve_for_the_parties(site_admin, plan, make_request):
    from django.core.exceptions import PermissionDenied

    make_request("c01")
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=site_admin, plan=plan)
    assert not Document.objects.exists()


def test_the_plan_page_shows_the_documents_status_and_each_links_to_the_other(
    client, users, site_admin, plan, ministries, make_request
):
    make_request("c01")
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    manager = users["ru-manager"]
    client.force_login(manager)
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    assert 'id="plan-status">Проект<' in page
    services.plan_approve(actor=manager, plan=plan)
    plan.refresh_from_db()
    document = plan.document
    for user, party in (("ru-manager", "ru"), ("by-manager", "by")):
        document_services.document_agree(
            actor=users[user], document=document, party=ministries[party]
        )
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    status = page.split('id="plan-status">', 1)[1].split("</span>", 1)[0]
    assert f'href="/documents/{document.slug}/"' in status
    assert "Согласован" in status
    back = client.get(f"/documents/{document.slug}/").content.decode()
    assert 'id="plan-of-consultations"' in back
    assert f'href="/planning/{plan.slug}/"' in back
