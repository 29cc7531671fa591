"""The meetings' part of the demo: the 2025 agenda and delegations, the 2024 meeting, linked."""

import pytest
from django.core.management import call_command
from django.test import Client

from collegium.core.models import AuditRecord
from collegium.events.models import Event
from collegium.meetings.models import AgendaDocument, AgendaItem, DelegationMember


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


@pytest.fixture
def demo(db):
    call_command("demo", stdout=_Sink())


def test_the_2025_meeting_has_its_agenda_and_heads(demo):
    """The interim report comes first (derived), then the stored items; both delegations are
    headed by the two ministers."""
    from collegium.meetings.selectors import agenda_report

    meeting = Event.objects.get(slug="joint-collegium-2025")
    report = agenda_report(meeting, user=None)
    assert report is not None
    assert [document.slug for document in report.sources.documents] == [
        "resolution-2024",
        "programme-2024-2026",
    ]
    items = list(AgendaItem.objects.filter(meeting=meeting))
    assert len(items) == 5
    assert not any("промежуточных итогах" in item.title_ru for item in items)
    assert items[0].title_ru.startswith("О взаимодействии")
    assert items[-1].title_ru.startswith("Подписание Постановления коллегий")
    assert all(item.is_illustrative for item in items)  # presenters and durations are
    heads = DelegationMember.objects.filter(
        delegation__meeting__slug="joint-collegium-2025", is_head=True
    )
    assert {(m.delegation.organization.slug, m.person.slug) for m in heads} == {
        ("mfa-ru-collegium", "sergey-lavrov"),
        ("mfa-by-collegium", "maxim-ryzhenkov"),
    }


def test_the_demo_documents_are_on_their_items(demo):
    """The 2025 Resolution and Plan on their signing, the Programme on bilateral cooperation;
    the page shows item 1 as the interim report and the documents under their items."""
    attached = AgendaDocument.objects.filter(item__meeting__slug="joint-collegium-2025")
    by_item = {}
    for attachment in attached.select_related("item", "document"):
        by_item.setdefault(attachment.item.title_ru[:20], []).append(attachment.document.slug)
    assert by_item == {
        "Подписание Постановл": ["resolution-2025", "consultation-plan-2026"],
        "О двустороннем сотру": ["programme-2024-2026"],
    }
    html = Client().get("/calendar/events/joint-collegium-2025/").content.decode()
    agenda = html[html.index('id="agenda"') :]
    assert agenda.index("Промежуточные итоги выполнения решений: Постановление") < agenda.index(
        "О взаимодействии в использовании"
    )
    assert 'href="/tasks/interim/joint-collegium-2025/pdf/"' in agenda
    for slug in ("resolution-2025", "consultation-plan-2026", "programme-2024-2026"):
        assert f'href="/documents/{slug}/"' in agenda


def test_the_previous_meeting_is_linked_both_ways(demo):
    """The 2024 meeting exists, held, and the two meeting pages link each other."""
    previous = Event.objects.get(slug="joint-collegium-2024")
    assert previous.status == "held"
    assert AgendaItem.objects.filter(meeting=previous).count() == 2  # after the report
    client = Client()
    html = client.get("/calendar/events/joint-collegium-2025/").content.decode()
    assert 'rel="prev" href="/calendar/events/joint-collegium-2024/"' in html
    assert "Сергей Викторович Лавров" in html  # the minister's post, resolved on the day
    html = client.get("/calendar/events/joint-collegium-2024/").content.decode()
    assert 'rel="next" href="/calendar/events/joint-collegium-2025/"' in html


def test_reloading_the_demo_changes_nothing(demo):
    """A second load writes no audit record."""
    before = AuditRecord.objects.count()
    call_command("demo", stdout=_Sink())
    assert AuditRecord.objects.count() == before


def test_the_ministries_managers_see_their_forms(demo):
    """As mfa-ru, the agenda form and the Russian delegation's form show; not the Belarusian's."""
    from collegium.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="mfa-ru"))
    html = client.get("/calendar/events/joint-collegium-2025/").content.decode()
    assert 'action="/meetings/joint-collegium-2025/agenda/new/"' in html
    assert 'action="/meetings/joint-collegium-2025/delegations/mfa-ru-collegium/new/"' in html
    assert 'action="/meetings/joint-collegium-2025/delegations/mfa-by-collegium/new/"' not in html


def test_the_minutes_of_both_meetings(demo):
    """2024: approved by both parties; 2025: circulated, with an illustrative comment thread."""
    from collegium.decisions.models import Document, ParagraphComment

    previous = Document.objects.get(meeting__slug="joint-collegium-2024", kind="minutes")
    current = Document.objects.get(meeting__slug="joint-collegium-2025", kind="minutes")
    assert (previous.status, current.status) == ("approved", "circulated")
    assert previous.is_illustrative
    assert current.is_illustrative
    comments = list(ParagraphComment.objects.filter(document=current))
    assert len(comments) == 2
    assert all(comment.is_illustrative for comment in comments)
    assert comments[1].parent_id == comments[0].pk
    assert {comment.organization.slug for comment in comments} == {
        "mfa-ru-collegium",
        "mfa-by-collegium",
    }
    html = Client().get("/calendar/events/joint-collegium-2025/").content.decode()
    assert f'href="/documents/{current.slug}/"' in html
    assert "Разослан" in html
    page = Client().get(f"/documents/{current.slug}/").content.decode()
    assert "Иллюстративное замечание" in page
