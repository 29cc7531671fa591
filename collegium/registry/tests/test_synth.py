"""The registry's synthetic data: a pure generator, and its rows as the load writes them."""

from collections import Counter, defaultdict

import pytest

from collegium.core.exceptions import ValidationError
from collegium.core.models import AuditRecord
from collegium.devdata.synth import MAX_SCALE, SYNTH_NOTE, synth_load
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Post,
    State,
    Tenure,
)
from collegium.registry.synth import SYNTH_PREFIX, generate

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


@pytest.mark.parametrize("scale", [0, -1, MAX_SCALE + 1])
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
    assert all(SYNTH_NOTE in m.note for m in data.memberships)


def test_names_are_trilingual():
    data = generate(scale=SMALL, seed=2)
    for item in [*data.states, *data.organizations, *data.persons]:
        assert all(item.name), item
        assert item.name.en.isascii()
        assert not item.name.ru.isascii()


# --- The rows the load writes ------------------------------------------------------------------


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


def test_taken_state_code_refuses_the_whole_load(site_admin, make_org):
    """If a synthetic state code is already used, nothing is loaded."""
    from collegium.registry.services import state_create

    desk = make_org("desk")
    state_create(actor=site_admin, data={"code": "aa", "name_ru": "Ааа", "owner": desk})
    with pytest.raises(ValidationError, match="aa"):
        synth_load(actor=site_admin, scale=SMALL, seed=1)
    assert not Organization.objects.filter(slug__startswith=SYNTH_PREFIX).exists()
