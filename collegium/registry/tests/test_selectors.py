"""Time-aware reads of the registry: heads, members and tenures over time."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from collegium.core.models import Visibility
from collegium.registry import selectors
from collegium.registry.models import MembershipRole, MembershipStatus, OrganizationKind
from collegium.registry.services import (
    membership_create,
    person_create,
    post_create,
    state_create,
    tenure_create,
)

D = dt.date


@pytest.fixture
def mfa_by(make_org):
    return make_org("mfa-by", kind=OrganizationKind.MINISTRY, name_ru="МИД Беларуси")


@pytest.fixture
def minister(site_admin, mfa_by):
    return post_create(
        actor=site_admin,
        data={
            "slug": "mfa-by-minister",
            "organization": mfa_by,
            "label_ru": "Министр иностранных дел",
            "is_head": True,
            "owner": mfa_by,
        },
    )


@pytest.fixture
def hold(site_admin, minister, mfa_by):
    """Record a tenure of the minister's post: ``hold("vladimir-makei", start, end, acting=...)``."""

    def make(slug, start, end=None, *, acting=False, visibility=Visibility.PUBLIC, post=None):
        person = person_create(
            actor=site_admin, data={"slug": slug, "name_ru": slug, "owner": mfa_by}
        )
        return tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": post or minister,
                "start_date": start,
                "end_date": end,
                "acting": acting,
                "owner": mfa_by,
                "visibility": visibility,
            },
        )

    return make


@pytest.fixture
def ministers(hold):
    """Belarus's foreign ministers 2012–today, with the acting minister after Makei's death."""
    return {
        "makei": hold("vladimir-makei", D(2012, 8, 20), D(2022, 11, 26)),
        "ambrazevich": hold("yuri-ambrazevich", D(2022, 11, 26), D(2022, 12, 5), acting=True),
        "aleinik": hold("sergei-aleinik", D(2022, 12, 6), D(2024, 4, 7)),
        "ryzhenkov": hold("maxim-ryzhenkov", D(2024, 4, 8)),
    }


def _head(organization, on, **kwargs):
    tenure = selectors.head_of(organization, on=on, **kwargs)
    return tenure.person.slug if tenure else None


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2012, 8, 19), None),  # before the first recorded minister: vacant
        (D(2012, 8, 20), "vladimir-makei"),
        (D(2022, 11, 25), "vladimir-makei"),
        (D(2022, 11, 26), "vladimir-makei"),  # last day: the substantive holder wins over acting
        (D(2022, 11, 27), "yuri-ambrazevich"),  # only an acting holder: he is the head
        (D(2022, 12, 5), "yuri-ambrazevich"),
        (D(2022, 12, 6), "sergei-aleinik"),
        (D(2024, 4, 7), "sergei-aleinik"),
        (D(2024, 4, 8), "maxim-ryzhenkov"),
        (D(2025, 11, 25), "maxim-ryzhenkov"),  # open-ended tenure
    ],
)
def test_head_of_over_time(mfa_by, ministers, on, expected):
    """The head changes on the first day of the new tenure; an acting holder fills a gap."""
    assert _head(mfa_by, on) == expected


def test_head_of_defaults_to_today(mfa_by, ministers, monkeypatch):
    """Without a date the head is today's."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2023, 6, 1))
    assert _head(mfa_by, None) == "sergei-aleinik"


def test_head_of_ignores_posts_that_are_not_the_head(site_admin, mfa_by, ministers, hold):
    """A deputy's tenure never answers for the head."""
    deputy = post_create(
        actor=site_admin,
        data={"slug": "mfa-by-deputy", "organization": mfa_by, "label_ru": "Зам.", "owner": mfa_by},
    )
    hold("deputy-person", D(2010, 1, 1), post=deputy)
    assert _head(mfa_by, D(2011, 1, 1)) is None


def test_head_of_hides_tenures_the_user_may_not_see(mfa_by, hold, make_org, make_user):
    """With a user, an internal tenure of another organization is left out."""
    hold("secret-minister", D(2030, 1, 1), visibility=Visibility.INTERNAL)
    outsider = make_user(make_org("sco-secretariat"), "editor")
    insider = make_user(mfa_by, "viewer")
    assert _head(mfa_by, D(2030, 6, 1)) == "secret-minister"
    assert _head(mfa_by, D(2030, 6, 1), user=insider) == "secret-minister"
    assert _head(mfa_by, D(2030, 6, 1), user=outsider) is None


def test_tenures_of_lists_newest_first(site_admin, mfa_by, minister, make_org):
    """A person's career comes newest first, across organizations."""
    lavrov = person_create(
        actor=site_admin,
        data={"slug": "sergey-lavrov", "name_ru": "Сергей Лавров", "owner": mfa_by},
    )
    un = make_org("un-mission", kind=OrganizationKind.OTHER)
    envoy = post_create(
        actor=site_admin,
        data={"slug": "un-envoy", "organization": un, "label_ru": "Постпред", "owner": un},
    )
    for post, start, end in [
        (envoy, D(1994, 1, 1), D(2004, 3, 8)),
        (minister, D(2004, 3, 9), None),
    ]:
        tenure_create(
            actor=site_admin,
            data={
                "person": lavrov,
                "post": post,
                "start_date": start,
                "end_date": end,
                "owner": post.organization,
            },
        )
    tenures = list(selectors.tenures_of(lavrov))
    assert [(t.post.slug, t.start_date) for t in tenures] == [
        ("mfa-by-minister", D(2004, 3, 9)),
        ("un-envoy", D(1994, 1, 1)),
    ]


def test_tenures_of_hides_what_the_user_may_not_see(mfa_by, hold, make_org, make_user):
    """With a user, tenures hidden from them are left out."""
    tenure = hold("hidden-career", D(2001, 1, 1), D(2002, 1, 1), visibility=Visibility.INTERNAL)
    outsider = make_user(make_org("cis-executive-committee"), "viewer")
    assert list(selectors.tenures_of(tenure.person)) == [tenure]
    assert list(selectors.tenures_of(tenure.person, user=outsider)) == []


# --- Members ------------------------------------------------------------------


@pytest.fixture
def csto(site_admin, make_org):
    """The CSTO with Russia, Armenia (frozen since 2024), and a member that left."""
    csto = make_org("csto", name_ru="ОДКБ")

    def join(code, start, end=None, *, status=MembershipStatus.ACTIVE, role=MembershipRole.MEMBER):
        state = state_create(actor=site_admin, data={"code": code, "name_ru": code, "owner": csto})
        return membership_create(
            actor=site_admin,
            data={
                "organization": csto,
                "member_state": state,
                "start_date": start,
                "end_date": end,
                "status": status,
                "role": role,
                "owner": csto,
            },
        )

    join("ru", D(1992, 5, 15))
    join("am", D(1992, 5, 15), status=MembershipStatus.SUSPENDED)
    join("uz", D(2006, 8, 16), D(2012, 12, 19))  # Uzbekistan's second membership
    return csto


def _members(organization, on, **kwargs):
    return sorted(m.member_state.code for m in selectors.members_of(organization, on=on, **kwargs))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(1992, 5, 14), []),
        (D(1992, 5, 15), ["am", "ru"]),
        (D(2006, 8, 16), ["am", "ru", "uz"]),
        (D(2012, 12, 19), ["am", "ru", "uz"]),  # the end date is the last day of membership
        (D(2012, 12, 20), ["am", "ru"]),
        (D(2025, 11, 27), ["am", "ru"]),  # Armenia suspended, still a member
    ],
)
def test_members_of_over_time(csto, on, expected):
    """Members on a date: joined by then, not yet left; the end date still counts."""
    assert _members(csto, on) == expected


def test_members_of_keeps_the_status(csto):
    """A suspended member (Armenia in the CSTO) is listed with its status."""
    statuses = {m.member_state.code: m.status for m in selectors.members_of(csto, on=D(2025, 1, 1))}
    assert statuses == {"am": MembershipStatus.SUSPENDED, "ru": MembershipStatus.ACTIVE}


def test_members_of_counts_organizations_as_members(site_admin, make_org):
    """An organization can be a member too (the SCO as an observer of the CIS)."""
    cis = make_org("cis")
    sco = make_org("sco")
    membership_create(
        actor=site_admin,
        data={
            "organization": cis,
            "member_organization": sco,
            "role": MembershipRole.OBSERVER,
            "start_date": D(2025, 10, 10),
            "owner": cis,
        },
    )
    assert [m.member for m in selectors.members_of(cis, on=D(2025, 11, 1))] == [sco]
    assert list(selectors.members_of(cis, on=D(2025, 10, 9))) == []


def test_members_of_hides_internal_memberships(site_admin, csto, make_org, make_user):
    """With a user, an internal membership shows to the owner's staff only."""
    state = state_create(actor=site_admin, data={"code": "kz", "name_ru": "kz", "owner": csto})
    membership_create(
        actor=site_admin,
        data={
            "organization": csto,
            "member_state": state,
            "owner": csto,
            "visibility": Visibility.INTERNAL,
        },
    )
    outsider = make_user(make_org("sco-secretariat"), "viewer")
    assert _members(csto, D(2025, 1, 1)) == ["am", "kz", "ru"]
    assert _members(csto, D(2025, 1, 1), user=outsider) == ["am", "ru"]
    assert _members(csto, D(2025, 1, 1), user=make_user(csto, "viewer")) == ["am", "kz", "ru"]


# --- Lists --------------------------------------------------------------------


def test_organization_list_filters(site_admin, make_org, csto):
    """Lists filter by parent, kind and a search over names, acronyms and slugs."""
    secretariat = make_org(
        "csto-secretariat",
        kind=OrganizationKind.EXECUTIVE_BODY,
        parent=csto,
        name_en="CSTO Secretariat",
    )
    make_org("mfa-ru", kind=OrganizationKind.MINISTRY)
    anonymous = AnonymousUser()
    assert list(selectors.organization_list_visible_to(user=anonymous, parent=csto)) == [
        secretariat
    ]
    assert [
        o.slug for o in selectors.organization_list_visible_to(user=anonymous, kind="ministry")
    ] == ["mfa-ru"]
    assert [
        o.slug for o in selectors.organization_list_visible_to(user=anonymous, q="Secretariat")
    ] == ["csto-secretariat"]


def test_membership_and_tenure_lists_on_a_date(csto, mfa_by, ministers):
    """``on`` keeps the memberships and tenures in force on that date."""
    anonymous = AnonymousUser()
    on_2010 = selectors.membership_list_visible_to(
        user=anonymous, organization=csto, on=D(2010, 1, 1)
    )
    assert sorted(m.member_state.code for m in on_2010) == ["am", "ru", "uz"]
    tenures = selectors.tenure_list_visible_to(user=anonymous, on=D(2022, 11, 26))
    assert sorted(t.person.slug for t in tenures) == ["vladimir-makei", "yuri-ambrazevich"]
    by_person = selectors.tenure_list_visible_to(user=anonymous, person=ministers["aleinik"].person)
    assert list(by_person) == [ministers["aleinik"]]


@pytest.mark.parametrize("query", ["одкб", "ОДКБ", "коллективной", "Collective", "csto", "Ёж"])
def test_search_folds_cyrillic_case_on_every_database(make_org, query):
    """Search ignores the case of Cyrillic letters too (SQLite's LIKE folds ASCII only)."""
    make_org(
        "csto",
        name_ru="Организация Договора о коллективной безопасности",
        name_en="Collective Security Treaty Organization",
        acronym_ru="ОДКБ",
        other_names=[{"name": "ежегодный саммит", "lang": "ru"}],
    )
    found = selectors.organization_list_visible_to(user=AnonymousUser(), q=query)
    assert [o.slug for o in found] == ["csto"]


def test_search_finds_a_state_by_an_alternative_name(site_admin, make_org):
    """ "белоруссия" finds Belarus through its stored alternative name."""
    from collegium.registry.services import state_create

    owner = make_org("mfa-ru")
    state_create(
        actor=site_admin,
        data={
            "code": "by",
            "name_ru": "Беларусь",
            "other_names": [{"name": "Белоруссия", "lang": "ru"}],
            "owner": owner,
        },
    )
    assert [
        s.code for s in selectors.state_list_visible_to(user=AnonymousUser(), q="белоруссия")
    ] == ["by"]
