"""Invitation letters built from the database: forms, sender and signatory, downloads, refusals."""

import datetime as dt
import io
import types

import docx
import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from collegium.core.audit_guard import writes_allowed
from collegium.core.exceptions import ValidationError
from collegium.core.models import Visibility
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.letters.data import (
    LetterIncomplete,
    access_invitation_for_letter,
    letter_data_for,
    reply_by,
)
from collegium.events.letters.engine import format_date
from collegium.events.models import Event, Invitation
from collegium.registry import services as registry
from collegium.registry.models import Organization, Person, Post

User = get_user_model()
BISHKEK = "csto-summit-2025-bishkek"


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


@pytest.fixture
def demo(db, monkeypatch):
    """The demo as loaded on 1 October 2025: the autumn summits' invitations are still drafts."""
    moment = dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC)
    monkeypatch.setattr("collegium.events.demo.timezone", types.SimpleNamespace(now=lambda: moment))
    call_command("demo", stdout=_Sink())
    monkeypatch.undo()
    return User.objects.get(username="admin")


def _invitation(event_slug: str, post_slug: str) -> Invitation:
    return Invitation.objects.get(event__slug=event_slug, invitee_post__slug=post_slug)


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here (the letters themselves are bilingual)."""
    with translation.override("en"):
        yield


def _client(username: str | None = None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for cell in table._cells]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def ad_hoc(demo):
    """An internal CSTO event in Moscow in 2030 and a helper inviting a post to it ad hoc."""
    owner = Organization.objects.get(slug="csto-secretariat")
    event = event_services.event_create(
        actor=demo,
        data={
            "slug": "csto-consultations-2030",
            "kind": "consultations",
            "title_ru": "Консультации по вопросам коллективной безопасности",
            "title_en": "Consultations on collective security",
            "city_ru": "Москва",
            "city_en": "Moscow",
            "venue": "Romanov Lane 3",
            "timezone": "Europe/Moscow",
            "start": dt.datetime(2030, 6, 10, 11, 0),  # noqa: DTZ001 (local time)
            "end": dt.datetime(2030, 6, 10, 17, 0),  # noqa: DTZ001 (local time)
            "owner": owner,
            "visibility": Visibility.INTERNAL,
        },
        organizers=[Organization.objects.get(slug="csto")],
    )

    def invite(post_slug: str) -> Invitation:
        post = Post.objects.get(slug=post_slug)
        return invitation_services.invitation_create_ad_hoc(actor=demo, event=event, post=post)

    invite.event = event
    return invite


# --- The demo's cross-invitations -------------------------------------------------------


def test_the_bishkek_letter_to_the_sco_head_names_him_in_both_languages(demo):
    """The DOCX carries the dative forms, the salutations, the English style and both dates."""
    invitation = _invitation(BISHKEK, "sco-secretary-general")
    response = _client("csto-secretariat").get(f"/calendar/invitations/{invitation.pk}/letter.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="invitation-{BISHKEK}-sco-secretary-general.docx"'
    )
    assert "no-store" in response["Cache-Control"]
    text = _docx_text(response.content)
    for expected in (
        "ОБРАЗЕЦ · SPECIMEN",  # a draft
        "Организация Договора о коллективной безопасности",
        "Секретариат ОДКБ",
        "Генеральному секретарю Шанхайской организации сотрудничества",
        "г-ну Н.\u00a0Б.\u00a0Ермекбаеву",
        "г. Пекин",
        "Уважаемый господин Генеральный секретарь!",
        "27 ноября 2025 г. в Бишкеке состоится сессия Совета коллективной безопасности ОДКБ",
        "исполнительных органов ОДКБ, СНГ и ШОС имею честь пригласить Вас",
        "H.E. Mr Nurlan Yermekbayev",
        "Secretary-General of the Shanghai Cooperation Organisation",
        "Dear Mr Secretary-General,",
        "On 27 November 2025, Bishkek will host the session of the CSTO Collective Security",
        "the executive bodies of the CSTO, the CIS and the SCO",
        "Генеральный секретарь Организации Договора о коллективной безопасности",
        "Secretary General of the Collective Security Treaty Organization",
        f"ОДКБ-{invitation.created_at.year}/{invitation.pk}",
    ):
        assert expected in text, expected


def test_the_pdf_from_the_api_says_the_same(demo):
    """The API's PDF reads back with the real names and dates in both languages."""
    invitation = _invitation("cis-summit-2026-ashgabat", "csto-secretary-general")
    response = _client().get(f"/api/v1/events/invitations/{invitation.pk}/letter.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="invitation-cis-summit-2026-ashgabat-csto-secretary-general.pdf"'
    )
    text = " ".join(_pdf_text(response.content).split())
    for expected in (
        "Генеральному секретарю Организации Договора о коллективной безопасности",
        "г-ну Т. Масадыкову",
        "9 октября 2026 г. в Ашхабаде",
        "H.E. Mr Taalatbek Masadykov",
        "On 9 October 2026, Ashgabat will host",
        "Dear Mr Secretary General,",
        "ИСПОЛНИТЕЛЬНЫЙ КОМИТЕТ СНГ",  # the letterhead is in capitals
        "С. Н. Лебедев",  # initials spaced (non-breaking)
        "Sergey Lebedev",
    ):
        assert expected in text, expected


def test_the_signatory_is_the_head_on_the_letters_date(demo):
    """Dated before 2026, the CSTO's letter is signed by Tasmagambetov, and asks for a reply."""
    invitation = access_invitation_for_letter(
        demo, _invitation(BISHKEK, "cis-secretary-general").pk
    )
    data = letter_data_for(invitation, user=demo, today=dt.date(2025, 10, 20))
    assert data.date == dt.date(2025, 10, 20)
    assert (data.signatory.name_ru, data.signatory.name_en) == (
        "И.Н. Тасмагамбетов",
        "Imangali Tasmagambetov",
    )
    assert data.reply_by == dt.date(2025, 10, 28)  # 30 days before the 27 November summit
    assert data.addressee.full_ru == (
        "Генеральному секретарю Содружества Независимых Государств г-ну С.Н. Лебедеву"
    )
    assert data.place_ru == "г. Москва"
    assert data.specimen
    later = letter_data_for(invitation, user=demo, today=dt.date(2026, 1, 15))
    assert later.signatory.name_ru == "Т. Масадыков"
    assert later.reply_by is None  # the summit is past


def test_building_a_letter_takes_a_fixed_number_of_queries(demo, django_assert_num_queries):
    pk = _invitation(BISHKEK, "sco-secretary-general").pk
    user = User.objects.get(username="csto-secretariat")
    # The user's roles and their organizations' parents, the invitation, its arrangement's
    # parties, the signatory's tenure.
    with django_assert_num_queries(5):
        invitation = access_invitation_for_letter(user, pk)
        letter_data_for(invitation, user=user, today=dt.date(2025, 10, 20))


def test_a_sent_letter_is_dated_when_sent_and_is_no_specimen(demo):
    invitation = _invitation(BISHKEK, "sco-secretary-general")
    invitation_services.invitation_send(actor=demo, invitation=invitation)
    invitation.refresh_from_db()
    response = _client("sco-secretariat").get(f"/calendar/invitations/{invitation.pk}/letter.docx")
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "SPECIMEN" not in text
    sent_on = timezone.localdate(invitation.sent_at)
    assert f"{format_date(sent_on, 'ru')} № ОДКБ-{sent_on.year}/{invitation.pk}" in text
    assert f"Moscow, {format_date(sent_on, 'en')}" in text


def test_a_summit_without_a_city_is_refused_naming_the_field(demo):
    """The 2026 CSTO summit's city is not announced: 409 on the page and in the API."""
    invitation = _invitation("csto-summit-2026-russia", "sco-secretary-general")
    page = _client("csto-secretariat").get(f"/calendar/invitations/{invitation.pk}/letter.pdf")
    assert page.status_code == 409
    assert "fill in the city in Russian and English" in page.content.decode()
    api = _client().get(f"/api/v1/events/invitations/{invitation.pk}/letter.docx")
    assert api.status_code == 409
    assert api.json()["code"] == "letter_incomplete"
    assert "Сессия Совета коллективной безопасности ОДКБ" in api.json()["detail"]


def test_a_city_missing_in_one_language_is_asked_for_in_that_language_only(demo):
    """The 409 names the missing language: the English city only, once the Russian is there."""
    event = Event.objects.get(slug="csto-summit-2026-russia")
    event_services.event_update(actor=demo, event=event, data={"city_ru": "Москва"})
    invitation = _invitation("csto-summit-2026-russia", "sco-secretary-general")
    api = _client().get(f"/api/v1/events/invitations/{invitation.pk}/letter.docx")
    assert api.status_code == 409
    detail = api.json()["detail"]
    assert "fill in the city in English." in detail
    assert "Russian" not in detail


def test_the_illustrative_summit_prints_its_title_and_city_as_a_letter_should(demo):
    """The December summit in Saint Petersburg: "в Санкт-Петербурге", "the informal meeting",
    no demo label in the body (the letter is a specimen instead)."""
    invitation = _invitation("cis-informal-summit-2026-saint-petersburg", "csto-secretary-general")
    response = _client("cis-executive-committee").get(
        f"/calendar/invitations/{invitation.pk}/letter.docx"
    )
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "22 декабря 2026 г. в Санкт-Петербурге состоится неформальная встреча" in text
    assert "Saint Petersburg will host the informal meeting of the CIS heads of state." in text
    assert "ОБРАЗЕЦ · SPECIMEN" in text
    for label in ("иллюстративн", "illustrative"):
        assert label not in text.lower()
    assert invitation.event.is_illustrative


# --- Ad hoc invitations, missing forms, access ----------------------------------------------


def test_an_ad_hoc_letter_reads_well_without_an_arrangement(ad_hoc, demo):
    """No practice is cited; the sender is the inviting body under its organization."""
    invitation = ad_hoc("mfa-ru-minister")
    response = _client("csto-secretariat").get(f"/calendar/invitations/{invitation.pk}/letter.docx")
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "перекрёстных" not in text
    assert "cross-invitations" not in text
    for expected in (
        "Имею честь пригласить Вас принять участие в этом мероприятии.",
        "I have the honour to invite you to take part in this event.",
        "Министру иностранных дел Российской Федерации",
        "г-ну С.\u00a0В.\u00a0Лаврову",
        "Уважаемый господин Министр!",
        "H.E. Mr Sergey Lavrov",
        "Minister of Foreign Affairs of the Russian Federation",
        "Dear Mr Minister,",
        "10 июня 2030 г. в Москве состоятся консультации",
        "Начало — в 11:00 по местному времени. Место проведения: Romanov Lane 3.",
        "Venue: Romanov Lane 3.",
        "до 11 мая 2030 г.",
        "by 11 May 2030.",
        "Секретариат ОДКБ",
    ):
        assert expected in text, expected


def test_a_hidden_invitation_is_not_found(ad_hoc):
    """The internal invitation: 404 for another secretariat and for anonymous callers."""
    invitation = ad_hoc("mfa-ru-minister")
    for client in (_client("sco-secretariat"), _client()):
        for path in (
            f"/calendar/invitations/{invitation.pk}/letter.docx",
            f"/api/v1/events/invitations/{invitation.pk}/letter.pdf",
        ):
            assert client.get(path).status_code == 404, path
    assert _client().get("/api/v1/events/invitations/9999999/letter.docx").status_code == 404
    assert _client().get(f"/api/v1/events/invitations/{2**64}/letter.docx").status_code == 404
    assert _client().get(f"/calendar/invitations/{2**64}/letter.pdf").status_code == 404


def test_missing_forms_are_named_then_a_female_addressee_is_addressed_so(ad_hoc, demo):
    """Zakharova's post has no title in direct address: refused; once filled, г-же and Ms."""
    invitation = ad_hoc("mfa-ru-spokesperson")
    response = _client("csto-secretariat").get(
        f"/api/v1/events/invitations/{invitation.pk}/letter.docx"
    )
    assert response.status_code == 409
    assert "fill in the title in direct address" in response.json()["detail"]
    registry.post_update(
        actor=demo,
        post=Post.objects.get(slug="mfa-ru-spokesperson"),
        data={"address_title_ru": "Директор", "address_title_en": "Director"},
    )
    data = letter_data_for(access_invitation_for_letter(demo, invitation.pk), user=demo)
    assert data.addressee.name_ru == "г-же М.В. Захаровой"
    assert data.addressee.salutation_ru == "Уважаемая госпожа Директор!"
    assert data.addressee.name_en == "Ms Maria Zakharova"
    assert data.addressee.salutation_en == "Dear Madam Director,"


def test_every_missing_person_form_is_listed_at_once(ad_hoc, demo):
    person = registry.person_update(
        actor=demo,
        person=_invitation(BISHKEK, "sco-secretary-general").invitee_person,
        data={"gender": "", "name_ru_dative": ""},
    )
    invitation = ad_hoc("sco-secretary-general")
    with pytest.raises(LetterIncomplete) as error:
        letter_data_for(access_invitation_for_letter(demo, invitation.pk), user=demo)
    assert len(error.value.problems) == 2
    assert all(person.name_ru in problem for problem in error.value.problems)
    assert "gender" in error.value.problems[0]
    assert "dative" in error.value.problems[1]


def test_a_vacant_post_is_refused_naming_it(ad_hoc):
    """The deputy State Secretary post has no holder in 2030."""
    invitation = ad_hoc("union-state-deputy-state-secretary")
    assert invitation.invitee_person is None
    response = _client("csto-secretariat").get(f"/calendar/invitations/{invitation.pk}/letter.docx")
    assert response.status_code == 409
    content = response.content.decode()
    assert "Заместитель Государственного секретаря Союзного государства" in content
    assert "has no holder" in content


def test_a_cancelled_events_letters_are_refused(ad_hoc, demo):
    invitation = ad_hoc("mfa-ru-minister")
    event_services.event_cancel(actor=demo, event=Event.objects.get(pk=invitation.event_id))
    response = _client("csto-secretariat").get(
        f"/api/v1/events/invitations/{invitation.pk}/letter.pdf"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "letter_event_cancelled"


@pytest.mark.parametrize(
    ("first_day", "dated", "expected"),
    [
        (dt.date(2026, 10, 9), dt.date(2026, 8, 1), dt.date(2026, 9, 9)),  # a month before
        (dt.date(2026, 10, 9), dt.date(2026, 9, 20), dt.date(2026, 9, 27)),  # at least a week
        (dt.date(2026, 10, 9), dt.date(2026, 10, 5), None),  # no day left before the event
        (dt.date(2025, 11, 27), dt.date(2026, 11, 25), None),  # past
    ],
)
def test_reply_by(first_day, dated, expected):
    assert reply_by(first_day, dated) == expected


def test_a_control_character_in_a_record_is_a_409_not_a_server_error(ad_hoc, demo):
    """Every entry point refuses such characters now; a record stored before may hold one."""
    invitation = ad_hoc("mfa-ru-minister")
    person = invitation.invitee_person
    with pytest.raises(ValidationError):
        registry.person_update(actor=demo, person=person, data={"name_en": "Sergey\x0bLavrov"})
    with writes_allowed():  # a record from before the rule, written as it was then
        Person.objects.filter(pk=person.pk).update(name_en="Sergey\x0bLavrov")
    response = _client("csto-secretariat").get(
        f"/api/v1/events/invitations/{invitation.pk}/letter.docx"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "letter_unprintable"
