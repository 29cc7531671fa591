import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from collegium.accounts.models import User
from collegium.core import audit
from collegium.core.models import AuditRecord
from collegium.events.models import Event, Invitation
from collegium.registry.models import Organization
from collegium.registry.selectors import head_of, members_of


@pytest.fixture
def demo(db):
    call_command("demo", stdout=_Sink())


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_demo_loads_the_real_registry(demo):
    """The demo holds the organizations, bodies and office-holders of DOMAIN.md."""
    csto = Organization.objects.get(slug="csto")
    assert csto.acronym_ru == "ОДКБ"
    assert set(csto.bodies.values_list("slug", flat=True)) == {"csto-secretariat", "csto-csc"}
    secretariat = Organization.objects.get(slug="csto-secretariat")
    assert head_of(secretariat, on=dt.date(2025, 11, 27)).person.slug == "imangali-tasmagambetov"
    assert head_of(secretariat, on=dt.date(2026, 11, 25)).person.slug == "taalatbek-masadykov"
    committee = Organization.objects.get(slug="union-state-standing-committee")
    assert head_of(committee, on=dt.date(2025, 11, 25)).person.slug == "sergey-glazyev"
    assert head_of(committee, on=dt.date(2024, 6, 1)).person.slug == "dmitry-mezentsev"


def test_armenias_csto_participation_is_frozen(demo):
    csto = Organization.objects.get(slug="csto")
    armenia_2025 = members_of(csto, on=dt.date(2025, 6, 1)).get(member_state__code="am")
    assert armenia_2025.status == "suspended"
    armenia_2020 = members_of(csto, on=dt.date(2020, 6, 1)).get(member_state__code="am")
    assert armenia_2020.status == "active"


def test_belarus_joins_the_sco_in_2024(demo):
    sco = Organization.objects.get(slug="sco")
    assert not members_of(sco, on=dt.date(2024, 1, 1)).filter(member_state__code="by").exists()
    assert members_of(sco, on=dt.date(2024, 8, 1)).filter(member_state__code="by").exists()


def test_demo_users_and_joint_collegium(demo):
    user = User.objects.get(username="csto-secretariat")
    assert user.check_password("collegium-demo")
    assert user.affiliations.get().role == "manager"
    assert User.objects.get(username="admin").is_superuser
    event = Event.objects.get(slug="joint-collegium-2025")
    assert event.local_start().date() == dt.date(2025, 11, 25)
    assert set(event.organizers.values_list("slug", flat=True)) == {
        "mfa-ru-collegium",
        "mfa-by-collegium",
    }


def test_demo_is_idempotent(demo):
    """A second load changes nothing and writes no audit records."""
    before = AuditRecord.objects.count()
    out = _Sink()
    call_command("demo", stdout=out)
    assert "nothing changed" in out.text
    assert AuditRecord.objects.count() == before
    assert audit.verify_chain().ok


def test_demo_repairs_an_edited_record(demo):
    """A demo record changed since loading is put back (and the repair is audited)."""
    from collegium.registry.services import organization_update

    admin = User.objects.get(username="admin")
    csto = Organization.objects.get(slug="csto")
    organization_update(actor=admin, organization=csto, data={"name_en": "Renamed"})
    call_command("demo", stdout=_Sink())
    csto.refresh_from_db()
    assert csto.name_en == "Collective Security Treaty Organization"


def test_demo_refuses_a_database_with_other_data(demo, make_org):
    make_org("someone-elses")
    with pytest.raises(CommandError, match="not the demo's.*1 organizations.*--force"):
        call_command("demo", stdout=_Sink())
    call_command("demo", "--force", stdout=_Sink())


def test_demo_prints_the_logins(db):
    out = _Sink()
    call_command("demo", stdout=out)
    assert "collegium-demo" in out.text
    assert "csto-secretariat" in out.text
    # Every invitation counts, also those generated as the events and arrangements were saved.
    assert f"{Invitation.objects.count()} invitations" in out.text


def test_demo_refuses_production_settings(db, settings):
    """Production settings refuse the demo and its published password unless forced."""
    settings.COLLEGIUM_PRODUCTION = True
    with pytest.raises(CommandError, match="production settings"):
        call_command("demo", stdout=_Sink())
    assert not User.objects.filter(username="admin").exists()


def test_the_bishkek_summit_has_its_cross_invitations(demo):
    """The CSTO summit invites the heads of the CIS Executive Committee and the SCO Secretariat."""
    from collegium.events.models import Invitation

    invitations = Invitation.objects.filter(event__slug="csto-summit-2025-bishkek")
    assert {(i.invitee_post.slug, i.invitee_person.slug) for i in invitations} == {
        ("cis-secretary-general", "sergey-lebedev"),
        ("sco-secretary-general", "nurlan-yermekbayev"),
    }


def test_the_apps_steps_run_by_band_then_in_installed_apps_order():
    """The administrator first, then the registry, the managers, the signatories, the records."""
    from collegium.devdata import demo

    names = [f"{step.__module__}.{step.__name__}" for step in demo.steps()]
    ours = [
        "collegium.accounts.demo.load_administrator",
        "collegium.registry.demo.load_registry",
        "collegium.accounts.demo.load_users",
        "collegium.signatures.demo.load_signatories",
        "collegium.events.demo.load_events",
    ]
    assert names[: len(ours)] == ours  # other apps' records come after, by default


def test_demo_force_resets_what_users_did_to_the_scenario_and_says_so(demo, make_org):
    """``demo --force`` is a refresh: a cancelled summit is planned again, its sent invitation
    a draft again, each reset audited (``demo.refresh``); records users added stay."""
    from collegium.events.calendar import services as event_services
    from collegium.events.invitations import services as invitation_services

    secretariat = User.objects.get(username="cis-executive-committee")
    event = Event.objects.get(slug="cis-informal-summit-2026-saint-petersburg")
    invitation = Invitation.objects.filter(event=event).order_by("pk").first()
    invitation_services.invitation_send(actor=secretariat, invitation=invitation)
    event_services.event_cancel(actor=secretariat, event=event)
    theirs = make_org("someone-elses")

    out = _Sink()
    call_command("demo", "--force", stdout=out)
    event.refresh_from_db()
    invitation.refresh_from_db()
    assert event.status == "planned"
    assert (invitation.status, invitation.sent_at, invitation.sent_by) == ("draft", None, None)
    assert "Demo updated: " in out.text
    assert "Demo refreshed:" in out.text
    refresh = AuditRecord.objects.filter(action="demo.refresh")
    assert set(refresh.values_list("object_type", flat=True)) >= {
        "events.event",
        "events.invitation",
        "devdata.demo",
    }
    assert Organization.objects.filter(pk=theirs.pk).exists()
    assert audit.verify_chain().ok

    out = _Sink()
    call_command("demo", "--force", stdout=out)
    assert "every record of the scenario already matched it; nothing changed" in out.text


def test_demo_force_rewords_an_earlier_demos_note(demo):
    """An earlier demo's note with an English sentence in brackets is reworded by a refresh."""
    from collegium.events.demo import CROSS_INVITATIONS_CONSENT_NOTE
    from collegium.events.models import ArrangementMotion

    motion = ArrangementMotion.objects.get(arrangement__slug="cross-invitations-csto-cis-sco")
    with audit.audited(actor=None, action="test.setup", instance=motion):
        motion.note = CROSS_INVITATIONS_CONSENT_NOTE + " (The parties' consents are illustrative.)"
        motion.save(update_fields=["note"])
    call_command("demo", "--force", stdout=_Sink())
    motion.refresh_from_db()
    assert motion.note == CROSS_INVITATIONS_CONSENT_NOTE
