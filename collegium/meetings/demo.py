"""The meetings' part of the demo: the agenda and delegations of the 25 Nov 2025 joint collegium,
and the previous joint meeting (22 Nov 2024, Brest) with its short agenda, so that the two
meetings link to each other.

Runs after the events' step (``events.demo``), which creates both meetings.

What comes from the sources, and what is illustrative:

- 2025: the themes of the agenda are those the RIA Novosti article of 25 Nov 2025
  lists (the interim results first, which the agenda shows as the interim report drawn
  from the 2024 resolution and the Programme, then the diplomatic toolkit and traditional values,
  friendly and unfriendly states, information support, bilateral cooperation and the
  international agenda, the signing of the Resolution and the Plan of consultations for
  2026); the heads of delegation, Sergey Lavrov and Maxim Ryzhenkov, are named there too.
  Presenters, durations and the items' wording are illustrative (flagged so; the
  notes say what is reported).
- 2024: the meeting was reported (Zakharova's briefing; Belarusian press) for
  21–22 Nov 2024, in Brest, with Lavrov and Ryzhenkov, and was to adopt a
  resolution and the plan of consultations for 2025.  The date is given as
  reported, the hours are indicative; its agenda items are illustrative (the progress
  of the Programme is its interim report, item 1).

The demo documents (``decisions.demo``, illustrative) are attached to the items they
belong to: the 2025 Resolution and the Plan of consultations for 2026 to their signing,
the Programme to bilateral cooperation and foreign-policy interaction; the 2024
Resolution to its signing.
"""

from typing import TypedDict

from collegium.accounts.models import User
from collegium.decisions import services as documents
from collegium.decisions.models import Document
from collegium.devdata import demo
from collegium.events.models import Event
from collegium.meetings import services
from collegium.meetings.models import AgendaDocument, AgendaItem, DelegationMember
from collegium.registry.models import Organization, Person, Post

PREVIOUS_SLUG = "joint-collegium-2024"
CURRENT_SLUG = "joint-collegium-2025"
REPORTED_2025 = "Тема названа в сообщении РИА Новости от 25.11.2025; докладчик и регламент условны."
ILLUSTRATIVE = "Иллюстративный пункт: формулировка, докладчик и регламент условны."


class ItemSpec(TypedDict):
    title: tuple[str, str, str]  # ru, en, be
    post: str | None
    minutes: int | None
    notes: str


AGENDA_2025: list[ItemSpec] = [
    {
        "title": (
            "О взаимодействии в использовании дипломатического инструментария, продвижении "
            "традиционных ценностей и сбережении исторической памяти",
            "Cooperation in the use of the diplomatic toolkit, the promotion of traditional "
            "values and the preservation of historical memory",
            "Аб узаемадзеянні ў выкарыстанні дыпламатычнага інструментарыю, прасоўванні "
            "традыцыйных каштоўнасцей і захаванні гістарычнай памяці",
        ),
        "post": "mfa-by-minister",
        "minutes": 20,
        "notes": REPORTED_2025,
    },
    {
        "title": (
            "О координации подходов к сотрудничеству с дружественными государствами и "
            "объединениями и к отношениям с недружественными государствами и организациями, "
            "включая противодействие их санкционной и юридической агрессии",
            "Coordination of approaches to cooperation with friendly states and associations "
            "and to relations with unfriendly states and organizations, including countering "
            "their sanctions and legal aggression",
            "Аб каардынацыі падыходаў да супрацоўніцтва з дружалюбнымі дзяржавамі і "
            "аб'яднаннямі і да адносін з недружалюбнымі дзяржавамі і арганізацыямі, уключаючы "
            "процідзеянне іх санкцыйнай і юрыдычнай агрэсіі",
        ),
        "post": None,
        "minutes": 20,
        "notes": REPORTED_2025,
    },
    {
        "title": (
            "Об обмене опытом по информационному сопровождению внешней политики",
            "Exchange of experience in the information support of foreign policy",
            "Аб абмене вопытам па інфармацыйным суправаджэнні знешняй палітыкі",
        ),
        "post": "mfa-ru-spokesperson",
        "minutes": 15,
        "notes": REPORTED_2025,
    },
    {
        "title": (
            "О двустороннем сотрудничестве, внешнеполитическом взаимодействии и международной "
            "повестке дня",
            "Bilateral cooperation, foreign-policy interaction and the international agenda",
            "Аб двухбаковым супрацоўніцтве, знешнепалітычным узаемадзеянні і міжнародным "
            "парадку дня",
        ),
        "post": None,
        "minutes": 20,
        "notes": REPORTED_2025,
    },
    {
        "title": (
            "Подписание Постановления коллегий и Плана межмидовских консультаций на 2026 год",
            "Signing of the Resolution of the collegia and the Plan of inter-ministry "
            "consultations for 2026",
            "Падпісанне Пастановы калегій і Плана міжмідаўскіх кансультацый на 2026 год",
        ),
        "post": None,
        "minutes": 10,
        "notes": REPORTED_2025,
    },
]

AGENDA_2024: list[ItemSpec] = [
    {
        "title": (
            "О координации в многосторонних форматах, прежде всего в ШОС и БРИКС",
            "Coordination in multilateral formats, above all the SCO and BRICS",
            "Аб каардынацыі ў шматбаковых фарматах, перш за ўсё ў ШАС і БРІКС",
        ),
        "post": "mfa-ru-minister",
        "minutes": 20,
        "notes": ILLUSTRATIVE,
    },
    {
        "title": (
            "Подписание Постановления коллегий и Плана межмидовских консультаций на 2025 год",
            "Signing of the Resolution of the collegia and the Plan of inter-ministry "
            "consultations for 2025",
            "Падпісанне Пастановы калегій і Плана міжмідаўскіх кансультацый на 2025 год",
        ),
        "post": None,
        "minutes": 10,
        "notes": ILLUSTRATIVE,
    },
]

# The interim results, each meeting's first theme, open its agenda as the interim report
# (derived from the previous resolution and the Programme, ``selectors.agenda_report``), no
# longer as a stored item; a database loaded before keeps none.
RETIRED = {
    CURRENT_SLUG: "О промежуточных итогах выполнения решений предыдущего совместного заседания "
    "коллегий и Программы согласованных действий в области внешней политики государств — "
    "участников Договора о создании Союзного государства на 2024–2026 годы",
    PREVIOUS_SLUG: "О ходе выполнения Программы согласованных действий в области внешней "
    "политики на 2024–2026 годы",
}

# The demo documents (decisions.demo) on the items they belong to, by the start of the title.
DOCUMENTS = {
    CURRENT_SLUG: [
        ("Подписание Постановления коллегий", ["resolution-2025", "consultation-plan-2026"]),
        ("О двустороннем сотрудничестве", ["programme-2024-2026"]),
    ],
    PREVIOUS_SLUG: [("Подписание Постановления коллегий", ["resolution-2024"])],
}

HEADS = [("mfa-ru-collegium", "sergey-lavrov"), ("mfa-by-collegium", "maxim-ryzhenkov")]


@demo.step(order=demo.RECORDS + 10)
def load_meetings(context: demo.DemoContext) -> None:
    """Give the 2025 and 2024 joint collegia their agendas and delegations."""
    orgs = context.shared["organizations"]
    admin, result = context.actor, context.result
    previous = _previous_meeting()
    current = Event.objects.get(slug=CURRENT_SLUG)
    for meeting, agenda in ((previous, AGENDA_2024), (current, AGENDA_2025)):
        for item in AgendaItem.objects.filter(meeting=meeting, title_ru=RETIRED[meeting.slug]):
            item.meeting = meeting
            services.agenda_item_remove(actor=admin, item=item)
            result.count("agenda items", "removed")
        _load_agenda(admin, meeting, agenda, result)
        _load_documents(admin, meeting, result)
        _load_heads(admin, meeting, orgs, result)


def _previous_meeting() -> Event:
    """The 2024 meeting, which the events' step of the demo creates (Brest, 22 Nov 2024)."""
    return Event.objects.get(slug=PREVIOUS_SLUG)


def _load_agenda(
    admin: User, meeting: Event, agenda: list[ItemSpec], result: demo.DemoResult
) -> None:
    have = set(AgendaItem.objects.filter(meeting=meeting).values_list("title_ru", flat=True))
    posts = {post.slug: post for post in Post.objects.filter(slug__startswith="mfa-")}
    for spec in agenda:
        title_ru, title_en, title_be = spec["title"]
        if title_ru in have:
            continue
        services.agenda_item_add(
            actor=admin,
            meeting=meeting,
            data={
                "title_ru": title_ru,
                "title_en": title_en,
                "title_be": title_be,
                "presenter_post": posts.get(spec["post"]) if spec["post"] else None,
                "duration_minutes": spec["minutes"],
                "notes": spec["notes"],
                "is_illustrative": True,
            },
        )
        result.count("agenda items", "created")


def _load_documents(admin: User, meeting: Event, result: demo.DemoResult) -> None:
    """Attach the demo documents to the items they belong to (each once)."""
    items = list(AgendaItem.objects.filter(meeting=meeting))
    attached = set(
        AgendaDocument.objects.filter(item__meeting=meeting).values_list(
            "item_id", "document__slug"
        )
    )
    for start, slugs in DOCUMENTS[meeting.slug]:
        item = next(item for item in items if item.title_ru.startswith(start))
        item.meeting = meeting
        for document in Document.objects.filter(slug__in=slugs).order_by("-kind"):
            if (item.pk, document.slug) in attached:
                continue
            services.agenda_document_attach(actor=admin, item=item, document=document)
            result.count("agenda documents", "created")


def _load_heads(
    admin: User, meeting: Event, orgs: dict[str, Organization], result: demo.DemoResult
) -> None:
    for party, person_slug in HEADS:
        person = Person.objects.get(slug=person_slug)
        is_head = DelegationMember.objects.filter(
            delegation__meeting=meeting, person=person, is_head=True
        ).exists()
        if is_head:
            continue
        services.delegation_set_head(
            actor=admin, meeting=meeting, organization=orgs[party], person=person
        )
        result.count("heads of delegation", "created")


# --- The minutes --------------------------------------------------------------------------

MINUTES_NOTE = (
    "Иллюстративный протокол: источники не приводят его текста; формулировки и замечания "
    "сторон составлены для демонстрации."
)

# The minutes' paragraphs (ru, be, en), illustrative: what the meetings heard and decided.
MINUTES_2024: list[tuple[str, str, str]] = [
    (
        "Заслушали информацию о ходе выполнения Программы согласованных действий в области "
        "внешней политики на 2024–2026 годы.",
        "Заслухалі інфармацыю аб ходзе выканання Праграмы ўзгодненых дзеянняў у галіне "
        "знешняй палітыкі на 2024–2026 гады.",
        "Heard information on the implementation of the Programme of coordinated actions in "
        "foreign policy for 2024–2026.",
    ),
    (
        "Приняли Постановление коллегий и План межмидовских консультаций на 2025 год.",
        "Прынялі Пастанову калегій і План міжмзсаўскіх кансультацый на 2025 год.",
        "Adopted the Resolution of the collegia and the Plan of inter-ministry consultations "
        "for 2025.",
    ),
]
MINUTES_2025: list[tuple[str, str, str]] = [
    (
        "Заслушали доклад о промежуточных итогах выполнения решений совместного заседания "
        "2024 года и Программы согласованных действий на 2024–2026 годы.",
        "Заслухалі даклад аб прамежкавых выніках выканання рашэнняў сумеснага пасяджэння "
        "2024 года і Праграмы ўзгодненых дзеянняў на 2024–2026 гады.",
        "Heard a report on the interim results of implementing the decisions of the 2024 joint "
        "meeting and the Programme of coordinated actions for 2024–2026.",
    ),
    (
        "Обсудили предложение о подключении Постоянного комитета Союзного государства к "
        "практике перекрёстных приглашений при согласии Государственного секретаря.",
        "Абмеркавалі прапанову аб далучэнні Пастаяннага камітэта Саюзнай дзяржавы да практыкі "
        "перакрыжаваных запрашэнняў пры згодзе Дзяржаўнага сакратара.",
        "Discussed the proposal that the Standing Committee of the Union State join the practice "
        "of cross-invitations, subject to the consent of the State Secretary.",
    ),
    (
        "Подписали Постановление коллегий и План межмидовских консультаций на 2026 год.",
        "Падпісалі Пастанову калегій і План міжмзсаўскіх кансультацый на 2026 год.",
        "Signed the Resolution of the collegia and the Plan of inter-ministry consultations "
        "for 2026.",
    ),
]
# (party's secretariat user, party, part, text, reply to the previous comment): illustrative.
COMMENTS_2025 = [
    ("mfa-by", "mfa-by-collegium", "para_2",
     "Иллюстративное замечание: предлагаем указать, что предложение прозвучало в выступлении "
     "министра иностранных дел России.", False),
    ("mfa-ru", "mfa-ru-collegium", "para_2",
     "Иллюстративный ответ: согласны, формулировка будет уточнена в следующей редакции.", True),
]  # fmt: skip


@demo.step(order=demo.RECORDS + 11)
def load_minutes(context: demo.DemoContext) -> None:
    """Draw up the minutes: 2024 approved by both parties, 2025 circulated with comments."""
    orgs = context.shared["organizations"]
    ru, by = User.objects.get(username="mfa-ru"), User.objects.get(username="mfa-by")
    for slug, paragraphs, approve in (
        (PREVIOUS_SLUG, MINUTES_2024, True),
        (CURRENT_SLUG, MINUTES_2025, False),
    ):
        meeting = Event.objects.prefetch_related("organizers").get(slug=slug)
        if meeting.documents.filter(kind="minutes").exists():
            continue
        minutes = services.meeting_minutes_create(
            actor=ru, meeting=meeting, data={"is_illustrative": True, "note": MINUTES_NOTE}
        )
        for wording in paragraphs:
            documents.node_add(
                actor=ru,
                document=minutes,
                kind="paragraph",
                data=dict(zip(("text_ru", "text_be", "text_en"), wording, strict=True)),
            )
        documents.document_circulate(actor=ru, document=minutes)
        context.result.count("minutes", "created")
        if approve:
            for actor, party in ((ru, "mfa-ru-collegium"), (by, "mfa-by-collegium")):
                documents.document_agree(
                    actor=actor, document=minutes, party=orgs[party], on=meeting.end_date
                )
            continue
        previous = None
        for username, party, eid, text, reply in COMMENTS_2025:
            previous = documents.comment_add(
                actor=ru if username == "mfa-ru" else by,
                document=minutes,
                party=orgs[party],
                eid=eid,
                text=text,
                parent=previous if reply else None,
                is_illustrative=True,
            )
            context.result.count("comments on minutes", "created")
