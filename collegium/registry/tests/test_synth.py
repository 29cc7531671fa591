import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command

from collegium.core import audit
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord
from collegium.events.models import Arrangement, Event
from collegium.registry import synth
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Post,
    State,
    Tenure,
)
from collegium.registry.synth import SYNTH_PREFIX, generate, synth_load

SMALL = 0.05


# --- The pure generator ---------------------------------------------------------------


def test_same_scale_and_seed_give_identical_data():
    """Two runs with the same scale and seed produce equal data; another seed does not."""
    assert generate(scale=1, seed=7) == generate(scale=1, seed=7)
    assert generate(scale=SMALL, seed=7) == generate(scale=SMALL, seed=7)
    assert generate(scale=1, seed=7) != generate(scale=1, seed=8)


def test_scale_one_has_the_documented_volume():
    """At scale 1: 40 states, about 60 organizations, 1,500 persons, 15 years of tenures."""
    data = generate(scale=1, seed=1)
    kinds = Counter(org.kind for org in data.organizations)
    assert len(data.states) == 40
    assert 50 <= len(data.organizations) <= 70
    assert len(data.persons) == 1500
    assert kinds[OrganizationKind.MINISTRY] == kinds[OrganizationKind.COLLEGIUM] >= 10
    assert kinds[OrganizationKind.INTERNATIONAL] == kinds[OrganizationKind.EXECUTIVE_BODY] >= 5
    assert len(data.tenures) >= 800
    assert len(data.memberships) >= 60
    years = {t.start_date.year for t in data.tenures}
    assert set(range(2011, 2026)) <= years
    assert any(t.acting for t in data.tenures)
    assert any(t.end_date is None for t in data.tenures)
    assert any(m.status == "suspended" for m in data.memberships)
    assert any(m.end_date is not None for m in data.memberships)
    assert {m.role for m in data.memberships} >= {"member", "observer"}


def test_volume_grows_linearly_with_the_scale():
    """Doubling the scale doubles persons and roughly doubles the rest; fractions work."""
    one, two = generate(scale=1, seed=3).counts(), generate(scale=2, seed=3).counts()
    assert two["persons"] == 2 * one["persons"]
    for kind in ("states", "organizations", "posts", "tenures", "memberships"):
        assert 1.6 <= two[kind] / one[kind] <= 2.4, kind
    small = generate(scale=SMALL, seed=3).counts()
    assert small["persons"] == 75
    assert 3 <= small["organizations"] <= 8


@pytest.mark.parametrize("scale", [0, -1, synth.MAX_SCALE + 1])
def test_scale_out_of_range_is_refused(scale):
    with pytest.raises(ValueError, match="scale"):
        generate(scale=scale, seed=1)


def test_no_post_has_two_substantive_holders_at_once():
    """Substantive tenures of one post never overlap; acting ones fill the gaps."""
    by_post = defaultdict(list)
    for tenure in generate(scale=1, seed=5).tenures:
        if not tenure.acting:
            by_post[tenure.post].append(tenure)
    for tenures in by_post.values():
        tenures.sort(key=lambda t: t.start_date)
        for earlier, later in zip(tenures, tenures[1:], strict=False):
            assert earlier.end_date is not None
            assert earlier.end_date < later.start_date


def test_data_is_labelled_synthetic_and_avoids_real_keys():
    """Slugs carry the synth- prefix; state codes belong to no real state, so demo data fits beside."""
    from collegium.registry import demo_data

    data = generate(scale=1, seed=1)
    slugs = [o.slug for o in data.organizations] + [p.slug for p in data.posts]
    slugs += [p.slug for p in data.persons]
    assert all(slug.startswith(SYNTH_PREFIX) for slug in slugs)
    assert len(set(slugs)) == len(slugs)
    codes = {s.code for s in data.states}
    assert not codes & {"ru", "by", "kz", "kg", "am", "cn", "us"}
    assert not codes & {s[0] for s in demo_data.STATES}
    assert all(synth.SYNTH_NOTE in m.note for m in data.memberships)


def test_names_are_trilingual():
    data = generate(scale=SMALL, seed=2)
    for item in [*data.states, *data.organizations, *data.persons]:
        assert all(item.name), item
        assert item.name.en.isascii()
        assert not item.name.ru.isascii()


# --- The audited loader -------------------------------------------------------------------


def _synth_counts() -> dict[str, int]:
    return {
        "states": State.objects.filter(code__in=synth.STATE_CODES).count(),
        "organizations": Organization.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "posts": Post.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "persons": Person.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "tenures": Tenure.objects.filter(person__slug__startswith=SYNTH_PREFIX).count(),
        "memberships": Membership.objects.filter(
            organization__slug__startswith=SYNTH_PREFIX
        ).count(),
        "events": Event.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
        "arrangements": Arrangement.objects.filter(slug__startswith=SYNTH_PREFIX).count(),
    }


def test_load_writes_the_generated_rows_with_one_audit_record(site_admin):
    """One synth.load record with scale, seed and counts; the chain still verifies."""
    before = AuditRecord.objects.count()
    result = synth_load(actor=site_admin, scale=SMALL, seed=4)
    expected = generate(scale=SMALL, seed=4).counts()
    assert result.loaded
    assert result.counts == expected
    assert _synth_counts() == expected
    assert AuditRecord.objects.count() == before + 1
    record = AuditRecord.objects.order_by("-seq").first()
    assert record.action == "synth.load"
    assert record.actor == "root"
    # Floats are kept as text in the chain, so every database hashes them alike.
    assert record.changes == {"scale": repr(SMALL), "seed": 4, "counts": expected}
    assert audit.verify_chain().ok


def test_loaded_database_matches_the_generator(db):
    """The rows in the database are the generator's, so a load is as deterministic as it."""
    synth_load(actor=None, scale=SMALL, seed=9)
    data = generate(scale=SMALL, seed=9)
    assert set(Person.objects.values_list("slug", "name_ru", "name_en", "name_be")) == {
        (p.slug, *p.name) for p in data.persons
    }
    assert set(
        Tenure.objects.values_list("person__slug", "post__slug", "start_date", "end_date", "acting")
    ) == {(t.person, t.post, t.start_date, t.end_date, t.acting) for t in data.tenures}
    assert AuditRecord.objects.get().actor == "system"


def test_loaded_rows_pass_full_validation(db):
    """Bulk inserts skip save(); every row still passes full_clean() afterwards."""
    synth_load(actor=None, scale=SMALL, seed=1)
    for model in (State, Organization, Post, Person, Tenure, Membership):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean()
    top = Organization.objects.filter(slug__startswith=SYNTH_PREFIX, parent__isnull=True)
    assert all(org.owner_id == org.pk for org in top)
    assert all(org.seat_state_id for org in top)


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


def test_taken_state_code_refuses_the_whole_load(site_admin, make_org):
    """If a synthetic state code is already used, nothing is loaded."""
    from collegium.registry.services import state_create

    desk = make_org("desk")
    state_create(actor=site_admin, data={"code": "aa", "name_ru": "Ааа", "owner": desk})
    with pytest.raises(ValidationError, match="aa"):
        synth_load(actor=site_admin, scale=SMALL, seed=1)
    assert not Organization.objects.filter(slug__startswith=SYNTH_PREFIX).exists()


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
