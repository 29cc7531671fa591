"""Records at the limits of their fields, for the pages to meet the worst cases.

An organization with a 300-character Russian name and a 100-character slug, its
executive body, a post and a person holding it (the "in office" badge), a summit
with a 120-character identifier and a 400-character title (with a 500-character agenda
item and the person heading a delegation), an arrangement in
force between the CSTO and that organization whose consents carry 200-character
note numbers, and a CSTO secretariat API token with a 100-character name.  Long
words are long on purpose: an identifier or a compound name does not break by
itself.

``python -m collegium.testing.long_records`` adds them to the database of its
settings (run by the ``long_records`` fixture against the live server's);
``LONG_RECORD_PATHS`` lists the pages that show them.
"""

import datetime as dt
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collegium.testing.browser import LiveSite

ORGANIZATION_SLUG = ("long-" + "mezhgosudarstvennaya-konsultativnaya-komissiya-" * 3)[:100].strip(
    "-"
)
BODY_SLUG = ("long-body-" + "postoyanny-sekretariat-" * 5)[:100].strip("-")
POST_SLUG = ("long-post-" + "generalny-sekretar-" * 7)[:120].strip("-")
PERSON_SLUG = ("long-person-" + "konstantin-aleksandrovich-" * 5)[:120].strip("-")
EVENT_SLUG = ("long-event-" + "vneocherednoe-zasedanie-soveta-" * 4)[:120].strip("-")
ARRANGEMENT_SLUG = ("long-arrangement-" + "vzaimnye-priglasheniya-" * 5)[:120].strip("-")

# Names are long as real names are (many words, hyphenated compounds); identifiers,
# note numbers and token names are long without a single break opportunity.
ORGANIZATION_NAME = (
    "Межгосударственная консультативная комиссия по вопросам межпарламентского "
    "научно-технического и военно-технического сотрудничества государств — участников "
    "Содружества в области "
    "гуманитарного, научно-технического и информационного взаимодействия "
    "при Совете глав правительств Содружества Независимых Государств"
)[:300]
BODY_NAME = ("Постоянный секретариат Исполнительного комитета " + ORGANIZATION_NAME)[:300]
POST_LABEL = ("Генеральный секретарь — руководитель " + BODY_NAME)[:300]
PERSON_NAME = (
    "Константин-Александр Вячеславович-Станиславович Преображенский-Закревский-"
    "Святополк-Мирский-Долгоруковский-Оболенский-Трубецкой-Волконский"
)[:200]
EVENT_TITLE = ("Внеочередное заседание Совета " + ORGANIZATION_NAME + " " + BODY_NAME)[:400]
EVENT_CITY = "Санкт-Петербург (Таврический дворец, Штаб-квартира МПА СНГ, зал Пленарных заседаний)"[
    :100
]
AGENDA_TITLE = ("О ходе выполнения решений " + ORGANIZATION_NAME + " " + BODY_NAME)[:500]
ARRANGEMENT_TITLE = ("Взаимные приглашения руководителей: ОДКБ и " + ORGANIZATION_NAME)[:400]
NOTE_NUMBER = ("№12/" + "3456789/" * 30)[:200]
TOKEN_NAME = ("nightly_" + "synchronisation_of_the_registry_with_the_archive_" * 3)[:100]

LONG_RECORD_PATHS = [
    f"/registry/organizations/{ORGANIZATION_SLUG}/",
    f"/registry/organizations/{BODY_SLUG}/",
    f"/registry/persons/{PERSON_SLUG}/",
    f"/calendar/events/{EVENT_SLUG}/",
    f"/arrangements/{ARRANGEMENT_SLUG}/",
    "/accounts/tokens/",
]


def load() -> None:
    """Add the long records (once; an existing organization means they are there)."""
    from django.utils import timezone

    from collegium.accounts.models import User
    from collegium.accounts.services import api_token_create
    from collegium.events.arrangements import services as arrangements
    from collegium.events.calendar import services as calendar
    from collegium.events.models import ConsentState, MotionStatus
    from collegium.meetings import services as meetings
    from collegium.registry import services as registry
    from collegium.registry.models import Organization, State

    if Organization.objects.filter(slug=ORGANIZATION_SLUG).exists():
        return
    admin = User.objects.get(username="admin")
    manager = User.objects.get(username="csto-secretariat")
    secretariat = Organization.objects.get(slug="csto-secretariat")
    csto = Organization.objects.get(slug="csto")
    russia = State.objects.get(code="ru")

    organization = registry.organization_create(
        actor=admin,
        data={
            "slug": ORGANIZATION_SLUG,
            "kind": "international_organization",
            "name_ru": ORGANIZATION_NAME,
            "acronym_ru": "МКК" + "СНГ" * 9,
            "seat_state": russia,
            "seat_city_ru": EVENT_CITY,
            "owner": secretariat,
        },
    )
    body = registry.organization_create(
        actor=admin,
        data={
            "slug": BODY_SLUG,
            "kind": "executive_body",
            "parent": organization,
            "name_ru": BODY_NAME,
            "owner": secretariat,
        },
    )
    post = registry.post_create(
        actor=admin,
        data={
            "slug": POST_SLUG,
            "organization": body,
            "is_head": True,
            "label_ru": POST_LABEL,
            "owner": secretariat,
        },
    )
    person = registry.person_create(
        actor=admin, data={"slug": PERSON_SLUG, "name_ru": PERSON_NAME, "owner": secretariat}
    )
    registry.tenure_create(
        actor=admin,
        data={
            "person": person,
            "post": post,
            "start_date": dt.date(2020, 1, 1),
            "note": NOTE_NUMBER,
            "owner": secretariat,
        },
    )

    start = (timezone.now() + dt.timedelta(days=40)).replace(hour=7, minute=0, second=0)
    event = calendar.event_create(
        actor=admin,
        data={
            "slug": EVENT_SLUG,
            "kind": "summit",
            "title_ru": EVENT_TITLE,
            "host_state": russia,
            "city_ru": EVENT_CITY,
            "venue": EVENT_CITY * 3,
            "timezone": "Europe/Moscow",
            "start": start,
            "end": start + dt.timedelta(hours=6),
            "summary": EVENT_TITLE + " " + NOTE_NUMBER,
            "owner": secretariat,
        },
        organizers=[organization],
    )
    # The meeting's panels: an agenda item at its longest, presented by the long post's
    # holder, and the long person heading the organization's delegation.
    meetings.agenda_item_add(
        actor=admin,
        meeting=event,
        data={
            "title_ru": (AGENDA_TITLE),
            "presenter_post": post,
            "duration_minutes": 1440,
            "notes": NOTE_NUMBER,
        },
    )
    meetings.delegation_set_head(
        actor=admin, meeting=event, organization=organization, person=person
    )

    arrangement = arrangements.arrangement_create(
        actor=manager,
        data={
            "slug": ARRANGEMENT_SLUG,
            "title_ru": ARRANGEMENT_TITLE,
            "description": ARRANGEMENT_TITLE + " " + NOTE_NUMBER,
            "scope": ["summit"],
            "include_deputies": False,
            "direction": "mutual",
            "owner": secretariat,
        },
        parties=[(csto, secretariat), (organization, body)],
    )
    arrangements.arrangement_propose(
        actor=manager, arrangement=arrangement, on=dt.date(2025, 1, 1), note=NOTE_NUMBER
    )
    motion = arrangement.motions.get(status=MotionStatus.PENDING)
    for party in (csto, organization):
        arrangements.motion_consent_record(
            actor=manager,
            motion=motion,
            party=party,
            state=ConsentState.GIVEN,
            note_reference=NOTE_NUMBER,
            given_on=dt.date(2025, 1, 15),
        )
    api_token_create(actor=manager, name=TOKEN_NAME)


@pytest.fixture(scope="session")
def long_records(live_site: "LiveSite") -> list[str]:
    """Add the long records to the live site's database; return the paths that show them."""
    live_site.run("-m", "collegium.testing.long_records")
    return LONG_RECORD_PATHS


if __name__ == "__main__":
    import django

    django.setup()
    load()
