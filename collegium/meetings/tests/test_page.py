"""The meeting page: the agenda and delegations on the event page, the forms the policy allows,
the previous and next meetings, the form posts, and a query count that does not grow."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from collegium.meetings import services
from collegium.meetings.models import AgendaItem, DelegationMember


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def filled(users, meeting, ministries, people):
    """The meeting with two agenda items and both delegations headed."""
    admin = users["site-admin"]
    services.agenda_item_add(
        actor=admin,
        meeting=meeting,
        data={"title_ru": "Промежуточные итоги", "presenter_post": people["ru-minister"]},
    )
    services.agenda_item_add(
        actor=admin,
        meeting=meeting,
        data={"title_ru": "Информационное сопровождение", "presenter_person": people["zakharova"]},
    )
    for party, person in (("ru-collegium", "lavrov"), ("by-collegium", "ryzhenkov")):
        services.delegation_set_head(
            actor=admin, meeting=meeting, organization=ministries[party], person=people[person]
        )
    return meeting


def _page(client, meeting):
    response = client.get(reverse("events:event-detail", args=[meeting.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_agenda_and_delegations(client, filled):
    """The agenda in order, a post's holder on the date, both delegations with their heads."""
    html = _page(client, filled)
    assert html.index("Промежуточные итоги") < html.index("Информационное сопровождение")
    assert "Министр" in html
    assert "Сергей Лавров" in html  # the minister's holder on the meeting's date
    assert "Мария Захарова" in html
    assert 'id="delegation-mfa-ru-collegium"' in html
    assert 'id="delegation-mfa-by-collegium"' in html
    assert html.count("глава делегации") == 2


AGENDA_FORM = 'action="/meetings/joint-2025/agenda/new/"'
RU_FORM = 'action="/meetings/joint-2025/delegations/mfa-ru-collegium/new/"'
BY_FORM = 'action="/meetings/joint-2025/delegations/mfa-by-collegium/new/"'

# fmt: off
FORMS = [
    # user            agenda form  Russian delegation  Belarusian delegation
    (None,            False,       False,              False),
    ("ru-viewer",     False,       False,              False),
    ("ru-editor",     False,       False,              False),
    ("ru-manager",    True,        True,               False),
    ("by-manager",    True,        False,              True),
    ("body-manager",  True,        False,              True),
    ("third-manager", False,       False,              False),
    ("site-admin",    True,        True,               True),
]
# fmt: on


@pytest.mark.parametrize(("who", "agenda", "ru", "by"), FORMS)
def test_the_page_offers_forms_exactly_when_allowed(client, users, filled, who, agenda, ru, by):
    """Each form (and each item's buttons) shows exactly when the policy allows the move."""
    if who:
        client.force_login(users[who])
    html = _page(client, filled)
    assert (AGENDA_FORM in html) is agenda
    assert ("/agenda/" in html and "/move/" in html) is agenda
    assert (RU_FORM in html) is ru
    assert (BY_FORM in html) is by


# The event page of a joint collegium, with its agenda, delegations and documents (decisions).
# Three more than before agenda items carried documents and the interim report opened the
# agenda: the items' documents, the report's previous meeting and its programmes (there is
# no previous meeting here, so no resolution is read); a manager's one more, the documents
# the items may carry (the attach forms); and one for the minutes.
ANONYMOUS_QUERIES = 16
MANAGER_QUERIES = 26


def _grow(users, meeting, count):
    for number in range(count):
        services.agenda_item_add(
            actor=users["site-admin"],
            meeting=meeting,
            data={"title_ru": f"Пункт {number}", "duration_minutes": 5},
        )


@pytest.mark.parametrize(
    ("who", "queries"), [(None, ANONYMOUS_QUERIES), ("ru-manager", MANAGER_QUERIES)]
)
def test_the_query_count_is_pinned_and_flat(
    client, users, filled, django_assert_num_queries, who, queries
):
    """The meeting page reads a fixed number of queries, however long the agenda.

    The meeting's panels take ten of them: the agenda items, their documents and their
    presenters' tenures, the delegations and their members, the previous and the next
    meeting, the interim report's previous meeting and programmes in force, the minutes;
    the rest are the event page's own (the data versions, the event, its organizers,
    its invitations and arrangements); signed in also the session, the user, the roles
    and their parents, the history, and for a manager's agenda forms the posts and the documents on offer.
    """
    from django.core.cache import cache

    if who:
        client.force_login(users[who])
    url = reverse("events:event-detail", args=[filled.slug])
    for grown in (0, 10):
        _grow(users, filled, grown)
        cache.clear()
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
    assert AgendaItem.objects.filter(meeting=filled).count() == 12
    with django_assert_num_queries(1 if who is None else 2):  # versions (and the session)
        assert client.get(url).status_code == 200


def test_previous_and_next_meetings_are_linked(client, make_meeting, ministries, filled):
    """The previous and the next meeting of the same kind and organizers are linked."""
    earlier = make_meeting(
        slug="joint-2024",
        start=dt.datetime(2024, 11, 20, 10, tzinfo=dt.UTC),
        end=dt.datetime(2024, 11, 20, 12, tzinfo=dt.UTC),
    )
    make_meeting(  # the same organizers, another kind: not a neighbour
        slug="consultations-2025",
        kind="consultations",
        start=dt.datetime(2025, 12, 1, 10, tzinfo=dt.UTC),
        end=dt.datetime(2025, 12, 1, 12, tzinfo=dt.UTC),
    )
    make_meeting(  # the same kind, another organizer: not a neighbour
        slug="other-joint",
        organizers=[ministries["ru-collegium"], ministries["third"]],
        start=dt.datetime(2025, 12, 2, 10, tzinfo=dt.UTC),
        end=dt.datetime(2025, 12, 2, 12, tzinfo=dt.UTC),
    )
    later = make_meeting(
        slug="joint-2026",
        start=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
        end=dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC),
    )
    html = _page(client, filled)
    assert re.search(rf'rel="prev" href="/calendar/events/{earlier.slug}/"', html)
    assert re.search(rf'rel="next" href="/calendar/events/{later.slug}/"', html)
    html = _page(client, earlier)
    assert 'rel="prev"' not in html
    assert f'rel="next" href="/calendar/events/{filled.slug}/"' in html


def test_an_other_event_has_no_meeting_panels(client, make_meeting):
    """An event of kind "other" shows no agenda or delegations."""
    event = make_meeting(slug="reception", kind="other")
    html = _page(client, event)
    assert 'id="agenda"' not in html
    assert 'id="delegations"' not in html


def test_adding_an_item_through_the_page(client, users, filled):
    """The agenda form adds an item and comes back to the meeting page."""
    client.force_login(users["by-manager"])
    response = client.post(
        reverse("meetings:agenda-add", args=[filled.slug]),
        {"title_ru": "Подписание постановления", "duration_minutes": "10"},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.filter(meeting=filled).last().title_ru == "Подписание постановления"


def test_bad_input_comes_back_in_russian_naming_the_field(client, users, filled, people):
    """A presenter given twice comes back on the form, in Russian, next to both fields."""
    client.force_login(users["ru-manager"])
    response = client.post(
        reverse("meetings:agenda-add", args=[filled.slug]),
        {"title_ru": "Пункт", "presenter_post": "ru-minister", "presenter_person": "zakharova"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Докладчик: укажите должность или лицо, но не оба.") == 2


def test_a_foreign_delegation_is_refused_through_the_page(client, users, filled, people):
    """A manager of one party cannot add to the other party's delegation: 403."""
    client.force_login(users["ru-manager"])
    response = client.post(
        reverse("meetings:member-add", args=[filled.slug, "mfa-by-collegium"]),
        {"person": "aleinik"},
    )
    assert response.status_code == 403
    assert not DelegationMember.objects.filter(person=people["aleinik"]).exists()


def test_moving_and_heading_through_the_page(client, users, filled, people):
    """The move buttons reorder the agenda; "Make head" sets the head of one's own delegation."""
    client.force_login(users["ru-manager"])
    second = AgendaItem.objects.filter(meeting=filled).last()
    client.post(reverse("meetings:agenda-move", args=[filled.slug, second.pk]), {"position": "1"})
    second.refresh_from_db()
    assert second.order == 1
    response = client.post(
        reverse("meetings:member-add", args=[filled.slug, "mfa-ru-collegium"]),
        {"person": "zakharova", "role_ru": "Официальный представитель"},
    )
    assert response.status_code == 302
    member = DelegationMember.objects.get(person=people["zakharova"])
    client.post(reverse("meetings:member-head", args=[filled.slug, member.pk]))
    member.refresh_from_db()
    assert member.is_head


def test_the_list_shows_visible_joint_meetings(client, filled, make_meeting, ministries):
    """The meetings list shows the joint meetings one may see, with their agenda's length."""
    from collegium.core.models import Visibility

    make_meeting(slug="hidden-joint", visibility=Visibility.INTERNAL)
    make_meeting(slug="talks", kind="consultations")
    html = client.get(reverse("meetings:list")).content.decode()
    assert f'href="/calendar/events/{filled.slug}/"' in html
    assert "hidden-joint" not in html
    assert "/talks/" not in html
    assert "<td>2</td>" in html


def test_the_list_query_count_is_pinned(client, make_meeting, django_assert_num_queries):
    """Count, the page of meetings, their organizers: three queries for any number of them."""
    for number in range(5):
        make_meeting(slug=f"joint-list-{number}")
    with django_assert_num_queries(3):
        assert client.get(reverse("meetings:list")).status_code == 200


def test_the_agenda_heads_its_duration_column_in_minutes_of_time(client, filled):
    """ "Minutes" names a length of time and a meeting's record: the column is the former."""
    html = _page(client, filled)
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert "Мин." in head
    assert "Протокол" not in head
