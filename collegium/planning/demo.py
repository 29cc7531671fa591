"""The planning's part of the demo: the Plan of consultations for 2026 of the MFA of Russia and
the MFA of Belarus, solved, and an over-constrained variant whose conflict is explained.

Everything here is illustrative (flagged so): the 19 requests, their topics (from the themes
of the 2025 joint collegium in DOMAIN.md), officials and windows follow
``planning/examples/plan-2026.json``.  The lead officials are illustrative posts of the two
ministries; they are invited to the 2026 summits in the calendar (the deputy ministers
accompany their heads of state), so the solver plans around the summits as the calendar
has them, and around both states' public holidays.  One leave is a manual blackout.

The variant pins the CIS consultations onto 9 September, inside the only week the second
round of the strategic dialogue can take, with the same deputy ministers: the solver says
which requests conflict and why.  Solved here, synchronously, with a short time limit; solved
again on a later load only when the plan's input changed.  Not approved: the page does that.
The plan's document is the decisions' demo "Plan of inter-ministry consultations for 2026"
(linked, not drawn up a second time): approval brings its text to the solved consultations.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from collegium.decisions.models import Document, DocumentKind
from collegium.devdata import demo
from collegium.events.demo import _record_as_of_old as record_as_of_old
from collegium.events.demo import _secretariat as secretariat
from collegium.events.invitations import services as invitation_services
from collegium.events.invitations.services import invitation_create_ad_hoc
from collegium.events.models import Event, EventStatus, Invitation, InvitationStatus
from collegium.planning import selectors, services
from collegium.planning.models import ConsultationPlan, ConsultationRequest, ManualBlackout
from collegium.registry import services as registry
from collegium.registry.models import Organization, Post

EXAMPLE = Path(__file__).parent / "examples" / "plan-2026.json"
SLUG = "consultations-2026"
DOCUMENT_SLUG = "consultation-plan-2026"  # the decisions' demo document of the plan
VARIANT_SLUG = "consultations-2026-overconstrained"
VARIANT_PIN = ("C15", dt.date(2026, 9, 9))
TIME_LIMIT = 3.0

# topic_key → (ru, be): the themes of DOMAIN.md, worded for the demo.
TOPICS: dict[str, tuple[str, str]] = {
    "strategic-dialogue": (
        "Стратегический диалог по международной повестке",
        "Стратэгічны дыялог па міжнароднай павестцы",
    ),
    "diplomatic-toolkit": (
        "Использование дипломатического инструментария",
        "Выкарыстанне дыпламатычнага інструментарыю",
    ),
    "traditional-values": (
        "Продвижение традиционных ценностей",
        "Прасоўванне традыцыйных каштоўнасцей",
    ),
    "historical-memory": ("Сохранение исторической памяти", "Захаванне гістарычнай памяці"),
    "friendly-states": (
        "Взаимодействие с дружественными государствами и объединениями",
        "Узаемадзеянне з дружалюбнымі дзяржавамі і аб'яднаннямі",
    ),
    "sanctions": (
        "Противодействие санкциям и правовому давлению",
        "Процідзеянне санкцыям і прававому ціску",
    ),
    "information-support": (
        "Информационное сопровождение внешней политики",
        "Інфармацыйнае суправаджэнне знешняй палітыкі",
    ),
    "consular": ("Консульские вопросы", "Консульскія пытанні"),
    "un": ("ООН и её специализированные учреждения", "ААН і яе спецыялізаваныя ўстановы"),
    "csto": ("Повестка ОДКБ", "Павестка АДКБ"),
    "cis": ("Повестка СНГ", "Павестка СНД"),
    "sco": ("Повестка ШОС", "Павестка ШАС"),
    "union-state": ("Союзное государство", "Саюзная дзяржава"),
    "arms-control": ("Контроль над вооружениями", "Кантроль над узбраеннямі"),
}
# The example file's departments (English, as the file interface writes them) → the
# Russian names the demo's requests carry (illustrative, like the requests themselves).
DEPARTMENTS_RU: dict[str, str] = {
    "Asia Department": "Департамент Азии",
    "Consular Department": "Консульский департамент",
    "First CIS Department": "Первый департамент стран СНГ",
    "Foreign Policy Planning Department": "Департамент внешнеполитического планирования",
    "Department of Foreign Policy Planning": "Департамент внешнеполитического планирования",
    "Humanitarian Cooperation Department": "Департамент гуманитарного сотрудничества",
    "Department of Humanitarian Cooperation": "Департамент гуманитарного сотрудничества",
    "Information Department": "Информационный департамент",
    "Information and Press Department": "Департамент информации и печати",
    "International Security Department": "Департамент международной безопасности",
    "Legal Department": "Правовой департамент",
    "Multilateral Diplomacy Department": "Департамент многосторонней дипломатии",
    "Department of Asian Cooperation": "Департамент азиатского сотрудничества",
    "Department of European Security": "Департамент европейской безопасности",
    "Department of International Organizations": "Департамент международных организаций",
    "Department of Non-proliferation": "Департамент по вопросам нераспространения",
    "Department of the CIS": "Департамент стран СНГ",
}
ILLUSTRATIVE_RU = " (иллюстративно)"
ILLUSTRATIVE_BE = " (ілюстрацыйна)"
# Which lead posts the calendar's 2026 summits take away (the deputy ministers).
SUMMITS = {
    "cis-summit-2026-ashgabat": ("-deputy-minister-a",),
    "csto-summit-2026-russia": ("-deputy-minister-a", "-deputy-minister-b"),
}


def _example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _post_label(slug: str) -> str:
    role = slug.split("-", 1)[1]
    if role.startswith("deputy-minister"):
        letter = role.rsplit("-", 1)[1].upper()
        return f"Заместитель министра иностранных дел {letter} (иллюстративно)"
    theme = role.removeprefix("director-")
    topic = TOPICS.get(theme, (theme, theme))[0]
    return f"Директор департамента: {_lowercase_first(topic)} (иллюстративно)"


def _lowercase_first(text: str) -> str:
    """Lower the first letter after a colon, keeping acronyms (ООН, ОДКБ) and the rest."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _posts(context: demo.DemoContext, orgs: dict[str, Organization], data) -> dict[str, Post]:
    slugs = sorted({post for r in data["requests"] for post in r["leads"].values()})
    posts = {}
    for slug in slugs:
        party = orgs["mfa-ru" if slug.startswith("ru-") else "mfa-by"]
        posts[slug] = context.upsert(
            Post,
            {"slug": slug},
            {"organization": party, "label_ru": _post_label(slug), "owner": party},
            create=registry.post_create,
            update=lambda actor, post, changes: registry.post_update(
                actor=actor, post=post, data=changes
            ),
            kind="posts",
        )
    return posts


def _invite_to_summits(context: demo.DemoContext, posts: dict[str, Post]) -> None:
    for slug, suffixes in SUMMITS.items():
        event = Event.objects.filter(slug=slug).first()
        if event is None:
            continue
        for post in posts.values():
            if not post.slug.endswith(suffixes):
                continue
            if Invitation.objects.filter(event=event, invitee_post=post).exists():
                continue
            invitation = invitation_create_ad_hoc(actor=context.actor, event=event, post=post)
            if event.status == EventStatus.HELD:
                # As the events' demo records the invitations of a held summit.
                record_as_of_old(invitation, event)
            else:
                _send_and_accept(invitation)
            context.result.count("invitations", "created")


def _send_and_accept(invitation: Invitation) -> None:
    """Send an upcoming summit's invitation and accept it, each by its side's secretariat."""
    sender = secretariat(invitation.owner)
    answerer = secretariat(invitation.invitee_organization)
    if sender is None or answerer is None:
        return
    invitation = invitation_services.invitation_send(actor=sender, invitation=invitation)
    invitation_services.invitation_answer(
        actor=answerer, invitation=invitation, status=InvitationStatus.ACCEPTED
    )


def _department(item: dict[str, Any], party: str) -> str:
    name = item["departments"].get(party, "")
    return DEPARTMENTS_RU.get(name, name)


def _request_data(item: dict[str, Any], orgs: dict[str, Organization], posts) -> dict[str, Any]:
    ru, by = orgs["mfa-ru"], orgs["mfa-by"]
    key = item.get("topic_key") or ""
    topic_ru, topic_be = TOPICS.get(key, (item["topic"], item["topic"]))
    suffix = ""
    if "round" in item["topic"]:
        n = item["topic"].rsplit("round ", 1)[1]
        suffix = f", раунд {n}"
    window = item.get("window") or {}
    host = item.get("host") or "alternate"
    return {
        "topic_ru": topic_ru + suffix + ILLUSTRATIVE_RU,
        "topic_en": item["topic"],
        "topic_be": topic_be + suffix.replace("раунд", "раўнд") + ILLUSTRATIVE_BE,
        "level": "deputy_minister"
        if "deputy" in item["leads"]["mfa-ru"]
        else "department_director",
        "party_a": ru,
        "party_b": by,
        "department_a": _department(item, "mfa-ru"),
        "department_b": _department(item, "mfa-by"),
        "lead_a": posts[item["leads"]["mfa-ru"]],
        "lead_b": posts[item["leads"]["mfa-by"]],
        "days": item["days"],
        "window_start": dt.date.fromisoformat(window["from"]) if "from" in window else None,
        "window_end": dt.date.fromisoformat(window["to"]) if "to" in window else None,
        "host": None if host == "alternate" else orgs[host],
        "previous_host": orgs[item["previous_host"]] if item.get("previous_host") else None,
        "min_gap_days": item.get("min_gap_days") or 0,
        "topic_key": key,
        "pinned": dt.date.fromisoformat(item["pinned"]) if item.get("pinned") else None,
    }


def _plan(
    context: demo.DemoContext,
    orgs: dict[str, Organization],
    posts: dict[str, Post],
    data: dict[str, Any],
    *,
    slug: str,
    title: tuple[str, str, str],
    pin: tuple[str, dt.date] | None = None,
) -> ConsultationPlan:
    ru, by = orgs["mfa-ru"], orgs["mfa-by"]
    values = {
        "year": data["year"],
        "title_ru": title[0],
        "title_en": title[1],
        "title_be": title[2],
        "owner": ru,
        "capitals": {"mfa-ru": "Москва", "mfa-by": "Минск"},
        "max_per_week": data["max_per_week"],
        "max_per_week_per_department": data["max_per_week_per_department"],
        "hosting_tolerance": data["hosting_tolerance"],
        "extra_non_working_days": data["extra_non_working_days"],
        "time_limit": TIME_LIMIT,
        "is_illustrative": True,
    }
    plan = context.upsert(
        ConsultationPlan,
        {"slug": slug},
        values,
        create=lambda actor, data: services.plan_create(actor=actor, data=data, parties=[ru, by]),
        update=lambda actor, plan, changes: services.plan_update(
            actor=actor, plan=plan, data=changes
        ),
        kind="plans of consultations",
    )
    for item in data["requests"]:
        values = _request_data(item, orgs, posts)
        if pin is not None and item["id"] == pin[0]:
            values["pinned"] = pin[1]
        code = item["id"].lower()
        context.upsert(
            ConsultationRequest,
            {"plan": plan, "code": code},
            values,
            create=lambda actor, data, plan=plan: services.request_create(
                actor=actor, plan=plan, data={k: v for k, v in data.items() if k != "plan"}
            ),
            update=lambda actor, request, changes: services.request_update(
                actor=actor, request=request, data=changes
            ),
            kind="consultation requests",
        )
    for blackout in data["blackouts"]:
        if blackout["reason"] != "leave":
            continue  # the summits come from the calendar
        post = posts[blackout["official"]]
        start = dt.date.fromisoformat(blackout["from"])
        if not ManualBlackout.objects.filter(plan=plan, post=post, start_date=start).exists():
            services.blackout_add(
                actor=context.actor,
                plan=plan,
                data={
                    "post": post,
                    "start_date": start,
                    "end_date": dt.date.fromisoformat(blackout["to"]),
                    "reason": "отпуск (иллюстративно)",
                },
            )
            context.result.count("blackouts", "created")
    latest = selectors.latest_version(plan, done=True)
    if latest is None or latest.input != selectors.plan_input(plan):
        services.plan_solve(actor=context.actor, plan=plan, synchronous=True)
        context.result.count("plan versions", "created")
    return plan


@demo.step(order=demo.RECORDS + 20)
def load_plans(context: demo.DemoContext) -> None:
    """Load and solve the plan for 2026 and its over-constrained variant."""
    orgs = {slug: Organization.objects.get(slug=slug) for slug in ("mfa-ru", "mfa-by")}
    data = _example()
    posts = _posts(context, orgs, data)
    _invite_to_summits(context, posts)
    plan = _plan(
        context,
        orgs,
        posts,
        data,
        slug=SLUG,
        title=(
            "План межмидовских консультаций на 2026 год (иллюстративный пример)",
            "Plan of inter-ministry consultations for 2026 (illustrative example)",
            "План міжмідаўскіх кансультацый на 2026 год (ілюстрацыйны прыклад)",
        ),
    )
    _plan(
        context,
        orgs,
        posts,
        data,
        slug=VARIANT_SLUG,
        title=(
            "План консультаций на 2026 год: вариант с лишней закреплённой датой",
            "Plan of consultations for 2026: a variant with one pinned date too many",
            "План кансультацый на 2026 год: варыянт з лішняй замацаванай датай",
        ),
        pin=VARIANT_PIN,
    )
    document = Document.objects.filter(slug=DOCUMENT_SLUG, kind=DocumentKind.PLAN).first()
    if document is not None and plan.document_id is None:
        services.plan_link_document(actor=context.actor, plan=plan, document=document)
        context.result.count("plans of consultations", "updated")
