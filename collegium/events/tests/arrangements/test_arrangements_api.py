"""Arrangements over HTTP: the API, the pages with the consent form, and the demo's accession."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from collegium.core.models import AuditRecord, Visibility
from collegium.events.models import Accession, AccessionStatus, Arrangement, ConsentState
from collegium.events.tests.arrangements.arrangement_fixtures import NEWCOMER, PARTIES
from collegium.testing.http import client_as, post

API = "/api/v1/events"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


# --- API --------------------------------------------------------------------------------


def test_list_and_retrieve_show_parties_and_scope(client, make_arrangement):
    make_arrangement()
    make_arrangement(slug="hidden", visibility=Visibility.INTERNAL)
    response = client.get(f"{API}/arrangements")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["cross"]
    item = client.get(f"{API}/arrangements/cross").json()
    assert item["status"] == "in_force"
    assert item["scope"] == ["summit"]
    assert [(p["organization"], p["executive_body"]) for p in item["parties"]] == [
        (slug, f"{slug}-body") for slug in PARTIES
    ]
    assert client.get(f"{API}/arrangements/hidden").status_code == 404
    assert client.get(f"{API}/arrangements/missing").status_code == 404


def test_list_query_count_is_pinned(client, make_arrangement, django_assert_num_queries):
    """Count, arrangements with owner and inviting party, parties with their bodies."""
    for n in range(3):
        make_arrangement(slug=f"cross-{n}")
    with django_assert_num_queries(3):
        response = client.get(f"{API}/arrangements")
    assert len(response.json()["items"]) == 3


def test_the_consents_journey_over_the_api(accession, world):
    """Each party's manager answers; the last answer puts the accession in force."""
    url = f"{API}/accessions/{accession.pk}/consents"
    for slug in (*PARTIES, NEWCOMER):
        state = "given_on_behalf" if slug == "sco" else "given"
        response = post(
            client_as(world["managers"][slug]),
            url,
            {"party": slug, "state": state, "note_reference": "No. 7-N"},
        )
        assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_force"
    assert {c["party"]: c["recorded_by"] for c in body["consents"]} == {
        slug: f"{slug}-manager" for slug in (*PARTIES, NEWCOMER)
    }
    parties = Client().get(f"{API}/arrangements/cross").json()["parties"]
    assert [p["organization"] for p in parties][-1] == NEWCOMER
    listed = Client().get(f"{API}/arrangements/cross/accessions").json()
    assert listed[0]["status"] == "in_force"


def test_consenting_for_another_party_is_a_403_naming_the_rule(accession, world):
    before = AuditRecord.objects.count()
    response = post(
        client_as(world["managers"]["csto"]),
        f"{API}/accessions/{accession.pk}/consents",
        {"party": "cis", "state": "given"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 403
    assert "Only a manager for" in response.json()["detail"]
    assert AuditRecord.objects.count() == before


def test_recording_twice_is_a_409_naming_the_rule(accession, world):
    client, url = client_as(world["managers"]["cis"]), f"{API}/accessions/{accession.pk}/consents"
    assert post(client, url, {"party": "cis", "state": "refused"}).status_code == 200
    response = post(client, url, {"party": "cis", "state": "given"})
    assert response.status_code == 409
    assert response.json()["code"] in {"consent_recorded_once", "accession_not_pending"}
    assert Accession.objects.get(pk=accession.pk).status == AccessionStatus.REFUSED


def test_on_behalf_without_a_note_is_a_422(accession, world):
    response = post(
        client_as(world["managers"]["sco"]),
        f"{API}/accessions/{accession.pk}/consents",
        {"party": "sco", "state": "given_on_behalf"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "note_reference"]


def _consent_all_over_the_api(world, motion_id, slugs, **extra):
    for slug in slugs:
        response = post(
            client_as(world["managers"][slug]),
            f"{API}/motions/{motion_id}/consents",
            {"party": slug, "state": "given", **extra},
        )
        assert response.status_code == 200, response.content
    return response.json()


def test_reopening_a_terminated_arrangement_is_a_409(make_arrangement, world):
    make_arrangement()
    client = client_as(world["editors"]["cis"])
    response = post(client, f"{API}/arrangements/cross/terminate", {"moved_by": "cis"})
    assert response.status_code == 201, response.content
    motion = response.json()
    assert (motion["kind"], motion["status"], motion["moved_by"]) == ("terminate", "pending", "cis")
    assert sorted(c["party"] for c in motion["consents"]) == sorted(PARTIES)
    assert _consent_all_over_the_api(world, motion["id"], PARTIES)["status"] == "adopted"
    for move in ("resume", "suspend", "terminate"):
        response = post(client, f"{API}/arrangements/cross/{move}", {"moved_by": "cis"})
        assert response.status_code == 409
        assert response.json()["code"] == "arrangement_terminated_is_final"
    response = post(client_as(world["editors"]["csto"]), f"{API}/arrangements/cross/propose")
    assert response.json()["code"] == "arrangement_terminated_is_final"


def test_create_propose_and_consent_with_dates(world):
    """Proposing opens the motion; the arrangement is in force on the day of the last consent."""
    client = client_as(world["editors"]["csto"])
    body = {
        "slug": "fresh",
        "title_ru": "Новая",
        "parties": [
            {"organization": "csto", "executive_body": "csto-body"},
            {"organization": "cis", "executive_body": "cis"},
        ],
        "scope": ["summit", "council_of_ministers"],
        "owner": "csto",
    }
    response = post(client, f"{API}/arrangements", body)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    response = post(client, f"{API}/arrangements/fresh/propose?on=2025-01-20")
    assert response.json()["status"] == "proposed"
    [motion] = client.get(f"{API}/arrangements/fresh/motions").json()
    assert (motion["kind"], motion["moved_by"], motion["moved_on"]) == (
        "bring_into_force",
        "csto",
        "2025-01-20",
    )
    assert post(client, f"{API}/arrangements/fresh/bring-into-force").status_code == 404
    _consent_all_over_the_api(world, motion["id"], ["csto", "cis"], given_on="2025-02-01")
    response = client.get(f"{API}/arrangements/fresh")
    assert (response.json()["status"], response.json()["in_force_on"]) == ("in_force", "2025-02-01")


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/arrangements", {"slug": "x"}, 422),
        ("post", "/arrangements", {"slug": "x", "title_ru": "x", "parties": [], "scope": ["summit"], "owner": "csto"}, 422),
        ("post", "/arrangements", {"slug": "x", "title_ru": "x", "parties": [{"organization": "nowhere", "executive_body": "csto"}], "scope": ["summit"], "owner": "csto"}, 422),
        ("post", "/arrangements", {"slug": "x", "title_ru": "x", "parties": [], "scope": ["feast"], "owner": "csto"}, 422),
        ("post", "/arrangements", "not json", 400),
        ("post", "/arrangements/cross/suspend", {"moved_by": "csto", "on": "2025-02-30"}, 422),
        ("post", "/arrangements/cross/suspend", {"moved_by": "nowhere"}, 422),
        ("post", "/arrangements/cross/withdraw", {"party": "csto", "on": "2999-01-01"}, 422),
        ("post", "/motions/abc/consents", {"party": "csto", "state": "given"}, 422),
        ("post", "/motions/99999999999999999999/withdraw", None, 404),
        ("post", "/arrangements/cross/propose", None, 409),
        ("patch", "/arrangements/cross", {"status": "draft"}, 422),
        ("patch", "/arrangements/cross", {"scope": None}, 422),
        ("post", "/arrangements/cross/accessions", {"organization": "cis", "executive_body": "cis", "proposed_by": "csto"}, 422),
        ("post", "/arrangements/cross/accessions", {"organization": "mfa-ru", "executive_body": "csto", "proposed_by": "csto"}, 422),
        ("post", "/arrangements/cross/accessions", {"organization": "x\x00", "executive_body": "x", "proposed_by": "csto"}, 422),
        ("post", "/accessions/abc/consents", {"party": "csto", "state": "given"}, 422),
        ("post", "/accessions/99999999999999999999/consents", {"party": "csto", "state": "given"}, 404),
        ("post", "/accessions/ACCESSION/consents", {"party": "csto", "state": "pending"}, 422),
        ("post", "/accessions/ACCESSION/consents", {"party": "csto", "state": "maybe"}, 422),
        ("post", "/accessions/ACCESSION/consents", {"party": "nowhere", "state": "given"}, 422),
        ("post", "/accessions/ACCESSION/consents", {"party": "mfa-ru", "state": "given"}, 403),
        ("post", "/accessions/ACCESSION/consents", {"party": "csto", "state": "given", "given_on": "2999-01-01"}, 422),
        ("post", "/accessions/ACCESSION/consents", {"party": "csto", "state": "given", "note_reference": "x" * 201}, 422),
        ("post", "/accessions/ACCESSION/consents", [], 422),
    ],
)  # fmt: skip
def test_bad_input_is_a_4xx_never_a_500(accession, world, method, path, body, status):
    client = client_as(world["managers"]["csto"])
    url = API + path.replace("ACCESSION", str(accession.pk))
    if body is None:
        response = getattr(client, method)(url)
    elif isinstance(body, str):
        response = getattr(client, method)(url, body, content_type="application/json")
    else:
        response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
    assert response.status_code == status, response.content


def test_anonymous_writes_are_a_401(accession):
    response = post(
        Client(), f"{API}/accessions/{accession.pk}/consents", {"party": "csto", "state": "given"}
    )
    assert response.status_code == 401


# --- Pages ------------------------------------------------------------------------------


def test_navigation_links_the_arrangements(client, db):
    html = _text(client.get(reverse("arrangements:list")))
    assert f'href="{reverse("arrangements:list")}" aria-current="page"' in html


def test_list_page_query_count_is_pinned(client, make_arrangement, django_assert_num_queries):
    """Count, arrangements with owner, parties with their organizations."""
    for n in range(3):
        make_arrangement(slug=f"cross-{n}")
    with django_assert_num_queries(3):
        response = client.get(reverse("arrangements:list"))
    assert response.status_code == 200
    assert _text(response).count('href="/arrangements/cross-') == 3


def test_arrangement_page_shows_parties_heads_and_consents(en, accession, world, site_admin):
    from collegium.registry import services as registry

    person = registry.person_create(
        actor=site_admin,
        data={
            "slug": "lebedev",
            "name_ru": "Лебедев",
            "name_en": "Sergey Lebedev",
            "owner": world["orgs"]["cis"],
        },
    )
    registry.tenure_create(
        actor=site_admin,
        data={"person": person, "post": world["posts"]["cis"][0], "owner": world["orgs"]["cis"]},
    )
    html = _text(en.get(reverse("arrangements:detail", args=["cross"])))
    assert "Sergey Lebedev" in html
    assert "Accession of UNION-STATE" in html
    assert html.count("Pending</span>") == 4
    assert "voiced at the joint collegium" in html
    assert "Record the consent" not in html  # anonymous: no consent form
    assert en.get(reverse("arrangements:detail", args=["missing"])).status_code == 404


def test_managers_see_and_use_the_consent_form_of_their_own_party(accession, world):
    client = client_as(world["managers"]["sco"])
    client.cookies["django_language"] = "en"
    url = reverse("arrangements:detail", args=["cross"])
    html = _text(client.get(url))
    assert html.count("Record the consent of") == 1
    assert "Record the consent of SCO" in html
    action = reverse("arrangements:consent-record", args=["cross", accession.pk])
    response = client.post(
        action,
        {
            "party": "sco",
            "state": "given_on_behalf",
            "note_reference": "No. 5/2025",
            "conditions": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = _text(response)
    assert "The consent of SCO is recorded" in html
    assert "No. 5/2025" in html
    # Again: refused with the rule, nothing recorded twice.
    html = _text(client.post(action, {"party": "sco", "state": "refused"}, follow=True))
    assert "recorded once" in html
    # Another party's consent through the page: 403.
    assert client.post(action, {"party": "csto", "state": "given"}).status_code == 403


def test_consent_form_needs_csrf_and_a_signed_in_user(accession, world):
    action = reverse("arrangements:consent-record", args=["cross", accession.pk])
    assert Client().post(action, {"party": "sco", "state": "given"}).status_code == 302  # login
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["managers"]["sco"])
    assert client.post(action, {"party": "sco", "state": "given"}).status_code == 403
    assert accession.consents.filter(state=ConsentState.PENDING).count() == 4


def test_arrangement_page_query_count_is_pinned(client, accession, django_assert_num_queries):
    """Arrangement, parties, motions and accessions with their consents, one head per party."""
    with django_assert_num_queries(6 + len(PARTIES)):
        assert client.get(reverse("arrangements:detail", args=["cross"])).status_code == 200


# --- Demo -------------------------------------------------------------------------------


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


def test_demo_has_the_practice_in_force_and_the_pending_accession(db):
    call_command("demo", stdout=_Sink())
    arrangement = Arrangement.objects.get(slug="cross-invitations-csto-cis-sco")
    assert arrangement.status == "in_force"
    assert arrangement.dates_approximate
    assert arrangement.owner.slug == "csto-secretariat"
    assert sorted(
        (link.organization.slug, link.executive_body.slug) for link in arrangement.party_links.all()
    ) == [
        ("cis", "cis-executive-committee"),
        ("csto", "csto-secretariat"),
        ("sco", "sco-secretariat"),
    ]
    # In force because each party's secretariat consented (dated illustratively).
    [motion] = arrangement.motions.all()
    assert (motion.kind, motion.status, motion.moved_by.slug) == (
        "bring_into_force",
        "adopted",
        "csto",
    )
    assert "записаны условно" in motion.note
    assert sorted(
        (c.party.slug, c.state, c.recorded_by.username, c.given_on) for c in motion.consents.all()
    ) == [
        ("cis", "given", "cis-executive-committee", arrangement.in_force_on),
        ("csto", "given", "csto-secretariat", arrangement.in_force_on),
        ("sco", "given", "sco-secretariat", arrangement.in_force_on),
    ]
    accession = arrangement.accessions.get()
    assert (accession.organization.slug, accession.executive_body.slug) == (
        "union-state",
        "union-state-standing-committee",
    )
    assert accession.proposed_by.slug == "mfa-ru"
    assert str(accession.proposed_on) == "2025-11-25"
    assert accession.status == "pending"
    assert sorted((c.party.slug, c.state) for c in accession.consents.all()) == [
        (slug, "pending") for slug in ("cis", "csto", "sco", "union-state")
    ]
    before = AuditRecord.objects.count()
    call_command("demo", stdout=_Sink())
    assert AuditRecord.objects.count() == before  # idempotent


def test_demo_consents_by_each_secretariat_put_the_union_state_in(db):
    """The CSTO, CIS and SCO secretariats and the Standing Committee each answer for their party."""
    from collegium.accounts.models import User

    call_command("demo", stdout=_Sink())
    accession = Accession.objects.get()
    url = f"{API}/accessions/{accession.pk}/consents"
    for username, party in [
        ("csto-secretariat", "csto"),
        ("cis-executive-committee", "cis"),
        ("sco-secretariat", "sco"),
        ("union-state-standing-committee", "union-state"),
    ]:
        client = client_as(User.objects.get(username=username))
        wrong = "cis" if party != "cis" else "csto"
        assert post(client, url, {"party": wrong, "state": "given"}).status_code in {403, 409}
        assert post(client, url, {"party": party, "state": "given"}).status_code == 200
    accession.refresh_from_db()
    assert accession.status == "in_force"


# --- The pages offer exactly the steps the policy allows ----------------------------------


def _steps(user, slug="cross"):
    client = client_as(user)
    html = client.get(reverse("arrangements:detail", args=[slug])).content.decode()
    return sorted(
        re.findall(
            r'name="step" value="(\w+)">\s*<input type="hidden" name="party" value="([\w-]+)"', html
        )
    )


def test_the_page_offers_each_user_the_steps_of_its_own_party(make_arrangement, world, site_admin):
    make_arrangement()
    assert _steps(world["editors"]["cis"]) == [("suspend", "cis"), ("terminate", "cis")]
    assert _steps(world["managers"]["csto"]) == [
        ("suspend", "csto"),
        ("terminate", "csto"),
        ("withdraw", "csto"),
    ]
    assert _steps(world["managers"]["mfa-ru"]) == []
    assert _steps(site_admin) == []
    make_arrangement(slug="draft", status="draft")
    assert _steps(world["editors"]["csto"], "draft") == [("propose", "csto"), ("terminate", "csto")]
    assert _steps(world["editors"]["cis"], "draft") == []


def test_the_page_takes_the_step_and_records_a_motions_consent(make_arrangement, world):
    from collegium.events.models import ArrangementMotion

    make_arrangement()
    client = client_as(world["editors"]["cis"])
    url = reverse("arrangements:step", args=["cross"])
    assert client.post(url, {"step": "suspend", "party": "csto"}).status_code == 403
    assert client.post(url, {"step": "suspend", "party": "cis"}).status_code == 302
    motion = ArrangementMotion.objects.get(status="pending")
    html = _text(
        client_as(world["managers"]["sco"]).get(reverse("arrangements:detail", args=["cross"]))
    )
    assert reverse("arrangements:motion-consent-record", args=["cross", motion.pk]) in html
    for slug in PARTIES:
        response = client_as(world["managers"][slug]).post(
            reverse("arrangements:motion-consent-record", args=["cross", motion.pk]),
            {"party": slug, "state": "given"},
        )
        assert response.status_code == 302
    assert Arrangement.objects.get(slug="cross").status == "suspended"


def test_the_consent_form_names_the_wrong_field_and_its_rule_in_russian(accession, world):
    """A wrong answer, a 201-character note number, or no note for a consent on behalf: the
    message names the field and the rule, in the user's language, and nothing is recorded
    (it once said only that the form was incomplete)."""
    client = client_as(world["managers"]["sco"])
    client.cookies["django_language"] = "ru"
    action = reverse("arrangements:consent-record", args=["cross", accession.pk])

    def message(**data) -> str:
        return _text(client.post(action, {"party": "sco", "state": "given", **data}, follow=True))

    wrong_state = message(state="maybe")
    assert "Согласие не записано. Ответ: Выберите корректный вариант." in wrong_state
    long_note = message(note_reference="N" * 201)
    assert "Номер ноты: Убедитесь, что это значение содержит не более 200 символов" in long_note
    no_note = message(state="given_on_behalf")
    assert "Согласие не записано. Номер ноты:" in no_note
    assert "заполнена не полностью" not in wrong_state + long_note + no_note
    assert accession.consents.filter(state=ConsentState.PENDING).count() == 4
