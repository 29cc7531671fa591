"""Registry services: access checks, validation, audit records, overlapping tenures."""

import datetime as dt

import pytest

from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.models import AuditRecord
from collegium.registry import services
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Person,
    State,
    Tenure,
)

D = dt.date


@pytest.fixture
def union_state(make_org):
    return make_org("union-state", name_ru="Союзное государство", name_en="Union State")


@pytest.fixture
def committee(make_org, union_state):
    return make_org(
        "union-state-standing-committee",
        kind=OrganizationKind.EXECUTIVE_BODY,
        parent=union_state,
        name_ru="Постоянный комитет Союзного государства",
    )


@pytest.fixture
def editor(make_user, committee):
    return make_user(committee, "editor")


@pytest.fixture
def state_secretary(site_admin, committee):
    return services.post_create(
        actor=site_admin,
        data={
            "slug": "state-secretary",
            "organization": committee,
            "label_ru": "Государственный секретарь",
            "is_head": True,
            "owner": committee,
        },
    )


@pytest.fixture
def person(site_admin, committee):
    def make(slug):
        return services.person_create(
            actor=site_admin, data={"slug": slug, "name_ru": slug, "owner": committee}
        )

    return make


def _tenure(actor, person, post, start, end=None, **extra):
    return services.tenure_create(
        actor=actor,
        data={
            "person": person,
            "post": post,
            "start_date": start,
            "end_date": end,
            "owner": post.organization,
            **extra,
        },
    )


# --- Access -------------------------------------------------------------------


def test_editor_of_the_owner_creates_and_each_write_is_audited(editor, committee):
    """An editor of the owning organization writes; every write appends one record."""
    before = AuditRecord.objects.count()
    glazyev = services.person_create(
        actor=editor,
        data={"slug": "sergey-glazyev", "name_ru": "Сергей Глазьев", "owner": committee},
    )
    services.person_update(actor=editor, person=glazyev, data={"name_en": "Sergey Glazyev"})
    records = list(AuditRecord.objects.filter(seq__gt=before))
    assert [(r.action, r.actor, r.organization) for r in records] == [
        ("person.create", editor.username, committee.slug),
        ("person.update", editor.username, committee.slug),
    ]
    assert records[1].changes == {"before": {"name_en": ""}, "after": {"name_en": "Sergey Glazyev"}}


@pytest.mark.parametrize("role", ["viewer", None])
def test_viewers_and_outsiders_cannot_write(make_user, make_org, committee, role):
    """A viewer of the owner, or an editor elsewhere, is refused; nothing is written."""
    actor = make_user(committee, "viewer") if role else make_user(make_org("sco"), "editor")
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.person_create(actor=actor, data={"slug": "x", "name_ru": "x", "owner": committee})
    assert not Person.objects.filter(slug="x").exists()
    assert AuditRecord.objects.count() == before


def test_anonymous_cannot_write(db, committee):
    """Anonymous callers never write."""
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.state_create(
            actor=AnonymousUser(), data={"code": "by", "name_ru": "Беларусь", "owner": committee}
        )


def test_moving_a_record_needs_the_role_in_the_new_owner(editor, committee, make_org):
    """An editor cannot hand a record over to an organization where they are not an editor."""
    person = services.person_create(
        actor=editor, data={"slug": "dmitry-mezentsev", "name_ru": "Мезенцев", "owner": committee}
    )
    with pytest.raises(PermissionDenied):
        services.person_update(actor=editor, person=person, data={"owner": make_org("cis")})
    person.refresh_from_db()
    assert person.owner == committee


def test_only_site_admins_create_self_owned_organizations(editor, site_admin):
    """Without an owner the new organization owns itself: a site administrator's act."""
    with pytest.raises(PermissionDenied):
        services.organization_create(
            actor=editor,
            data={"slug": "sco", "kind": OrganizationKind.INTERNATIONAL, "name_ru": "ШОС"},
        )
    sco = services.organization_create(
        actor=site_admin,
        data={"slug": "sco", "kind": OrganizationKind.INTERNATIONAL, "name_ru": "ШОС"},
    )
    assert sco.owner == sco


def test_records_need_an_owner(site_admin):
    """A record without an owning organization is refused on the owner field."""
    with pytest.raises(ValidationError) as caught:
        services.person_create(actor=site_admin, data={"slug": "x", "name_ru": "x"})
    assert set(caught.value.message_dict) == {"owner"}


# --- Validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "BY"}, "code"),
        ({"code": "b1"}, "code"),
        ({"code": "blr"}, "code"),
        ({"code": "by", "name_ru": ""}, "name_ru"),
        ({"code": "by", "other_names": [{"name": ""}]}, "other_names"),
        ({"code": "by", "other_names": [{"name": "Белоруссия", "script": "cyrl"}]}, "other_names"),
        ({"code": "by", "capital": "Минск"}, "capital"),
    ],
)
def test_state_validation(site_admin, committee, data, field):
    """Bad codes, empty names, malformed aliases and unknown fields are refused by field."""
    data = {"name_ru": "Беларусь", "owner": committee, **data}
    with pytest.raises(ValidationError) as caught:
        services.state_create(actor=site_admin, data=data)
    assert field in caught.value.message_dict
    assert not State.objects.exists()


def test_aliases_are_kept(site_admin, committee):
    """Alternative names such as "Белоруссия" are stored for media monitoring."""
    state = services.state_create(
        actor=site_admin,
        data={
            "code": "by",
            "name_ru": "Беларусь",
            "other_names": [{"name": "Белоруссия", "lang": "ru", "note": "colloquial"}],
            "owner": committee,
        },
    )
    state.refresh_from_db()
    assert state.other_names[0]["name"] == "Белоруссия"


def test_duplicate_slug_is_refused(site_admin, union_state):
    """Slugs are unique."""
    with pytest.raises(ValidationError) as caught:
        services.organization_create(
            actor=site_admin,
            data={
                "slug": "union-state",
                "kind": OrganizationKind.OTHER,
                "name_ru": "x",
                "owner": union_state,
            },
        )
    assert "slug" in caught.value.message_dict


def test_an_organization_cannot_be_its_own_ancestor(site_admin, union_state, committee):
    """A parent cycle is refused on the parent field; nothing changes."""
    with pytest.raises(ValidationError) as caught:
        services.organization_update(
            actor=site_admin, organization=union_state, data={"parent": committee}
        )
    assert "parent" in caught.value.message_dict
    union_state.refresh_from_db()
    assert union_state.parent is None


def test_dissolution_before_founding_is_refused(site_admin, union_state):
    """An organization cannot be dissolved before it was founded."""
    with pytest.raises(ValidationError) as caught:
        services.organization_update(
            actor=site_admin,
            organization=union_state,
            data={"founding_date": D(1999, 12, 8), "dissolution_date": D(1999, 1, 1)},
        )
    assert "dissolution_date" in caught.value.message_dict


@pytest.mark.parametrize(
    ("members", "field"),
    [
        ({"member_state": "by", "member_organization": "cis"}, "__all__"),
        ({}, "__all__"),
        ({"member_organization": "union-state"}, "member_organization"),
    ],
    ids=["both", "none", "itself"],
)
def test_a_membership_has_exactly_one_other_member(
    site_admin, union_state, make_org, members, field
):
    """A membership names a state or an organization, not both, not none, not itself."""
    lookup = {
        "by": lambda: services.state_create(
            actor=site_admin, data={"code": "by", "name_ru": "Беларусь", "owner": union_state}
        ),
        "cis": lambda: make_org("cis"),
        "union-state": lambda: union_state,
    }
    data = {name: lookup[key]() for name, key in members.items()}
    with pytest.raises(ValidationError) as caught:
        services.membership_create(
            actor=site_admin, data={"organization": union_state, "owner": union_state, **data}
        )
    assert field in caught.value.message_dict
    assert not Membership.objects.exists()


def test_membership_end_before_start_is_refused(site_admin, union_state):
    """A membership cannot end before it starts."""
    state = services.state_create(
        actor=site_admin, data={"code": "ru", "name_ru": "Россия", "owner": union_state}
    )
    with pytest.raises(ValidationError) as caught:
        services.membership_create(
            actor=site_admin,
            data={
                "organization": union_state,
                "member_state": state,
                "start_date": D(2000, 1, 26),
                "end_date": D(1999, 12, 8),
                "owner": union_state,
            },
        )
    assert "end_date" in caught.value.message_dict


def test_one_head_post_per_organization(site_admin, committee, state_secretary):
    """An organization has one head post."""
    with pytest.raises(ValidationError):
        services.post_create(
            actor=site_admin,
            data={
                "slug": "second-head",
                "organization": committee,
                "label_ru": "x",
                "is_head": True,
                "owner": committee,
            },
        )


def test_deleting_a_referenced_record_is_refused(site_admin, union_state, committee):
    """A parent with bodies stays; the refusal names the referrers, with no audit record."""
    before = AuditRecord.objects.count()
    with pytest.raises(TransitionError, match=r"\(organizations: 2\)") as refused:
        services.organization_delete(actor=site_admin, organization=union_state)
    assert refused.value.code == "referenced"
    assert Organization.objects.filter(slug="union-state").exists()
    assert AuditRecord.objects.count() == before


def test_state_delete(site_admin, union_state):
    """An unreferenced state is deleted, with an audit record."""
    state = services.state_create(
        actor=site_admin, data={"code": "by", "name_ru": "Беларусь", "owner": union_state}
    )
    services.state_delete(actor=site_admin, state=state)
    assert not State.objects.exists()
    assert AuditRecord.objects.order_by("-seq").first().action == "state.delete"


# --- Tenures ------------------------------------------------------------------


def test_overlapping_substantive_tenures_are_refused(site_admin, state_secretary, person):
    """Two State Secretaries at once are refused: Glazyev cannot start before Mezentsev leaves."""
    _tenure(site_admin, person("dmitry-mezentsev"), state_secretary, D(2021, 4, 1), D(2025, 4, 10))
    with pytest.raises(ValidationError) as caught:
        _tenure(site_admin, person("sergey-glazyev"), state_secretary, D(2025, 4, 1))
    assert "start_date" in caught.value.message_dict
    assert Tenure.objects.count() == 1


def test_back_to_back_tenures_are_fine(site_admin, state_secretary, person):
    """A tenure may start the day after the previous one ends."""
    _tenure(site_admin, person("dmitry-mezentsev"), state_secretary, D(2021, 4, 1), D(2025, 4, 10))
    _tenure(site_admin, person("sergey-glazyev"), state_secretary, D(2025, 4, 11))
    assert Tenure.objects.count() == 2


def test_open_ended_tenure_overlaps_any_later_one(site_admin, state_secretary, person):
    """A tenure with no end date runs to this day: a later substantive one overlaps it."""
    _tenure(site_admin, person("sergey-glazyev"), state_secretary, D(2025, 4, 11))
    with pytest.raises(ValidationError):
        _tenure(site_admin, person("someone"), state_secretary, D(2030, 1, 1), D(2031, 1, 1))


def test_an_acting_holder_may_overlap(site_admin, state_secretary, person):
    """An acting holder (deputy standing in) may overlap a substantive one."""
    _tenure(site_admin, person("dmitry-mezentsev"), state_secretary, D(2021, 4, 1), D(2025, 4, 10))
    acting = _tenure(
        site_admin,
        person("sergey-glazyev"),
        state_secretary,
        D(2025, 1, 15),
        D(2025, 4, 10),
        acting=True,
    )
    assert acting.acting


def test_updating_into_an_overlap_is_refused(site_admin, state_secretary, person):
    """Moving a tenure's start into its predecessor's term is refused."""
    _tenure(site_admin, person("dmitry-mezentsev"), state_secretary, D(2021, 4, 1), D(2025, 4, 10))
    glazyev = _tenure(site_admin, person("sergey-glazyev"), state_secretary, D(2025, 4, 11))
    with pytest.raises(ValidationError):
        services.tenure_update(actor=site_admin, tenure=glazyev, data={"start_date": D(2025, 1, 1)})
    glazyev.refresh_from_db()
    assert glazyev.start_date == D(2025, 4, 11)


def test_tenure_end_before_start_is_refused(site_admin, state_secretary, person):
    """A tenure cannot end before it starts."""
    with pytest.raises(ValidationError) as caught:
        _tenure(site_admin, person("x"), state_secretary, D(2025, 4, 11), D(2025, 4, 1))
    assert "end_date" in caught.value.message_dict


# --- The text rule of every entry point (``core.models.text_errors``) -------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u200b\u200b", "at least one visible character"),
        (" \u200d\u00a0", "at least one visible character"),
        ("Иван\u202eвонавИ", "change the direction of text"),
        ("\u2067Ivanov\u2069", "change the direction of text"),
        ("Iva\x01nov", "control characters"),
    ],
)
def test_a_person_name_needs_a_visible_character_and_no_bidi_control(
    site_admin, committee, name, message
):
    """A name of zero-width spaces would be an invisible link; a bidi override reorders it."""
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(
            actor=site_admin, data={"slug": "nobody", "name_ru": name, "owner": committee}
        )
    assert message in excinfo.value.message_dict["name_ru"][0]
    assert "Name (ru)" in excinfo.value.message_dict["name_ru"][0]
    assert not Person.objects.filter(slug="nobody").exists()


def test_the_text_rule_leaves_blank_names_and_right_to_left_letters_alone(site_admin, committee):
    """An optional name left blank, or a name in Persian, is stored as it is."""
    person = services.person_create(
        actor=site_admin,
        data={"slug": "araghchi", "name_ru": "Аракчи", "name_en": "", "owner": committee},
    )
    services.person_update(actor=site_admin, person=person, data={"name_be": "عراقچی"})
    person.refresh_from_db()
    assert person.name_be == "عراقچی"


def test_a_note_may_not_hold_a_control_character(site_admin, committee):
    """Free text, not only names: an organization's seat city with U+0001 is refused."""
    with pytest.raises(ValidationError) as excinfo:
        services.organization_update(
            actor=site_admin, organization=committee, data={"seat_city_en": "Min\x01sk"}
        )
    assert "control characters" in excinfo.value.message_dict["seat_city_en"][0]


def test_a_slug_that_names_a_page_is_refused(editor, committee):
    """``persons/new/`` is the form for a new person: a person so named could not be reached."""
    with pytest.raises(ValidationError) as caught:
        services.person_create(
            actor=editor, data={"slug": "new", "name_ru": "Новиков", "owner": committee}
        )
    assert set(caught.value.message_dict) == {"slug"}
