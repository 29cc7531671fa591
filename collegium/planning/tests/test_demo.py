"""The planning's part of the demo: the plan for 2026 around the summits, and the variant."""

import datetime as dt

import pytest
from django.core.management import call_command

from collegium.core.models import AuditRecord
from collegium.planning import selectors
from collegium.planning.demo import SLUG, VARIANT_SLUG
from collegium.planning.models import ConsultationPlan


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


@pytest.fixture
def demo(db):
    call_command("demo", stdout=_Sink())


def test_the_plan_for_2026_is_solved_around_the_summits(demo):
    """All 19 requests placed; no deputy minister's round meets a 2026 summit day."""
    plan = ConsultationPlan.objects.get(slug=SLUG)
    assert plan.is_illustrative
    version = selectors.latest_version(plan, done=True)
    assert version.status in {"optimal", "feasible"}
    assert len(version.result["placements"]) == 19
    reasons = {b["reason"] for b in version.input["blackouts"]}
    assert any("ОДКБ" in r or "CSTO" in r or "Совет" in r for r in reasons), reasons
    summit_days = {dt.date(2026, 10, 9), dt.date(2026, 11, 11)}
    deputies = {r.code for r in selectors.plan_requests(plan) if r.level == "deputy_minister"}
    for placement in version.result["placements"]:
        if placement["id"] in deputies:
            start = dt.date.fromisoformat(placement["start"])
            end = dt.date.fromisoformat(placement["end"])
            assert not any(start <= day <= end for day in summit_days)


def test_the_variant_explains_its_conflict(demo):
    """The extra pinned date leaves a request unplaced, with the conflict in words."""
    plan = ConsultationPlan.objects.get(slug=VARIANT_SLUG)
    version = selectors.latest_version(plan, done=True)
    assert version.status == "infeasible"
    assert version.result["unplaced"]
    conflict = version.result["conflicts"][0]
    assert "c15" in conflict["requests"]
    assert conflict["constraints"]


def test_reloading_the_demo_changes_nothing(demo):
    before = AuditRecord.objects.count()
    call_command("demo", stdout=_Sink())
    assert AuditRecord.objects.count() == before


def test_the_plan_is_the_decisions_demo_document_and_approval_fills_its_text(demo):
    """Linked, not drawn up twice: approved by the MFA of Russia, the document lists the rounds."""
    from django.contrib.auth import get_user_model

    from collegium.decisions.models import Document, DocumentNode
    from collegium.planning import services
    from collegium.planning.demo import DOCUMENT_SLUG

    plan = ConsultationPlan.objects.get(slug=SLUG)
    assert plan.document is not None
    assert plan.document.slug == DOCUMENT_SLUG
    plans_before = Document.objects.filter(kind="plan").count()
    manager = get_user_model().objects.get(username="mfa-ru")
    services.plan_approve(actor=manager, plan=plan)
    plan.refresh_from_db()
    assert plan.document.slug == DOCUMENT_SLUG
    assert Document.objects.filter(kind="plan").count() == plans_before
    paragraphs = DocumentNode.objects.filter(document=plan.document, parent=None)
    assert paragraphs.count() == len(plan.approved_version.result["placements"]) == 19
    assert not DocumentNode.objects.filter(document=plan.document, kind="section").exists()


def test_the_variant_page_explains_its_conflict_in_russian(demo, client):
    """The reasons and the conflict read in Russian: no English prose of the engine is left."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="mfa-ru"))
    response = client.get(f"/planning/{VARIANT_SLUG}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    page = response.content.decode()
    assert "не удаётся разместить вместе с" in page
    assert "закреплена" in page
    for english in ("cannot be placed", "working days", "consultation(s)", "can start only"):
        assert english not in page
    assert "Department" not in page  # the departments the conflict names are Russian too
    assert "(МИД Беларуси)" in page  # the party by its name, not its slug
    assert "(mfa-by)" not in page


def test_the_requests_name_their_departments_in_russian(demo):
    """The example file's English departments become the Russian names of the demo's requests."""
    from collegium.planning.models import ConsultationRequest

    departments = set(ConsultationRequest.objects.values_list("department_a", "department_b"))
    assert ("Департамент стран СНГ", "Первый департамент стран СНГ") in departments
    for pair in departments:
        for name in pair:
            assert name
            assert not any("a" <= ch.lower() <= "z" for ch in name), name


def test_the_directors_posts_keep_the_acronyms_of_their_topics(demo):
    """«Директор департамента: ООН …», «… повестка ШОС»: only a first ordinary word is lowered."""
    from collegium.registry.models import Post

    labels = set(
        Post.objects.filter(label_ru__startswith="Директор департамента").values_list(
            "label_ru", flat=True
        )
    )
    assert "Директор департамента: ООН и её специализированные учреждения (иллюстративно)" in labels
    assert "Директор департамента: повестка ШОС (иллюстративно)" in labels
