"""The forms invitation letters print, kept on posts and persons: API, admin, Popolo."""

import copy
import json
from typing import get_args

import pytest
from django.db import transaction
from django.test import Client

from collegium.registry import popolo
from collegium.registry.models import Gender, OrganizationKind, Person, Post
from collegium.registry.popolo import SYSTEM, export_popolo, import_popolo
from collegium.registry.schemas import GenderChoice
from collegium.registry.services import person_create, post_create

API = "/api/v1/registry"

POST_FORMS = {
    "label_ru_dative": "Генеральному секретарю Шанхайской организации сотрудничества",
    "letter_label_ru": "Генеральный секретарь Шанхайской организации сотрудничества",
    "letter_label_en": "Secretary-General of the Shanghai Cooperation Organisation",
    "address_title_ru": "Генеральный секретарь",
    "address_title_en": "Secretary-General",
}
PERSON_FORMS = {
    "gender": "male",
    "honorific_prefix": "H.E.",
    "name_ru_dative": "Н.Б. Ермекбаеву",
    "name_ru_short": "Н.Б. Ермекбаев",
}


@pytest.fixture
def secretariat(make_org):
    return make_org("sco-secretariat", kind=OrganizationKind.EXECUTIVE_BODY, name_ru="Секретариат")


@pytest.fixture
def admin_client(site_admin):
    client = Client()
    client.force_login(site_admin)
    return client


def _post(client, path, body):
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json")


def test_the_api_writes_and_reads_the_letter_forms(admin_client, secretariat):
    person = _post(
        admin_client,
        "/persons",
        {"slug": "nurlan-yermekbayev", "name_ru": "Нурлан Ермекбаев", "owner": "sco-secretariat"}
        | PERSON_FORMS,
    )
    assert person.status_code == 201, person.content
    assert {key: person.json()[key] for key in PERSON_FORMS} == PERSON_FORMS
    post = _post(
        admin_client,
        "/posts",
        {
            "slug": "sco-secretary-general",
            "organization": "sco-secretariat",
            "label_ru": "Генеральный секретарь ШОС",
            "owner": "sco-secretariat",
        }
        | POST_FORMS,
    )
    assert post.status_code == 201, post.content
    changed = admin_client.patch(
        f"{API}/posts/sco-secretary-general",
        json.dumps({"address_title_en": "Secretary General"}),
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["label_ru_dative"] == POST_FORMS["label_ru_dative"]
    assert Post.objects.get().address_title_en == "Secretary General"


def test_an_unknown_gender_is_refused_on_its_field(admin_client, secretariat):
    response = _post(
        admin_client,
        "/persons",
        {"slug": "x", "name_ru": "Икс", "owner": "sco-secretariat", "gender": "m"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "gender"
    assert not Person.objects.exists()


def test_the_admin_shows_the_letter_forms(admin_client, site_admin, secretariat):
    person = person_create(
        actor=site_admin,
        data={"slug": "p", "name_ru": "Лицо", "owner": secretariat} | PERSON_FORMS,
    )
    page = admin_client.get(f"/admin/registry/person/{person.pk}/change/")
    assert page.status_code == 200
    assert "Н.Б. Ермекбаеву" in page.content.decode()


def _world(site_admin, secretariat):
    person_create(
        actor=site_admin,
        data={"slug": "nurlan-yermekbayev", "name_ru": "Нурлан Ермекбаев", "owner": secretariat}
        | PERSON_FORMS,
    )
    post_create(
        actor=site_admin,
        data={
            "slug": "sco-secretary-general",
            "organization": secretariat,
            "label_ru": "Генеральный секретарь ШОС",
            "owner": secretariat,
        }
        | POST_FORMS,
    )


def test_popolo_carries_gender_and_style_in_its_slots_and_the_forms_in_the_extension(
    site_admin, secretariat
):
    _world(site_admin, secretariat)
    document = export_popolo(user=SYSTEM)
    person = document["persons"][0]
    assert person["gender"] == "male"
    assert person["honorific_prefix"] == "H.E."
    assert person["collegium"]["name_ru_dative"] == "Н.Б. Ермекбаеву"
    assert person["collegium"]["name_ru_short"] == "Н.Б. Ермекбаев"
    post = document["posts"][0]
    assert {key: post["collegium"][key] for key in POST_FORMS} == POST_FORMS


def test_popolo_with_the_letter_forms_is_valid_popolo(site_admin, secretariat, popolo_schemas):
    """Gender, style and the extension's forms keep the person and the post valid Popolo."""
    _world(site_admin, secretariat)
    document = export_popolo(user=SYSTEM)
    [person] = document["persons"]
    [post] = document["posts"]
    assert person["gender"] == "male"
    assert post["collegium"]["letter_label_ru"]
    assert popolo.popolo_validator("person") is not None
    assert popolo.popolo_schema_errors("person", person) == []
    assert popolo.popolo_schema_errors("post", post) == []
    assert popolo.popolo_schema_errors("person", person | {"gender": 1}) != []


def test_popolo_round_trip_keeps_the_letter_forms(site_admin, secretariat):
    with transaction.atomic():
        _world(site_admin, secretariat)
        document = export_popolo(user=SYSTEM)
        transaction.set_rollback(True)
    assert not Person.objects.exists()
    import_popolo(actor=site_admin, data=copy.deepcopy(document))
    assert export_popolo(user=SYSTEM) == document
    assert Person.objects.get().name_ru_dative == "Н.Б. Ермекбаеву"


def test_popolo_refuses_an_unknown_gender(site_admin, secretariat):
    _world(site_admin, secretariat)
    document = export_popolo(user=SYSTEM)
    document["persons"][0]["gender"] = "unknown"
    with pytest.raises(popolo.ValidationError) as error:
        import_popolo(actor=site_admin, data=document)
    assert "persons[0].gender" in str(error.value)


def test_the_api_gender_choices_are_the_models():
    assert set(get_args(GenderChoice)) == {"", *Gender.values}
