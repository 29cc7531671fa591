"""The solver's reasons in the reader's language: every engine code has its wording, the
plan page and the API word stored phrases, old versions keep their plain texts."""

import datetime as dt
import re

import pytest
from django.utils import translation

from collegium.core.audit_guard import writes_allowed
from collegium.planning import services
from collegium.planning.engine.phrases import ENGLISH, iso_week, phrase, to_json
from collegium.planning.models import PlanVersion
from collegium.planning.reasons import TEMPLATES, phrase_text, unplaced_reasons

ENGINE_FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")


class _Names(dict):
    """Values for any name a wording asks for, remembering the names asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def __getitem__(self, name: str) -> object:
        self.asked.add(name)
        return 2

    def __contains__(self, name: object) -> bool:
        return True


def _worded(code: str, language: str) -> tuple[str, set[str]]:
    """Return a code's wording in ``language`` and the names of the values it uses."""
    names = _Names()
    with translation.override(language):
        text = TEMPLATES[code] % names
    return text, names.asked


def test_every_code_the_engine_emits_has_a_wording_here():
    """No engine phrase falls back to English for want of a wording, and none is left over."""
    assert set(TEMPLATES) == set(ENGLISH)


@pytest.mark.parametrize("code", sorted(ENGLISH))
@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_each_wording_takes_the_values_the_engine_gives(code, language):
    """A wording naming a value the phrase lacks would fall back to English."""
    _text, asked = _worded(code, language)
    assert asked == set(ENGINE_FIELD.findall(ENGLISH[code]))


@pytest.mark.parametrize("code", sorted(ENGLISH))
@pytest.mark.parametrize("language", ["ru", "be"])
def test_each_wording_is_translated(code, language):
    """Every wording with words in it reads in Cyrillic in Russian and in Belarusian."""
    english, _asked = _worded(code, "en")
    if not re.search(r"[a-z]{2}", english):
        return  # only values and punctuation: "%(start)s–%(end)s"
    text, _asked = _worded(code, language)
    assert re.search("[а-яёіў]", text), text


def test_a_stored_phrase_reads_in_russian_with_dates_as_the_interface_writes_them():
    stored = to_json(
        phrase(
            "conflict_with",
            requests=["c3", "c7"],
            constraints=[
                phrase(
                    "no_working_days",
                    days=3,
                    party_a="mfa-ru",
                    party_b="mfa-by",
                    first=dt.date(2026, 3, 1),
                    last=dt.date(2026, 3, 31),
                ),
                phrase("week_cap", limit=2, week=iso_week(2026, 10), monday=dt.date(2026, 3, 2)),
            ],
        )
    )
    with translation.override("ru"):
        text = phrase_text(stored)
    assert text == (
        "не удаётся разместить вместе с c3, c7: в сроки 01.03.2026–31.03.2026 нет 3 подряд "
        "рабочих дней и у mfa-ru, и у mfa-by; не более 2 консультаций в неделю: 10-я неделя "
        "2026 г. (с 02.03.2026)"
    )
    with translation.override("en"):
        assert "cannot be placed together with c3, c7" in phrase_text(stored)


def test_an_unknown_code_or_wrong_values_fall_back_to_the_english_text():
    with translation.override("ru"):
        assert phrase_text({"code": "from-a-later-engine", "values": {}, "text": "new"}) == "new"
        assert phrase_text({"code": "week_cap", "values": {"limit": 1}, "text": "cap"}) == "cap"
        nested = {"code": "conflict", "values": {"constraints": [{"code": "?", "text": "odd"}]}}
        assert phrase_text({**nested, "text": "x"}) == "не удаётся разместить: odd"


def test_reasons_without_phrases_are_shown_as_stored():
    """A version solved before the phrases were kept (or a mismatched list) keeps its texts."""
    assert unplaced_reasons({"id": "c1", "reasons": ["no room left"]}) == ["no room left"]
    mismatched = {"reasons": ["a", "b"], "reason_phrases": [to_json(phrase("no_room"))]}
    assert unplaced_reasons(mismatched) == ["a", "b"]


@pytest.fixture
def crowded(site_admin, plan, make_request):
    """Two rounds of one lead official in the same two days: one stays unplaced."""
    for code in ("c01", "c02"):
        make_request(code, window_start=dt.date(2026, 3, 2), window_end=dt.date(2026, 3, 3))
    return services.plan_solve(actor=site_admin, plan=plan, synchronous=True)


@pytest.mark.django_db
def test_the_page_and_the_api_give_the_reasons_in_the_readers_language(
    client, users, plan, crowded
):
    assert crowded.result["unplaced"], crowded.result
    assert crowded.result["unplaced"][0]["reason_phrases"]
    client.force_login(users["ru-manager"])
    page = client.get(f"/planning/{plan.slug}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "не удаётся разместить вместе с" in page
    assert "cannot be placed" not in page
    url = f"/api/v1/planning/versions/{crowded.pk}"
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert russian["unplaced"][0]["reasons"][0].startswith("не удаётся разместить вместе с")
    assert "нужен свободный день на переезд" in " ".join(russian["conflicts"][0]["constraints"])
    belarusian = client.get(url, HTTP_ACCEPT_LANGUAGE="be").json()
    assert belarusian["unplaced"][0]["reasons"][0].startswith("не ўдаецца размясціць разам з")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["unplaced"][0]["reasons"][0].startswith("cannot be placed together with")


@pytest.mark.django_db
def test_an_old_version_with_plain_reasons_still_shows_them(client, users, plan, crowded):
    """Stored before the phrases: the English texts are shown, on the page and in the API."""
    result = dict(crowded.result)
    result["unplaced"] = [{"id": "c02", "reasons": ["an old reason in English"]}]
    result["conflicts"] = [{"requests": ["c01", "c02"], "constraints": ["an old constraint"]}]
    with writes_allowed():  # a version as it was stored then
        PlanVersion.objects.filter(pk=crowded.pk).update(result=result)
    client.force_login(users["ru-manager"])
    page = client.get(f"/planning/{plan.slug}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "an old reason in English" in page
    assert "an old constraint" in page
    detail = client.get(f"/api/v1/planning/versions/{crowded.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert detail["unplaced"] == [{"id": "c02", "reasons": ["an old reason in English"]}]
    assert detail["conflicts"][0]["constraints"] == ["an old constraint"]
