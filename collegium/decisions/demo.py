"""The documents' part of the demo scenario: the joint collegium's resolutions, the Plan of
consultations for 2026 and the Programme of coordinated actions 2024–2026.

The article states that the collegia reviewed the previous meeting's decisions
and the Programme, and were to sign a Resolution and a Plan of inter-ministry
consultations for 2026; it gives none of their text.  Every provision below
is illustrative, and each document says so (``is_illustrative`` and its
note, shown as a badge).  The documents are written by the two secretariats
(the demo users ``mfa-ru`` and ``mfa-by``, managers of their ministries)
through the services, so each step is audited.  The 2024 and 2025
resolutions are signed by both ministers (the demo users ``lavrov`` and
``ryzhenkov`` of the signatures' step, which runs first) through
``signing.document_sign``, so their signed PDFs verify with ``pdfsig``; the
programme of 2023 (when Sergei Aleinik, no longer in office, was the
Belarusian minister) is recorded as signed through ``document_mark_signed``
with an illustrative note saying so.

Loaded after the events (the meetings), on the users the accounts' step made.
"""

import datetime as dt
from typing import Any

from collegium.accounts.models import User
from collegium.decisions import services, signing
from collegium.decisions.models import Document
from collegium.devdata import demo

ILLUSTRATIVE_NOTE = (
    "Иллюстративный текст: источник (РИА Новости, 25.11.2025) не приводит текст документа; "
    "положения составлены для демонстрации и официальным текстом не являются."
)
SIGNED_NOTE = "Подписание отмечено условно (иллюстративно): подписи сторон вносит модуль подписей."

# A part: (kind, (ru, be, en), children).
type Wording = tuple[str, str, str]
type PartSpec = tuple[str, Wording, list[Any]]

PREAMBLE_2024: Wording = (
    "Коллегии Министерства иностранных дел Российской Федерации и Министерства иностранных "
    "дел Республики Беларусь, рассмотрев ход выполнения Программы согласованных действий в "
    "области внешней политики на 2024–2026 годы, постановляют:",
    "Калегіі Міністэрства замежных спраў Расійскай Федэрацыі і Міністэрства замежных спраў "
    "Рэспублікі Беларусь, разгледзеўшы ход выканання Праграмы ўзгодненых дзеянняў у галіне "
    "знешняй палітыкі на 2024–2026 гады, пастанаўляюць:",
    "The collegia of the Ministry of Foreign Affairs of the Russian Federation and of the "
    "Ministry of Foreign Affairs of the Republic of Belarus, having reviewed the implementation "
    "of the Programme of coordinated actions in foreign policy for 2024–2026, resolve:",
)

PROVISIONS_2024: list[Wording] = [
    (
        "Принять к сведению информацию о ходе выполнения Программы согласованных действий "
        "в области внешней политики на 2024–2026 годы.",
        "Прыняць да ведама інфармацыю аб ходзе выканання Праграмы ўзгодненых дзеянняў "
        "у галіне знешняй палітыкі на 2024–2026 гады.",
        "Take note of the information on the implementation of the Programme of coordinated "
        "actions in foreign policy for 2024–2026.",
    ),
    (
        "Продолжить практику регулярных межмидовских консультаций и утвердить их план на 2025 год.",
        "Працягнуць практыку рэгулярных міжмзсаўскіх кансультацый і зацвердзіць іх план "
        "на 2025 год.",
        "Continue the practice of regular inter-ministry consultations and approve their plan "
        "for 2025.",
    ),
    (
        "Активизировать координацию позиций в ООН, ОБСЕ, СНГ, ОДКБ и ШОС.",
        "Актывізаваць каардынацыю пазіцый у ААН, АБСЕ, СНД, АДКБ і ШАС.",
        "Step up the coordination of positions in the UN, the OSCE, the CIS, the CSTO and the SCO.",
    ),
    (
        "Подготовить совместные мероприятия к 80-летию Победы в Великой Отечественной войне.",
        "Падрыхтаваць сумесныя мерапрыемствы да 80-годдзя Перамогі ў Вялікай Айчыннай вайне.",
        "Prepare joint events for the 80th anniversary of the Victory in the Great Patriotic War.",
    ),
    (
        "Поручить секретариатам коллегий представить к следующему совместному заседанию "
        "доклад о промежуточных итогах выполнения настоящего постановления.",
        "Даручыць сакратарыятам калегій прадставіць да наступнага сумеснага пасяджэння "
        "даклад аб прамежкавых выніках выканання гэтай пастановы.",
        "Instruct the secretariats of the collegia to present to the next joint meeting a "
        "report on the interim results of implementing this resolution.",
    ),
]

PREAMBLE_2025: Wording = (
    "Коллегии министерств иностранных дел Российской Федерации и Республики Беларусь, "
    "подведя промежуточные итоги выполнения решений совместного заседания 2024 года и "
    "Программы согласованных действий на 2024–2026 годы, постановляют:",
    "Калегіі міністэрстваў замежных спраў Расійскай Федэрацыі і Рэспублікі Беларусь, "
    "падвёўшы прамежкавыя вынікі выканання рашэнняў сумеснага пасяджэння 2024 года і "
    "Праграмы ўзгодненых дзеянняў на 2024–2026 гады, пастанаўляюць:",
    "The collegia of the Ministries of Foreign Affairs of the Russian Federation and of the "
    "Republic of Belarus, having reviewed the interim results of implementing the decisions "
    "of the 2024 joint meeting and the Programme of coordinated actions for 2024–2026, "
    "resolve:",
)

PROVISIONS_2025: list[tuple[Wording, list[Wording]]] = [
    (
        (
            "Одобрить промежуточные итоги выполнения Программы согласованных действий "
            "на 2024–2026 годы.",
            "Ухваліць прамежкавыя вынікі выканання Праграмы ўзгодненых дзеянняў на 2024–2026 гады.",
            "Approve the interim results of implementing the Programme of coordinated actions "
            "for 2024–2026.",
        ),
        [],
    ),
    (
        (
            "Утвердить План межмидовских консультаций на 2026 год.",
            "Зацвердзіць План міжмзсаўскіх кансультацый на 2026 год.",
            "Approve the Plan of inter-ministry consultations for 2026.",
        ),
        [],
    ),
    (
        (
            "Начать в 2026 году подготовку Программы согласованных действий в области внешней "
            "политики на 2027–2029 годы, в том числе:",
            "Пачаць у 2026 годзе падрыхтоўку Праграмы ўзгодненых дзеянняў у галіне знешняй "
            "палітыкі на 2027–2029 гады, у тым ліку:",
            "Begin in 2026 the drafting of the Programme of coordinated actions in foreign "
            "policy for 2027–2029, including:",
        ),
        [
            (
                "создать совместную рабочую группу секретариатов коллегий;",
                "стварыць сумесную рабочую групу сакратарыятаў калегій;",
                "setting up a joint working group of the secretariats of the collegia;",
            ),
            (
                "представить проект Программы к следующему совместному заседанию.",
                "прадставіць праект Праграмы да наступнага сумеснага пасяджэння.",
                "presenting the draft Programme to the next joint meeting.",
            ),
        ],
    ),
    (
        (
            "Продолжить совместную работу по противодействию незаконным односторонним "
            "ограничительным мерам и правовому давлению.",
            "Працягнуць сумесную работу па процідзеянні незаконным аднабаковым "
            "абмежавальным мерам і прававому ціску.",
            "Continue joint work to counter unlawful unilateral restrictive measures and legal "
            "pressure.",
        ),
        [],
    ),
    (
        (
            "Поддержать предложение о подключении Постоянного комитета Союзного государства "
            "к практике перекрёстных приглашений руководителей исполнительных структур ОДКБ, "
            "СНГ и ШОС при согласии Государственного секретаря.",
            "Падтрымаць прапанову аб далучэнні Пастаяннага камітэта Саюзнай дзяржавы "
            "да практыкі перакрыжаваных запрашэнняў кіраўнікоў выканаўчых структур АДКБ, "
            "СНД і ШАС пры згодзе Дзяржаўнага сакратара.",
            "Support the proposal that the Standing Committee of the Union State join the "
            "practice of cross-invitations of the heads of the executive bodies of the CSTO, "
            "the CIS and the SCO, subject to the consent of the State Secretary.",
        ),
        [],
    ),
]

THEMES: list[tuple[Wording, Wording]] = [
    (
        ("Использование дипломатического инструментария",
         "Выкарыстанне дыпламатычнага інструментарыя",
         "Use of the diplomatic toolkit"),
        ("Проводить консультации заместителей министров по ключевым вопросам повестки.",
         "Праводзіць кансультацыі намеснікаў міністраў па ключавых пытаннях парадку дня.",
         "Hold consultations of deputy ministers on the key items of the agenda."),
    ),
    (
        ("Продвижение традиционных ценностей",
         "Прасоўванне традыцыйных каштоўнасцей",
         "Promotion of traditional values"),
        ("Согласовывать совместные инициативы в Совете ООН по правам человека.",
         "Узгадняць сумесныя ініцыятывы ў Савеце ААН па правах чалавека.",
         "Coordinate joint initiatives in the UN Human Rights Council."),
    ),
    (
        ("Сохранение исторической памяти",
         "Захаванне гістарычнай памяці",
         "Preservation of historical memory"),
        ("Проводить совместные мероприятия, посвящённые памяти жертв Великой Отечественной войны.",
         "Праводзіць сумесныя мерапрыемствы, прысвечаныя памяці ахвяр Вялікай Айчыннай вайны.",
         "Hold joint events in memory of the victims of the Great Patriotic War."),
    ),
    (
        ("Координация с дружественными государствами и объединениями",
         "Каардынацыя з дружалюбнымі дзяржавамі і аб'яднаннямі",
         "Coordination with friendly states and associations"),
        ("Согласовывать позиции накануне заседаний органов СНГ, ОДКБ и ШОС.",
         "Узгадняць пазіцыі напярэдадні пасяджэнняў органаў СНД, АДКБ і ШАС.",
         "Coordinate positions ahead of the meetings of the bodies of the CIS, the CSTO and "
         "the SCO."),
    ),
    (
        ("Отношения с недружественными государствами и организациями, включая противодействие "
         "санкциям и правовому давлению",
         "Адносіны з недружалюбнымі дзяржавамі і арганізацыямі, у тым ліку процідзеянне "
         "санкцыям і прававому ціску",
         "Relations with unfriendly states and organizations, including countering sanctions "
         "and legal pressure"),
        ("Обмениваться оценками санкционных режимов и мерами противодействия им.",
         "Абменьвацца ацэнкамі санкцыйных рэжымаў і мерамі процідзеяння ім.",
         "Exchange assessments of sanctions regimes and of the measures countering them."),
    ),
    (
        ("Информационное сопровождение внешней политики",
         "Інфармацыйнае суправаджэнне знешняй палітыкі",
         "Information support of foreign policy"),
        ("Готовить совместные материалы для прессы по итогам заседаний коллегий.",
         "Рыхтаваць сумесныя матэрыялы для прэсы па выніках пасяджэнняў калегій.",
         "Prepare joint press materials on the results of the meetings of the collegia."),
    ),
    (
        ("Двустороннее сотрудничество",
         "Двухбаковае супрацоўніцтва",
         "Bilateral cooperation"),
        ("Расширять взаимодействие консульских служб.",
         "Пашыраць узаемадзеянне консульскіх службаў.",
         "Broaden the cooperation of the consular services."),
    ),
    (
        ("Международная повестка",
         "Міжнародны парадак дня",
         "The international agenda"),
        ("Поддерживать инициативы по формированию архитектуры евразийской безопасности.",
         "Падтрымліваць ініцыятывы па фарміраванні архітэктуры еўразійскай бяспекі.",
         "Support initiatives to build the architecture of Eurasian security."),
    ),
]  # fmt: skip

PLAN_2026: list[tuple[Wording, list[Wording]]] = [
    (
        ("Первое полугодие 2026 года", "Першае паўгоддзе 2026 года", "First half of 2026"),
        [
            ("Консультации по вопросам ООН и международных организаций (Москва).",
             "Кансультацыі па пытаннях ААН і міжнародных арганізацый (Масква).",
             "Consultations on the UN and international organizations (Moscow)."),
            ("Консультации по консульским вопросам (Минск).",
             "Кансультацыі па консульскіх пытаннях (Мінск).",
             ""),
        ],
    ),
    (
        ("Второе полугодие 2026 года", "Другое паўгоддзе 2026 года", "Second half of 2026"),
        [
            ("Консультации по информационной политике (Минск).",
             "Кансультацыі па інфармацыйнай палітыцы (Мінск).",
             "Consultations on information policy (Minsk)."),
        ],
    ),
]  # fmt: skip


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _wording(kind: str, wording: Wording) -> dict[str, str]:
    field = "heading" if kind in {"section", "preamble"} else "text"
    return {f"{field}_{lang}": text for lang, text in zip(("ru", "be", "en"), wording, strict=True)}


def _add(actor: User, document: Document, kind: str, wording: Wording, parent=None):
    return services.node_add(
        actor=actor, document=document, kind=kind, parent=parent, data=_wording(kind, wording)
    )


def _create(
    context: demo.DemoContext, slug: str, values: dict[str, Any], build
) -> tuple[Document, bool]:
    """Create the document and its text once; a loaded document is left as it stands."""
    existing = Document.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    orgs = context.shared["organizations"]
    actor = _user("mfa-ru")
    meeting_slug = values.pop("meeting", None)
    meeting = None
    if meeting_slug:
        model = Document._meta.get_field("meeting").related_model
        meeting = model._default_manager.filter(slug=meeting_slug).first()
    document = services.document_create(
        actor=actor,
        data={
            "slug": slug,
            "is_illustrative": True,
            "note": ILLUSTRATIVE_NOTE,
            "owner": orgs["mfa-ru"],
            "meeting": meeting,
            **values,
        },
        parties=[(orgs["mfa-ru"], "drafting"), (orgs["mfa-by"], "party")],
    )
    build(actor, document)
    context.result.count("documents", "created")
    return document, True


def _agree(context: demo.DemoContext, document: Document) -> None:
    orgs = context.shared["organizations"]
    for username, party in (("mfa-ru", "mfa-ru"), ("mfa-by", "mfa-by")):
        services.document_agree(actor=_user(username), document=document, party=orgs[party])


def _sign_and_enforce(context, document: Document, signed_on: dt.date, in_force_on: dt.date):
    _agree(context, document)
    services.document_mark_signed(
        actor=_user("mfa-ru"), document=document, on=signed_on, note=SIGNED_NOTE
    )
    services.document_bring_into_force(actor=_user("mfa-by"), document=document, on=in_force_on)


# The ministers' accounts (the signatures' demo step, run before this one) sign for their
# ministries: each is the holder of the designated post on the date and today.
SIGNATORIES = (("lavrov", "mfa-ru"), ("ryzhenkov", "mfa-by"))


def _sign_by_ministers(context: demo.DemoContext, document: Document, on: dt.date) -> None:
    """Agree the text, then have both ministers sign it on ``on`` (the PDF is kept signed)."""
    orgs = context.shared["organizations"]
    _agree(context, document)
    for username, party in SIGNATORIES:
        signing.document_sign(
            actor=_user(username), document=document, organization=orgs[party], on_date=on
        )
    document.refresh_from_db()
    context.result.count("signed documents", "created")


@demo.step()
def load_documents(context: demo.DemoContext) -> None:
    """Load the resolutions of 2024 and 2025, the Plan for 2026 and the Programme 2024–2026."""

    def build_2024(actor, document):
        preamble = _add(actor, document, "preamble", ("", "", ""))
        _add(actor, document, "paragraph", PREAMBLE_2024, preamble)
        for wording in PROVISIONS_2024:
            _add(actor, document, "paragraph", wording)

    document, created = _create(
        context,
        "resolution-2024",
        {
            "kind": "resolution",
            "title_ru": "Постановление совместного заседания коллегий МИД России и МИД "
            "Беларуси (Брест, 2024)",
            "title_be": "Пастанова сумеснага пасяджэння калегій МЗС Расіі і МЗС Беларусі "
            "(Брэст, 2024)",
            "title_en": "Resolution of the joint meeting of the collegia of the MFA of Russia "
            "and the MFA of Belarus (Brest, 2024)",
            "dated": dt.date(2024, 11, 22),
            "meeting": "joint-collegium-2024",
        },
        build_2024,
    )
    if created:
        # 22 Nov 2024: Lavrov and Ryzhenkov (minister since 1 Apr 2024) held the posts.
        _sign_by_ministers(context, document, dt.date(2024, 11, 22))
        services.document_bring_into_force(
            actor=_user("mfa-by"), document=document, on=dt.date(2024, 11, 22)
        )

    def build_2025(actor, document):
        preamble = _add(actor, document, "preamble", ("", "", ""))
        _add(actor, document, "paragraph", PREAMBLE_2025, preamble)
        for wording, subparagraphs in PROVISIONS_2025:
            paragraph = _add(actor, document, "paragraph", wording)
            for sub in subparagraphs:
                _add(actor, document, "subparagraph", sub, paragraph)

    document, created = _create(
        context,
        "resolution-2025",
        {
            "kind": "resolution",
            "title_ru": "Постановление совместного заседания коллегий МИД России и МИД "
            "Беларуси (Москва, 25 ноября 2025 года)",
            "title_be": "Пастанова сумеснага пасяджэння калегій МЗС Расіі і МЗС Беларусі "
            "(Масква, 25 лістапада 2025 года)",
            "title_en": "Resolution of the joint meeting of the collegia of the MFA of Russia "
            "and the MFA of Belarus (Moscow, 25 November 2025)",
            "dated": dt.date(2025, 11, 25),
            "meeting": "joint-collegium-2025",
        },
        build_2025,
    )
    if created:
        _sign_by_ministers(context, document, dt.date(2025, 11, 25))

    def build_plan(actor, document):
        for heading, items in PLAN_2026:
            section = _add(actor, document, "section", heading)
            for item in items:
                _add(actor, document, "paragraph", item, section)

    _create(
        context,
        "consultation-plan-2026",
        {
            "kind": "plan",
            "title_ru": "План межмидовских консультаций на 2026 год",
            "title_be": "План міжмзсаўскіх кансультацый на 2026 год",
            "title_en": "Plan of inter-ministry consultations for 2026",
            "dated": dt.date(2025, 11, 25),
            "meeting": "joint-collegium-2025",
        },
        build_plan,
    )

    def build_programme(actor, document):
        for heading, item in THEMES:
            section = _add(actor, document, "section", heading)
            _add(actor, document, "paragraph", item, section)

    document, created = _create(
        context,
        "programme-2024-2026",
        {
            "kind": "programme",
            "title_ru": "Программа согласованных действий в области внешней политики "
            "на 2024–2026 годы",
            "title_be": "Праграма ўзгодненых дзеянняў у галіне знешняй палітыкі на 2024–2026 гады",
            "title_en": "Programme of coordinated actions in foreign policy for 2024–2026",
            "dated": dt.date(2023, 12, 1),
        },
        build_programme,
    )
    if created:
        _sign_and_enforce(context, document, dt.date(2023, 12, 1), dt.date(2024, 1, 1))


@demo.foreign_records
def decisions_records_not_in_the_demo() -> dict[str, int]:
    slugs = [
        "resolution-2024",
        "resolution-2025",
        "consultation-plan-2026",
        "programme-2024-2026",
        # The meetings' minutes (meetings.demo draws them up through its service).
        "minutes-joint-collegium-2024",
        "minutes-joint-collegium-2025",
    ]
    return {"documents": Document.objects.exclude(slug__in=slugs).count()}
