"""The synth command and its loader: every app's part under one audited transaction."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from collegium.core import audit
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord
from collegium.decisions.models import Document, DocumentNode
from collegium.devdata.synth import SYNTH_PREFIX, generate, synth_load
from collegium.events.models import Arrangement, Event
from collegium.execution import synth as execution_synth
from collegium.registry import synth as registry_synth
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure

SMALL = 0.05


def test_each_apps_part_in_installed_apps_order():
    """The registry's part comes first; the events' calendar is drawn on it."""
    context = generate(scale=SMALL, seed=1)
    assert list(context.parts)[:2] == ["registry", "events"]
    assert list(context.counts())[:8] == [
        "states",
        "organizations",
        "posts",
        "persons",
        "tenures",
        "memberships",
        "events",
        "arrangements",
    ]


def _synth_counts() -> dict[str, int]:
    return {
        "states": State.objects.filter(code__in=registry_synth.STATE_CODES).count(),
        "organizations": Organization.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "posts": Post.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "persons": Person.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "tenures": Tenure.objects.filter(person__slug__startswith=SYNTH_PREFIX).count(),
        "memberships": Membership.objects.filter(
            organization__slug__startswith=SYNTH_PREFIX
        ).count(),
        "events": Event.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "arrangements": Arrangement.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        # The execution part's benchmark resolution is counted in its own part.
        "documents": Document.objects.filter(slug__startswith=SYNTH_PREFIX)
        .exclude(slug=execution_synth.BIG_SLUG)
        .count(),
        "document parts": DocumentNode.objects.filter(document__slug__startswith=SYNTH_PREFIX)
        .exclude(document__slug=execution_synth.BIG_SLUG)
        .count(),
    }


def test_load_writes_the_generated_rows_with_one_audit_record(site_admin):
    """One synth.load record with scale, seed and counts; the chain still verifies."""
    before = AuditRecord.objects.count()
    result = synth_load(actor=site_admin, scale=SMALL, seed=4)
    expected = generate(scale=SMALL, seed=4).counts()
    assert result.loaded
    assert result.counts == expected
    # The registry's and the events' rows, counted in the database (other apps' in their tests).
    counted = _synth_counts()
    assert counted == {name: expected[name] for name in counted}
    assert AuditRecord.objects.count() == before + 1
    record = AuditRecord.objects.order_by("-seq").first()
    assert record.action == "synth.load"
    assert record.actor == "root"
    # Floats are kept as text in the chain, so every database hashes them alike.
    assert record.changes == {"scale": repr(SMALL), "seed": 4, "counts": expected}
    assert audit.verify_chain().ok


def test_second_load_is_refused_and_force_adds_nothing(db):
    synth_load(actor=None, scale=SMALL, seed=1)
    counts, records = _synth_counts(), AuditRecord.objects.count()
    with pytest.raises(ValidationError, match="already holds synthetic data"):
        synth_load(actor=None, scale=SMALL, seed=2)
    result = synth_load(actor=None, scale=SMALL, seed=2, force=True)
    assert not result.loaded
    assert _synth_counts() == counts
    assert AuditRecord.objects.count() == records


def test_only_a_site_administrator_loads(make_org, make_user):
    """A manager of an organization may not load synthetic data; nothing is written."""
    manager = make_user(make_org("desk"), "manager")
    records = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        synth_load(actor=manager, scale=SMALL, seed=1)
    assert not Person.objects.filter(slug__startswith=SYNTH_PREFIX).exists()
    assert AuditRecord.objects.count() == records


def test_command_refuses_without_force(db, capsys):
    call_command("synth", "--scale", str(SMALL), "--seed", "3")
    assert "Loaded synthetic data" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already holds synthetic data"):
        call_command("synth", "--scale", str(SMALL), "--seed", "3")
    call_command("synth", "--scale", str(SMALL), "--seed", "3", "--force")
    assert "nothing was added" in capsys.readouterr().out
    assert AuditRecord.objects.filter(action="synth.load").count() == 1
    assert audit.verify_chain().ok


def test_synth_loads_beside_the_demo(db):
    """The demo's real records and the synthetic ones live side by side."""
    from collegium.devdata.demo import demo_load

    demo_load()
    demo_orgs = Organization.objects.count()
    synth_load(actor=None, scale=SMALL, seed=1)
    assert Organization.objects.exclude(slug__startswith=SYNTH_PREFIX).count() == demo_orgs
    assert Organization.objects.filter(slug="csto").exists()
    assert audit.verify_chain().ok
    today = dt.date(2025, 6, 1)
    assert Tenure.objects.filter(Tenure.on_q(today), post__slug__startswith=SYNTH_PREFIX).exists()


def test_command_prints_the_counts(db, capsys):
    call_command("synth", "--scale", "0.3", "--seed", "1")
    out = capsys.readouterr().out
    assert "events" in out
    assert "arrangements" in out
