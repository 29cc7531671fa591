"""Bilingual invitation letters (Russian, then English) as DOCX and PDF.

A pure engine: a service loads the event, the arrangement, the addressee's post
and holder and the signatory, fills the frozen dataclasses below with plain
strings and dates, and stores the bytes this module returns.  Nothing here
queries the database.

The wording is the letter's own fixed bilingual text (not interface text, so it
is not in the translation catalogs); names, titles and posts come in as data,
already in the grammatical form the letter needs (the Russian addressee in the
dative case: "Генеральному секретарю ... г-ну Н.Б. Ермекбаеву").  Both formats
are built from one ``LetterText`` so the DOCX and the PDF say the same thing.

Layout: a bilingual letterhead, then the Russian letter; the English version
starts on a new page.  Pages after the first carry their number at the top
centre, as Russian office practice has it (GOST R 7.0.97), so a one-page letter
has none.

The wording and the layout are the letter's; dates in words, the DOCX
helpers and the PDF printer with its local-only fetcher are the generic
rendering engine's (``core.rendering``).
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from collegium.core.rendering import pdf
from collegium.core.rendering.dates import format_date, format_date_range
from collegium.core.rendering.docx import (
    add_page_number_field,
    add_paragraph_style,
    document_bytes,
    set_a4,
)
from collegium.core.rendering.words import english_after_the, in_city, spaced_initials

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "events" / "letters"


# --- input ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """The inviting organization and its executive body, as printed in the letterhead."""

    name_ru: str
    name_en: str
    body_ru: str = ""
    body_en: str = ""
    address_ru: str = ""
    address_en: str = ""


@dataclass(frozen=True)
class Addressee:
    """The invitee: post and name in the forms a letter uses.

    ``post_ru`` and ``name_ru`` are in the dative ("Генеральному секретарю
    Шанхайской организации сотрудничества", "г-ну Н.Б. Ермекбаеву");
    ``name_en`` carries the style ("H.E. Mr Nurlan Yermekbayev").
    """

    post_ru: str
    name_ru: str
    salutation_ru: str
    post_en: str
    name_en: str
    salutation_en: str
    city_ru: str = ""
    city_en: str = ""

    @property
    def full_ru(self) -> str:
        return f"{self.post_ru} {self.name_ru}"

    @property
    def full_en(self) -> str:
        return f"{self.name_en}, {self.post_en}"


@dataclass(frozen=True)
class LetterEvent:
    """The event invited to; ``start`` and ``end`` are aware, ``timezone`` is the host's zone."""

    title_ru: str
    title_en: str
    city_ru: str
    city_en: str
    start: dt.datetime
    end: dt.datetime
    timezone: str
    venue_ru: str = ""
    venue_en: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("LetterEvent needs timezone-aware start and end.")
        if self.end < self.start:
            raise ValueError("LetterEvent ends before it starts.")

    def local_span(self) -> tuple[dt.datetime, dt.date]:
        """Return the local start and the last local calendar day of the event."""
        zone = zoneinfo.ZoneInfo(self.timezone)
        start, end = self.start.astimezone(zone), self.end.astimezone(zone)
        last = end.date()
        # An event ending at midnight ends on the day before.
        if end.time() == dt.time(0) and end > start:
            last -= dt.timedelta(days=1)
        return start, max(last, start.date())


@dataclass(frozen=True)
class LetterArrangement:
    """The arrangement the invitation follows from.

    ``parties_ru``/``parties_en`` complete "the heads of the executive bodies
    of ...": "ОДКБ, СНГ и ШОС" / "the CSTO, the CIS and the SCO".
    """

    parties_ru: str
    parties_en: str


@dataclass(frozen=True)
class Signatory:
    post_ru: str
    name_ru: str
    post_en: str
    name_en: str


@dataclass(frozen=True)
class LetterData:
    """Everything one invitation letter says."""

    reference: str
    date: dt.date
    place_ru: str
    place_en: str
    sender: Party
    addressee: Addressee
    event: LetterEvent
    # None for an ad hoc invitation: the letter then invites without citing a practice.
    arrangement: LetterArrangement | None
    signatory: Signatory
    reply_by: dt.date | None = None
    # Demo and synthetic letters are marked as specimens, never passed off as sent ones.
    specimen: bool = False


# --- the text, shared by both formats ---------------------------------------------------------


def _mid_sentence(title: str) -> str:
    """Lower the first letter of a title used inside a Russian sentence, but not of an acronym."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


# Titles opening with a plural noun take a plural verb: "состоятся консультации".
_PLURAL_OPENINGS = ("консультации", "переговоры", "учения", "слушания", "чтения", "торжества")


def _will_take_place(title_ru: str) -> str:
    first = title_ru.split(" ", 1)[0].lower()
    return "состоятся" if first in _PLURAL_OPENINGS else "состоится"


@dataclass(frozen=True)
class Version:
    """One language version of the letter, ready to lay out."""

    language: str
    reference_line: str
    place_line: str
    addressee_lines: tuple[str, ...]
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signatory_post: str
    signatory_name: str


@dataclass(frozen=True)
class LetterText:
    letterhead: tuple[tuple[str, str, str], ...]  # (name, body, address) per language
    versions: tuple[Version, ...]
    title: str
    specimen: bool = False
    specimen_label: str = "ОБРАЗЕЦ · SPECIMEN"


def letter_text(data: LetterData) -> LetterText:
    """Compose both language versions of the letter from the data."""
    event, addressee, signatory = data.event, data.addressee, data.signatory
    start, last = event.local_span()
    has_time = start.time() != dt.time(0)

    ru = [
        f"{format_date_range(start.date(), last, 'ru')} {in_city(event.city_ru)} "
        f"{_will_take_place(event.title_ru)} {_mid_sentence(event.title_ru)}."
        + (f" Начало — в {start:%H:%M} по местному времени." if has_time else "")
        + (f" Место проведения: {event.venue_ru}." if event.venue_ru else ""),
        (
            "В соответствии со сложившейся практикой перекрёстных приглашений руководителей "
            f"исполнительных органов {data.arrangement.parties_ru} имею честь пригласить Вас "
            "принять участие в этом мероприятии."
            if data.arrangement
            else "Имею честь пригласить Вас принять участие в этом мероприятии."
        ),
    ]
    title_en = english_after_the(event.title_en)
    en = [
        f"On {format_date_range(start.date(), last, 'en')}, {event.city_en} will host "
        f"{title_en}."
        + (f" The opening is scheduled for {start:%H:%M} local time." if has_time else "")
        + (f" Venue: {event.venue_en}." if event.venue_en else ""),
        (
            "In accordance with the established practice of cross-invitations of the heads of "
            f"the executive bodies of {data.arrangement.parties_en}, I have the honour to invite "
            "you to take part in this event."
            if data.arrangement
            else "I have the honour to invite you to take part in this event."
        ),
    ]
    if data.reply_by:
        ru.append(
            # The date ends in "г.", which also closes the sentence.
            "Буду признателен за информацию о Вашем участии и составе сопровождающих лиц "
            f"до {format_date(data.reply_by, 'ru')}"
        )
        en.append(
            "I should be grateful to be informed of your participation and of the members "
            f"of your delegation by {format_date(data.reply_by, 'en')}."
        )
    ru.append(
        "Программа мероприятия и информация по организационным вопросам будут направлены "
        "дополнительно."
    )
    en.append("The programme and the practical arrangements will be communicated in due course.")

    versions = (
        Version(
            language="ru",
            reference_line=f"{format_date(data.date, 'ru')} № {data.reference}",
            place_line=data.place_ru,
            addressee_lines=tuple(
                line
                for line in (
                    addressee.post_ru,
                    spaced_initials(addressee.name_ru),
                    addressee.city_ru,
                )
                if line
            ),
            salutation=addressee.salutation_ru,
            paragraphs=tuple(ru),
            closing="Пользуясь случаем, прошу Вас принять уверения в моём высоком уважении.",
            signatory_post=signatory.post_ru,
            signatory_name=spaced_initials(signatory.name_ru),
        ),
        Version(
            language="en",
            reference_line=f"No. {data.reference}",
            place_line=f"{data.place_en}, {format_date(data.date, 'en')}",
            addressee_lines=tuple(
                line for line in (addressee.name_en, addressee.post_en, addressee.city_en) if line
            ),
            salutation=addressee.salutation_en,
            paragraphs=tuple(en),
            closing="Please accept the assurances of my highest consideration.",
            signatory_post=signatory.post_en,
            signatory_name=signatory.name_en,
        ),
    )
    sender = data.sender
    return LetterText(
        letterhead=(
            (sender.name_ru, sender.body_ru, sender.address_ru),
            (sender.name_en, sender.body_en, sender.address_en),
        ),
        versions=versions,
        title=f"Приглашение · Invitation № {data.reference}",
        specimen=data.specimen,
    )


# --- DOCX -------------------------------------------------------------------------------------


def _docx_styles(document: DocxDocument) -> None:
    """Define the letter's paragraph styles, so the DOCX stays editable with Word's own tools."""
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    def add(name, **options):
        return add_paragraph_style(document, name, **options)

    add("Letterhead Name", align=WD_ALIGN_PARAGRAPH.CENTER, size=11, bold=True, caps=True)
    add("Letterhead Body", align=WD_ALIGN_PARAGRAPH.CENTER, size=11, bold=True, caps=True)
    add(
        "Letterhead Address",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=8.5,
        before=3,
        after=0,
        color="444444",
    )
    add("Specimen", align=WD_ALIGN_PARAGRAPH.CENTER, size=10, bold=True, color="B00020", after=6)
    add("Reference", size=11)
    add("Addressee", left=8.5, after=0)
    add("Salutation", align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=12)
    add("Letter Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=1.25, after=6)
    add("Closing", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=1.25, before=6)
    add("Signature", before=36)


DOCX_LANGUAGES = {"ru": "ru-RU", "en": "en-GB"}


def _set_language(paragraph, language: str) -> None:
    """Mark the paragraph's runs with ``language``: Word spells and hyphenates by it."""
    for run in paragraph.runs:
        properties = run._r.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), DOCX_LANGUAGES[language])
        lang.set(qn("w:eastAsia"), DOCX_LANGUAGES[language])
        properties.append(lang)


def render_docx(data: LetterData) -> bytes:
    """Return the letter as a DOCX document (A4, styles named after their role)."""
    text = letter_text(data)
    document = Document()
    _docx_styles(document)
    document.core_properties.title = text.title
    document.core_properties.language = "ru-RU"

    section = document.sections[0]
    text_width = set_a4(section, left=25, right=15, top=20, bottom=20, header=10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number_field(number)

    if text.specimen:
        document.add_paragraph(text.specimen_label, style="Specimen")
    letterhead = document.add_table(rows=1, cols=2)
    letterhead.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (name, body, address) in zip(letterhead.rows[0].cells, text.letterhead, strict=True):
        cell.paragraphs[0].text = name
        cell.paragraphs[0].style = "Letterhead Name"
        if body:
            cell.add_paragraph(body, style="Letterhead Body")
        if address:
            cell.add_paragraph(address, style="Letterhead Address")
    for cell, language in zip(letterhead.rows[0].cells, ("ru", "en"), strict=True):
        for paragraph in cell.paragraphs:
            _set_language(paragraph, language)

    for index, version in enumerate(text.versions):
        start = len(document.paragraphs)
        reference = document.add_paragraph(version.reference_line, style="Reference")
        if index == 0:
            reference.paragraph_format.space_before = Mm(8)
        else:
            reference.paragraph_format.page_break_before = True
        document.add_paragraph(version.place_line, style="Reference")
        first = True
        for line in version.addressee_lines:
            paragraph = document.add_paragraph(line, style="Addressee")
            if first:
                paragraph.paragraph_format.space_before = Mm(8)
                first = False
        document.add_paragraph(version.salutation, style="Salutation")
        for paragraph_text in version.paragraphs:
            document.add_paragraph(paragraph_text, style="Letter Body")
        document.add_paragraph(version.closing, style="Closing")
        signature = document.add_paragraph(style="Signature")
        signature.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
        signature.add_run(version.signatory_post)
        signature.add_run("\t" + version.signatory_name)
        for paragraph in document.paragraphs[start:]:
            _set_language(paragraph, version.language)

    return document_bytes(document)


# --- PDF --------------------------------------------------------------------------------------


def local_fetcher(root: Path = TEMPLATE_DIR):
    """Return a WeasyPrint URL fetcher that only reads files under ``root``."""
    return pdf.local_fetcher(root)


def render_html(data: LetterData) -> str:
    """Return the letter as the HTML page the PDF is printed from."""
    return render_to_string("events/letters/invitation.html", {"letter": letter_text(data)})


def render_pdf(data: LetterData, *, url_fetcher=None) -> bytes:
    """Return the letter as an A4 PDF, printed by WeasyPrint with local files and fonts only."""
    return pdf.render_pdf(
        render_html(data),
        root=TEMPLATE_DIR,
        url_fetcher=url_fetcher,
        identifier=data.reference.encode(),  # a stable ID instead of a random one
    )
