"""The meetings' services: agenda order, presenters, delegation heads, audit records."""

import pytest
from django.db import IntegrityError, transaction

from collegium.core.exceptions import NotFound, PermissionDenied, ValidationError
from collegium.core.models import AuditRecord, Visibility
from collegium.meetings import services
from collegium.meetings.models import AgendaItem, DelegationMember
from collegium.registry import services as registry


def _titles(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).values_list("order", "title_ru"))


def _add(actor, meeting, title, **data):
    return services.agenda_item_add(actor=actor, meeting=meeting, data={"title_ru": title, **data})


def test_items_are_added_last_or_at_a_position(users, meeting):
    """A new item goes last, or at the position given, the others moving down."""
    admin = users["site-admin"]
    _add(admin, meeting, "A")
    _add(admin, meeting, "B")
    services.agenda_item_add(actor=admin, meeting=meeting, data={"title_ru": "C"}, position=1)
    assert _titles(meeting) == [(1, "C"), (2, "A"), (3, "B")]


def test_moving_and_removing_keep_positions_dense(users, meeting):
    """Moving an item shifts those between; removing one closes the gap."""
    admin = users["ru-manager"]
    a, _b, c = (_add(admin, meeting, title) for title in "ABC")
    services.agenda_item_move(actor=admin, item=c, position=1)
    assert _titles(meeting) == [(1, "C"), (2, "A"), (3, "B")]
    services.agenda_item_remove(actor=admin, item=a)
    assert _titles(meeting) == [(1, "C"), (2, "B")]


def test_a_position_out_of_range_names_the_field(users, meeting):
    """A move past the end is refused on the field "position"."""
    item = _add(users["site-admin"], meeting, "A")
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_move(actor=users["site-admin"], item=item, position=2)
    assert "position" in caught.value.message_dict


def test_moving_an_item_another_writer_removed_is_not_found(users, meeting):
    """The item read before another writer removed it: NotFound, the others untouched."""
    admin = users["ru-manager"]
    a, b = _add(admin, meeting, "A"), _add(admin, meeting, "B")
    services.agenda_item_remove(actor=admin, item=AgendaItem.objects.get(pk=a.pk))
    records = AuditRecord.objects.count()
    with pytest.raises(NotFound):
        services.agenda_item_move(actor=admin, item=a, position=1)
    assert _titles(meeting) == [(1, "B")]
    assert AuditRecord.objects.count() == records
    assert b.pk == AgendaItem.objects.get().pk


def test_reorder_needs_every_item_once(users, meeting):
    """A reorder names each item once; a missing or repeated item is refused on "order"."""
    admin = users["site-admin"]
    a, b = _add(admin, meeting, "A"), _add(admin, meeting, "B")
    with pytest.raises(ValidationError) as caught:
        services.agenda_reorder(actor=admin, meeting=meeting, item_ids=[a.pk, a.pk])
    assert "order" in caught.value.message_dict
    services.agenda_reorder(actor=admin, meeting=meeting, item_ids=[b.pk, a.pk])
    assert _titles(meeting) == [(1, "B"), (2, "A")]


def test_a_presenter_is_a_post_or_a_person_not_both(users, meeting, people):
    """Giving both a post and a person is refused on both fields; either alone is accepted."""
    admin = users["site-admin"]
    with pytest.raises(ValidationError) as caught:
        _add(
            admin,
            meeting,
            "A",
            presenter_post=people["ru-minister"],
            presenter_person=people["zakharova"],
        )
    assert {"presenter_post", "presenter_person"} <= set(caught.value.message_dict)
    _add(admin, meeting, "B", presenter_post=people["ru-minister"])
    _add(admin, meeting, "C", presenter_person=people["zakharova"])
    assert AgendaItem.objects.count() == 2


def test_the_database_refuses_both_presenters(users, meeting, people):
    """The one-of rule holds in the database too."""
    item = _add(users["site-admin"], meeting, "A", presenter_person=people["zakharova"])
    from collegium.core.audit_guard import writes_allowed

    item.presenter_post = people["ru-minister"]
    with transaction.atomic(), writes_allowed(), pytest.raises(IntegrityError):
        item.save()


def test_a_restricted_presenter_is_refused(users, meeting, people, ministries):
    """A person less visible than the public meeting is refused as presenter, naming the field."""
    hidden = registry.person_create(
        actor=users["site-admin"],
        data={
            "slug": "hidden",
            "name_ru": "Скрытый",
            "owner": ministries["ru"],
            "visibility": Visibility.INTERNAL,
        },
    )
    with pytest.raises(ValidationError) as caught:
        _add(users["site-admin"], meeting, "A", presenter_person=hidden)
    assert "presenter_person" in caught.value.message_dict


def test_bad_text_and_duration_name_their_fields(users, meeting):
    """The text rule and the duration's range are checked on their fields."""
    with pytest.raises(ValidationError) as caught:
        _add(users["site-admin"], meeting, "\u202eA", duration_minutes=0, notes="a\x00b")
    assert {"title_ru", "duration_minutes", "notes"} <= set(caught.value.message_dict)


def test_each_write_is_audited_in_its_transaction(users, meeting, people, ministries):
    """Adding, updating, moving, removing and each delegation step append audit records."""
    admin = users["ru-manager"]
    before = AuditRecord.objects.count()
    a = _add(admin, meeting, "A")
    _add(admin, meeting, "B")
    services.agenda_item_update(actor=admin, item=a, data={"title_en": "A"})
    services.agenda_item_move(actor=admin, item=a, position=2)
    services.agenda_item_remove(actor=admin, item=a)
    head = services.delegation_set_head(
        actor=admin,
        meeting=meeting,
        organization=ministries["ru-collegium"],
        person=people["lavrov"],
    )
    actions = list(
        AuditRecord.objects.filter(seq__gt=before).order_by("seq").values_list("action", flat=True)
    )
    assert actions == [
        "agendaitem.create",
        "agendaitem.create",
        "agendaitem.update",
        "agendaitem.move",
        "agendaitem.delete",
        "delegation.create",
        "delegationmember.create",
    ]
    assert head.is_head
    assert head.role_ru == "Глава делегации"


def test_a_refused_write_leaves_no_trace(users, meeting, ministries, people):
    """A write the policy refuses raises PermissionDenied and appends nothing."""
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        _add(users["ru-editor"], meeting, "A")
    with pytest.raises(PermissionDenied):
        services.delegation_member_add(
            actor=users["ru-manager"],
            meeting=meeting,
            organization=ministries["by-collegium"],
            person=people["ryzhenkov"],
        )
    assert AuditRecord.objects.count() == before


def test_one_head_per_delegation(users, meeting, ministries, people):
    """Setting a new head unflags the former one, who stays a member."""
    admin, party = users["by-manager"], ministries["by-collegium"]
    services.delegation_set_head(
        actor=admin, meeting=meeting, organization=party, person=people["aleinik"]
    )
    services.delegation_set_head(
        actor=admin, meeting=meeting, organization=party, person=people["ryzhenkov"]
    )
    members = DelegationMember.objects.filter(delegation__organization=party)
    assert [(m.person.slug, m.is_head) for m in members] == [
        ("ryzhenkov", True),
        ("aleinik", False),
    ]


def test_the_database_refuses_a_second_head(users, meeting, ministries, people):
    """Two flagged heads of one delegation are refused by the database itself."""
    party = ministries["by-collegium"]
    head = services.delegation_set_head(
        actor=users["site-admin"], meeting=meeting, organization=party, person=people["ryzhenkov"]
    )
    from collegium.core.audit_guard import writes_allowed

    with transaction.atomic(), writes_allowed(), pytest.raises(IntegrityError):
        DelegationMember.objects.create(
            delegation=head.delegation, person=people["aleinik"], is_head=True
        )


def test_members_are_ordered_and_updated(users, meeting, ministries, people):
    """Members come head first, then by position; their role changes through the service."""
    admin, party = users["ru-manager"], ministries["ru-collegium"]
    zakharova = services.delegation_member_add(
        actor=admin,
        meeting=meeting,
        organization=party,
        person=people["zakharova"],
        data={"role_ru": "Официальный представитель"},
    )
    services.delegation_set_head(
        actor=admin, meeting=meeting, organization=party, person=people["lavrov"]
    )
    services.delegation_member_update(
        actor=admin, member=zakharova, data={"role_en": "Spokesperson"}
    )
    members = list(DelegationMember.objects.filter(delegation__organization=party))
    assert [m.person.slug for m in members] == ["lavrov", "zakharova"]
    assert members[1].role_en == "Spokesperson"
    services.delegation_member_remove(actor=admin, member=members[1])
    assert DelegationMember.objects.filter(delegation__organization=party).count() == 1


def test_only_organizers_send_delegations(users, meeting, ministries, people):
    """A delegation of an organization that does not organize the meeting is refused."""
    with pytest.raises(ValidationError) as caught:
        services.delegation_member_add(
            actor=users["site-admin"],
            meeting=meeting,
            organization=ministries["third"],
            person=people["lavrov"],
        )
    assert "organization" in caught.value.message_dict


def test_a_person_is_in_one_delegation_of_a_meeting(users, meeting, ministries, people):
    """The same person cannot be in both parties' delegations."""
    admin = users["site-admin"]
    services.delegation_member_add(
        actor=admin,
        meeting=meeting,
        organization=ministries["ru-collegium"],
        person=people["lavrov"],
    )
    with pytest.raises(ValidationError) as caught:
        services.delegation_member_add(
            actor=admin,
            meeting=meeting,
            organization=ministries["by-collegium"],
            person=people["lavrov"],
        )
    assert "person" in caught.value.message_dict
