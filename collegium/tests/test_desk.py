"""The home page is a signed-in user's desk: what awaits their organizations, from every app."""

import datetime as dt
import re
import types

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collegium.accounts.models import User
from collegium.core import desk
from collegium.core.audit_guard import writes_allowed
from collegium.events.invitations import services as invitation_services
from collegium.events.models import Invitation, InvitationStatus

# The demo as loaded on this day: the 2025 SCO and CIS summits held (their invitations
# sent, unanswered), the CSTO's of 27 November ahead (its invitations drafts), the
# Union State's accession waiting for every party's consent.
DEMO_DAY = dt.datetime(2025, 11, 1, 9, 0, tzinfo=dt.UTC)
OVERDUE_ON_DEMO_DAY = 2


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


@pytest.fixture
def demo(db, monkeypatch):
    """Load the demo as of ``DEMO_DAY`` and keep that day as today."""
    monkeypatch.setattr(
        "collegium.events.demo.timezone", types.SimpleNamespace(now=lambda: DEMO_DAY)
    )
    call_command("demo", stdout=_Sink())
    monkeypatch.undo()
    monkeypatch.setattr(timezone, "localdate", lambda *args: DEMO_DAY.date())


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _desk(response) -> dict[str, tuple[int, str, list[str]]]:
    """Return {item: (count, its link, the links it names)} as the home page shows them."""
    found = {}
    for name, body in re.findall(
        r'data-desk-item="([^"]+)">(.*?)</article>', response.text, re.DOTALL
    ):
        count = re.search(r'desk__count">(\d+)<', body)
        link = re.search(r'<h3><a href="([^"]+)"', body)
        names = re.findall(r'<li><a href="([^"]+)"', body)
        assert count is not None
        found[name] = (
            int(count.group(1)),
            link.group(1).replace("&amp;", "&") if link else "",
            names,
        )
    return found


def _counts(response) -> dict[str, int]:
    return {name: count for name, (count, _link, _names) in _desk(response).items()}


def test_desk_counts_what_awaits_two_demo_secretariats(demo):
    csto = _client("csto-secretariat").get(reverse("home"))
    sco = _client("sco-secretariat").get(reverse("home"))
    assert _counts(csto) == {
        "consents-to-record": 1,  # the Union State's accession
        "invitations-to-send": 4,  # to the CIS and SCO heads, for the 2025 and 2026 summits
        "invitations-to-answer": 0,
        "answers-overdue": 0,
        "protocol-checks": 0,
        "texts-to-agree": 0,
        "overdue-tasks": 0,
    }
    assert _counts(sco) == {
        "consents-to-record": 1,
        "invitations-to-send": 0,
        "invitations-to-answer": 0,  # those it got were to summits now past
        "answers-overdue": 0,  # the demo records the answers to its Tianjin summit
        "protocol-checks": 0,
        "texts-to-agree": 0,
        "overdue-tasks": 0,
    }
    # The Plan of consultations for 2026 is a draft neither ministry has agreed yet, and the
    # 2025 meeting's minutes are circulated, waiting for each party's approval.
    assert _counts(_client("mfa-ru").get(reverse("home")))["texts-to-agree"] == 2
    # Tasks of the 2024 resolution and the programme past their deadline (execution demo).
    assert _counts(_client("mfa-by").get(reverse("home")))["overdue-tasks"] == OVERDUE_ON_DEMO_DAY
    items = _desk(csto)
    assert items["invitations-to-send"][1] == (
        reverse("events:invitation-list") + "?direction=outgoing&status=draft"
    )
    assert items["consents-to-record"][2] == [
        reverse("arrangements:detail", args=["cross-invitations-csto-cis-sco"])
    ]
    assert items["invitations-to-send"][2] == [
        reverse("events:event-detail", args=["csto-summit-2025-bishkek"]),
        reverse("events:event-detail", args=["csto-summit-2026-russia"]),
    ]


def test_an_answer_never_recorded_for_a_past_event_is_overdue(demo):
    """Had the CSTO's answer to the SCO's Tianjin summit never been recorded, it would await.

    The demo records every answer to that summit; the test puts one back to "sent" as a
    database from before the demo recorded answers holds it (no service unsends)."""
    with writes_allowed():
        Invitation.objects.filter(
            event__slug="sco-summit-2025-tianjin", invitee_organization__slug="csto"
        ).update(status=InvitationStatus.SENT, answered_at=None, answered_by=None)
    items = _desk(_client("sco-secretariat").get(reverse("home")))
    assert items["answers-overdue"][0] == 1
    assert items["answers-overdue"][2] == [
        reverse("events:event-detail", args=["sco-summit-2025-tianjin"])
    ]


def test_a_sent_invitation_moves_from_one_desk_to_the_other_at_once(demo):
    """Sending leaves the sender's drafts and reaches the invitee's answers on the next request."""
    csto, sco = _client("csto-secretariat"), _client("sco-secretariat")
    assert _counts(csto.get(reverse("home")))["invitations-to-send"] == 4
    draft = Invitation.objects.get(
        event__slug="csto-summit-2025-bishkek",
        status=InvitationStatus.DRAFT,
        invitee_organization__slug="sco",
        invitee_post__is_head=True,
    )
    invitation_services.invitation_send(
        actor=User.objects.get(username="csto-secretariat"), invitation=draft
    )
    assert _counts(csto.get(reverse("home")))["invitations-to-send"] == 3
    answer = _desk(sco.get(reverse("home")))["invitations-to-answer"]
    assert answer[0] == 1
    assert answer[2] == [reverse("events:event-detail", args=["csto-summit-2025-bishkek"])]


def test_anonymous_visitors_keep_the_public_home_page(demo, client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _desk(response) == {}
    assert 'id="desk-title"' not in response.text


def test_a_desk_item_registered_by_another_module_appears(demo, monkeypatch):
    """A future app adds its item by registering it; the home page names no app."""
    monkeypatch.setattr(desk, "_registry", dict(desk._registry))

    def tasks_due(request):
        return desk.DeskItem(title="Tasks due", count=7, url="/tasks/")

    desk.register_desk_item(name="throwaway-tasks", read=tasks_due, order=1)
    items = _desk(_client("csto-secretariat").get(reverse("home")))
    assert list(items)[0] == "throwaway-tasks"
    assert items["throwaway-tasks"][:2] == (7, "/tasks/")


def test_an_item_that_does_not_concern_the_user_is_left_out(demo, make_user):
    """The events' items concern only users who act for an organization."""
    response = Client()
    response.force_login(make_user(None, username="loner"))
    page = response.get(reverse("home"))
    assert _desk(page) == {}
    assert "вы пока не представляете ни одну организацию" in page.text


def test_home_page_promises_no_shipped_area_for_later(client, db):
    """The areas that exist (calendar, arrangements, meetings, documents): the page links them
    and no longer calls them coming."""
    text = client.get(reverse("home")).text
    lede = re.search(r'<p class="lede">(.*?)</p>', text, re.DOTALL)
    assert lede is not None
    assert "в следующих версиях" not in lede.group(1)
    assert "перекрёстные приглашения" in lede.group(1)
    cards = re.findall(r'<article class="area-card[^"]*">\s*<h3>(.*?)</h3>', text, re.DOTALL)
    by_name = {re.sub(r"<[^>]+>", " ", card).split()[0]: card for card in cards}
    for name, url in (
        ("Календарь", "events:month"),
        ("Договорённости", "arrangements:list"),
        ("Заседания", "meetings:list"),
        ("Документы", "decisions:list"),
    ):
        assert f'href="{reverse(url)}"' in by_name[name]
        assert "скоро" not in by_name[name]
    assert "скоро" in by_name["Пресса"]


def test_the_main_navigation_marks_as_coming_only_the_areas_not_built(client, db):
    """Programmes exist (documents of that kind, each with its progress page): the navigation
    links them; only press and monitoring are still to come."""
    text = client.get(reverse("home")).text
    navigation = re.search(r'<nav class="areas".*?</nav>', text, re.DOTALL)
    assert navigation is not None
    soon = re.findall(r'<span class="areas__soon"[^>]*>(.*?)</span>', navigation.group(0))
    assert soon == ["Пресса", "Мониторинг"]
    assert f'href="{reverse("decisions:list")}?kind=programme">Программы</a>' in navigation.group(0)
