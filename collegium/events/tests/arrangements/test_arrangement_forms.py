"""The arrangement forms: drawing up a draft, proposing and withdrawing an accession."""

from django.test import Client
from django.urls import reverse

from collegium.core.models import AuditRecord
from collegium.events.models import Accession, AccessionStatus, Arrangement


def client_as(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _html(response) -> str:
    return response.content.decode()


def _draft_data(world, **extra):
    orgs, bodies = world["orgs"], world["bodies"]
    data = {
        "slug": "new-one",
        "title_ru": "Новая",
        "scope": ["summit"],
        "direction": "mutual",
        "owner": orgs["csto"].pk,
        "visibility": "public",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-0-organization": orgs["csto"].pk,
        "parties-0-executive_body": bodies["csto"].pk,
        "parties-1-organization": orgs["cis"].pk,
        "parties-1-executive_body": bodies["cis"].pk,
    }
    return {**data, **extra}


def test_a_draft_is_drawn_up_through_the_service(world):
    """A valid POST creates the draft with its parties and one audit record."""
    client = client_as(world["editors"]["csto"])
    assert reverse("arrangements:create") in _html(client.get(reverse("arrangements:list")))
    response = client.post(reverse("arrangements:create"), _draft_data(world))
    assert response["Location"] == reverse("arrangements:detail", args=["new-one"])
    arrangement = Arrangement.objects.get(slug="new-one")
    assert sorted(arrangement.parties.values_list("slug", flat=True)) == ["cis", "csto"]
    assert AuditRecord.objects.filter(action="arrangement.create").count() == 1


def test_a_refused_party_is_shown_in_russian_and_nothing_is_written(world):
    client = client_as(world["editors"]["csto"])
    data = _draft_data(world, **{"parties-1-executive_body": world["bodies"]["csto"].pk})
    response = client.post(reverse("arrangements:create"), data)
    assert response.status_code == 200
    assert "не является органом" in _html(response)
    response = client.post(reverse("arrangements:create"), _draft_data(world, title_ru=""))
    assert 'id="id_title_ru_error"' in _html(response)
    assert "Обязательное поле" in _html(response)
    assert not Arrangement.objects.filter(slug="new-one").exists()


def test_the_draft_is_edited_by_its_owners_editors_only(make_arrangement, world):
    make_arrangement(slug="draft", status="draft")
    detail = reverse("arrangements:detail", args=["draft"])
    edit = reverse("arrangements:edit", args=["draft"])
    assert edit in _html(client_as(world["editors"]["csto"]).get(detail))
    assert client_as(world["editors"]["csto"]).get(edit).status_code == 200
    for user in (world["editors"]["cis"], None):
        assert edit not in _html(client_as(user).get(detail))
        assert client_as(user).get(edit).status_code == 403
    assert client_as().get(reverse("arrangements:create")).status_code == 403
    data = _draft_data(world, title_ru="Исправленная")
    response = client_as(world["editors"]["csto"]).post(edit, data)
    assert response.status_code == 302, [
        line for line in _html(response).splitlines() if "errorlist" in line
    ]
    assert Arrangement.objects.get(slug="draft").title_ru == "Исправленная"
    assert AuditRecord.objects.filter(action="arrangement.update").count() == 1


def test_an_arrangement_in_force_is_not_edited_here(make_arrangement, world):
    make_arrangement()
    client = client_as(world["editors"]["csto"])
    assert reverse("arrangements:edit", args=["cross"]) not in _html(
        client.get(reverse("arrangements:detail", args=["cross"]))
    )
    response = client.get(reverse("arrangements:edit", args=["cross"]))
    assert response["Location"] == reverse("arrangements:detail", args=["cross"])


def test_an_accession_is_proposed_and_withdrawn_by_the_proposers_editors(make_arrangement, world):
    make_arrangement()
    detail = reverse("arrangements:detail", args=["cross"])
    propose = reverse("arrangements:accession-propose", args=["cross"])
    editor = world["editors"]["mfa-ru"]
    assert propose in _html(client_as(editor).get(detail))
    assert propose not in _html(client_as().get(detail))
    assert client_as().get(propose).status_code == 403
    data = {
        "organization": world["orgs"]["union-state"].pk,
        "executive_body": world["bodies"]["union-state"].pk,
        "proposed_by": world["orgs"]["mfa-ru"].pk,
        "note": "",
    }
    # The CIS editor cannot propose in the name of the Russian ministry.
    response = client_as(world["editors"]["cis"]).post(propose, data)
    assert 'id="id_proposed_by_error"' in _html(response)
    response = client_as(editor).post(propose, data)
    assert response["Location"] == detail
    accession = Accession.objects.get()
    assert AuditRecord.objects.filter(action="accession.propose").count() == 1
    withdraw = reverse("arrangements:accession-withdraw", args=["cross", accession.pk])
    assert withdraw in _html(client_as(editor).get(detail))
    assert withdraw not in _html(client_as(world["editors"]["cis"]).get(detail))
    assert client_as(world["editors"]["cis"]).post(withdraw).status_code == 403
    client_as(editor).post(withdraw)
    accession.refresh_from_db()
    assert accession.status == AccessionStatus.WITHDRAWN


def test_a_draft_offers_its_owner_to_abandon_it_and_one_in_force_a_motion_to_terminate(
    make_arrangement, world
):
    """Ending a draft binds no one (the owner ends it alone): the button says so, not
    "Предложить прекратить", which is a motion to the parties of one in force."""
    editor = world["editors"]["csto"]
    make_arrangement(slug="draft", status="draft")
    make_arrangement(slug="cross")
    draft = _html(client_as(editor).get(reverse("arrangements:detail", args=["draft"])))
    assert "Отказаться от проекта или предложения" in draft
    assert "Предложить прекратить" not in draft
    in_force = _html(client_as(editor).get(reverse("arrangements:detail", args=["cross"])))
    assert "Предложить прекратить" in in_force
    assert "Отказаться от проекта или предложения" not in in_force
