"""The invitation-letter engine: DOCX and PDF, both languages, local resources only."""

import dataclasses
import datetime as dt
import io
import re
import zoneinfo

import docx
import pypdf
import pytest

from collegium.events.letters import engine as letters
from collegium.events.letters.engine import (
    Addressee,
    LetterArrangement,
    LetterData,
    LetterEvent,
    Party,
    Signatory,
)

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def sample_letter(**changes) -> LetterData:
    """Return the CSTO Secretariat's invitation of the SCO Secretary-General to Bishkek 2025."""
    data = LetterData(
        reference="12/3456-н",
        date=dt.date(2025, 10, 20),
        place_ru="г. Москва",
        place_en="Moscow",
        sender=Party(
            name_ru="Организация Договора о коллективной безопасности",
            name_en="Collective Security Treaty Organization",
            body_ru="Секретариат",
            body_en="Secretariat",
            address_ru="Россия, 119019, г. Москва, Романов пер., д. 3",
            address_en="3 Romanov Lane, Moscow 119019, Russia",
        ),
        addressee=Addressee(
            post_ru="Генеральному секретарю Шанхайской организации сотрудничества",
            name_ru="г-ну Н.Б. Ермекбаеву",
            salutation_ru="Уважаемый господин Генеральный секретарь!",
            post_en="Secretary-General of the Shanghai Cooperation Organisation",
            name_en="H.E. Mr Nurlan Yermekbayev",
            salutation_en="Your Excellency,",
            city_ru="г. Пекин",
            city_en="Beijing",
        ),
        event=LetterEvent(
            title_ru="Заседание Совета коллективной безопасности ОДКБ",
            title_en="Session of the CSTO Collective Security Council",
            city_ru="Бишкек",
            city_en="Bishkek",
            start=dt.datetime(2025, 11, 27, 10, 0, tzinfo=BISHKEK).astimezone(dt.UTC),
            end=dt.datetime(2025, 11, 27, 16, 0, tzinfo=BISHKEK).astimezone(dt.UTC),
            timezone="Asia/Bishkek",
        ),
        arrangement=LetterArrangement(
            parties_ru="ОДКБ, СНГ и ШОС", parties_en="the CSTO, the CIS and the SCO"
        ),
        signatory=Signatory(
            post_ru="Генеральный секретарь ОДКБ",
            name_ru="И.Н. Тасмагамбетов",
            post_en="Secretary General of the CSTO",
            name_en="Imangali Tasmagambetov",
        ),
        reply_by=dt.date(2025, 11, 14),
    )
    return dataclasses.replace(data, **changes)


def belarusian_letter() -> LetterData:
    """A letter whose names carry the Belarusian letters ў and і (Union State, Minsk venue)."""
    base = sample_letter()
    return dataclasses.replace(
        base,
        sender=dataclasses.replace(base.sender, body_ru="Секретариат (Сакратарыят і ўпраўленне)"),
        event=dataclasses.replace(
            base.event,
            venue_ru="Палац Незалежнасці, праспект Пераможцаў, 7",
            venue_en="Palace of Independence, 7 Pieramožcaŭ Avenue",
        ),
    )


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return normalize("\n".join(parts))


def pdf_pages(content: bytes) -> list[str]:
    return [normalize(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def normalize(text: str) -> str:
    """Collapse spaces; join words hyphenated at a line end (U+2010), keep real hyphens."""
    text = re.sub(r"\u2010\s*\n\s*", "", text)
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


EXPECTED = [
    # The addressee's full title, both languages.
    "Генеральному секретарю Шанхайской организации сотрудничества г-ну Н. Б. Ермекбаеву",
    "H.E. Mr Nurlan Yermekbayev Secretary-General of the Shanghai Cooperation Organisation",
    # The event and its date in the host's local time.
    "27 ноября 2025 г. в Бишкеке состоится заседание Совета коллективной безопасности ОДКБ",
    "On 27 November 2025, Bishkek will host the session of the CSTO Collective Security Council",
    "Начало — в 10:00 по местному времени",
    "10:00 local time",
    # The arrangement.
    "практикой перекрёстных приглашений руководителей исполнительных органов ОДКБ, СНГ и ШОС",
    "practice of cross-invitations of the heads of the executive bodies of the CSTO, the CIS and the SCO",
    # Reference, date and signatory.
    "20 октября 2025 г. № 12/3456-н",
    "No. 12/3456-н",
    "Moscow, 20 October 2025",
    "Генеральный секретарь ОДКБ И. Н. Тасмагамбетов",
    "Secretary General of the CSTO Imangali Tasmagambetov",
    # The letterhead.
    "Организация Договора о коллективной безопасности",
    "Collective Security Treaty Organization",
]


def test_docx_carries_both_languages():
    """The DOCX names the addressee, event, dates, arrangement and reference in Russian and English."""
    text = docx_text(letters.render_docx(sample_letter()))
    for expected in EXPECTED:
        assert expected in text


def test_docx_is_a4_with_named_styles_and_english_on_a_new_page():
    """The DOCX is A4 with letter styles; the English version opens a new page."""
    document = docx.Document(io.BytesIO(letters.render_docx(sample_letter())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin.mm >= 20
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Addressee", "Salutation", "Letter Body", "Closing", "Signature"} <= styles
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["No. 12/3456-н"]
    # Pages after the first are numbered by a PAGE field in their header.
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml


def test_pdf_carries_both_languages_on_a4():
    """The PDF is A4 and names the addressee, event, dates and reference in both languages."""
    content = letters.render_pdf(sample_letter())
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    # The letterhead is set in capitals.
    text = " ".join(pdf_pages(content)).casefold()
    for expected in EXPECTED:
        assert expected.casefold() in text


def test_pdf_numbers_pages_after_the_first():
    """A two-page letter shows "– 2 –" on its second page and no number on the first."""
    pages = pdf_pages(letters.render_pdf(sample_letter()))
    assert len(pages) == 2
    assert "– 1 –" not in pages[0]
    assert "– 2 –" in pages[1]
    assert "Уважаемый господин Генеральный секретарь!" in pages[0]
    assert "Your Excellency," in pages[1]


def test_pdf_reads_only_local_files():
    """The renderer asks its fetcher for nothing but files in the letter template directory."""
    fetcher = letters.local_fetcher()
    letters.render_pdf(sample_letter(), url_fetcher=fetcher)
    assert fetcher.requested  # the stylesheet went through the fetcher
    root = letters.TEMPLATE_DIR.as_uri() + "/"
    assert all(url.startswith(root) for url in fetcher.requested)


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.googleapis.com/css2?family=PT+Serif",
        "http://127.0.0.1/letter.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_fetcher_refuses_anything_outside_the_template_directory(url):
    """The fetcher refuses remote URLs, files outside its directory and other schemes."""
    from weasyprint.urls import FatalURLFetchingError

    fetcher = letters.local_fetcher()
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)
    assert fetcher.requested == [url]


def test_data_cannot_inject_markup_or_fetches():
    """Text from the data is escaped: a tag in a title prints as text and fetches nothing."""
    data = sample_letter()
    data = dataclasses.replace(
        data,
        event=dataclasses.replace(
            data.event, title_en='Summit <img src="https://example.org/x.png">'
        ),
    )
    assert '<img src="https' not in letters.render_html(data)
    fetcher = letters.local_fetcher()
    text = " ".join(pdf_pages(letters.render_pdf(data, url_fetcher=fetcher)))
    assert "example.org" in text
    assert not [url for url in fetcher.requested if "example.org" in url]


def test_belarusian_letters_survive_both_formats():
    """Cyrillic and the Belarusian ў and і come back unchanged from the DOCX and the PDF."""
    data = belarusian_letter()
    expected = ["Палац Незалежнасці, праспект Пераможцаў, 7", "Сакратарыят і ўпраўленне"]
    docx_content = docx_text(letters.render_docx(data))
    pdf_content = " ".join(pdf_pages(letters.render_pdf(data)))
    for text in expected:
        assert text in docx_content
        # The letterhead is set in capitals: "І ЎПРАЎЛЕННЕ".
        assert text.casefold() in pdf_content.casefold()


def test_specimen_letters_say_so():
    """A demo letter is marked as a specimen in both formats; a real one is not."""
    label = "ОБРАЗЕЦ · SPECIMEN"
    assert label in docx_text(letters.render_docx(sample_letter(specimen=True)))
    assert label in " ".join(pdf_pages(letters.render_pdf(sample_letter(specimen=True))))
    assert label not in docx_text(letters.render_docx(sample_letter()))


def test_an_ad_hoc_letter_cites_no_practice():
    """Without an arrangement both versions simply invite, in both formats."""
    data = sample_letter(arrangement=None)
    content = docx_text(letters.render_docx(data))
    assert "Имею честь пригласить Вас принять участие в этом мероприятии." in content
    assert "I have the honour to invite you to take part in this event." in content
    assert "перекрёстных" not in content
    assert "cross-invitations" not in " ".join(pdf_pages(letters.render_pdf(data)))


@pytest.mark.parametrize(
    ("first", "last", "ru", "en"),
    [
        ((2025, 11, 27), (2025, 11, 27), "27 ноября 2025 г.", "27 November 2025"),
        ((2025, 10, 9), (2025, 10, 10), "9–10 октября 2025 г.", "9–10 October 2025"),
        (
            (2025, 8, 31),
            (2025, 9, 1),
            "31 августа – 1 сентября 2025 г.",
            "31 August – 1 September 2025",
        ),
        (
            (2025, 12, 31),
            (2026, 1, 2),
            "31 декабря 2025 г. – 2 января 2026 г.",
            "31 December 2025 – 2 January 2026",
        ),
    ],
)
def test_date_ranges(first, last, ru, en):
    """Spans of days share their month and year where the ends agree."""
    first, last = dt.date(*first), dt.date(*last)
    assert letters.format_date_range(first, last, "ru") == ru
    assert letters.format_date_range(first, last, "en") == en


def test_event_dates_are_the_hosts_local_days():
    """Dates follow the host's zone: Tianjin, 31 Aug 09:00 to 1 Sep 13:00 Beijing time."""
    beijing = zoneinfo.ZoneInfo("Asia/Shanghai")
    data = sample_letter()
    data = dataclasses.replace(
        data,
        event=dataclasses.replace(
            data.event,
            city_ru="Тяньцзинь",
            city_en="Tianjin",
            # 31 Aug 09:00 in Beijing is still 30 Aug in UTC.
            start=dt.datetime(2025, 8, 31, 9, 0, tzinfo=beijing).astimezone(dt.UTC),
            end=dt.datetime(2025, 9, 1, 13, 0, tzinfo=beijing).astimezone(dt.UTC),
            timezone="Asia/Shanghai",
        ),
    )
    ru, en = letters.letter_text(data).versions
    assert ru.paragraphs[0].startswith("31 августа – 1 сентября 2025 г. в Тяньцзине")
    assert "Начало — в 09:00 по местному времени" in ru.paragraphs[0]
    assert en.paragraphs[0].startswith("On 31 August – 1 September 2025, Tianjin")


def test_event_info_refuses_naive_datetimes():
    """Naive datetimes are refused: a letter must not guess the host's time zone."""
    with pytest.raises(ValueError, match="timezone-aware"):
        LetterEvent(
            title_ru="Саммит",
            title_en="Summit",
            city_ru="Минск",
            city_en="Minsk",
            start=dt.datetime(2025, 1, 1, 10),  # noqa: DTZ001
            end=dt.datetime(2025, 1, 1, 12),  # noqa: DTZ001
            timezone="Europe/Minsk",
        )


def test_english_is_not_hyphenated_and_russian_by_its_own_patterns():
    """The English version breaks no word at a line end (its patterns split "loc-al");
    the Russian version is hyphenated by Russian patterns, its article marked ``lang="ru"``."""
    pages = [
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(letters.render_pdf(sample_letter()))).pages
    ]
    english = [page for page in pages if "I have the honour" in page]
    assert english
    assert not re.search("[\u2010-]\n", "\n".join(english))
    html = letters.render_html(sample_letter())
    assert '<article class="version version-ru" lang="ru">' in html
    assert '<article class="version version-en" lang="en">' in html


def test_docx_paragraphs_carry_their_language():
    """Word spells and hyphenates each version by its own language: every run says which."""
    document = docx.Document(io.BytesIO(letters.render_docx(sample_letter())))
    languages = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            lang = run._r.rPr.find(docx.oxml.ns.qn("w:lang")) if run._r.rPr is not None else None
            languages[run.text] = lang.get(docx.oxml.ns.qn("w:val")) if lang is not None else None
    assert languages["Please accept the assurances of my highest consideration."] == "en-GB"
    assert (
        languages["Пользуясь случаем, прошу Вас принять уверения в моём высоком уважении."]
        == "ru-RU"
    )
    assert None not in languages.values()


def test_russian_initials_are_spaced_and_never_broken_off():
    """ "Н.Б. Ермекбаеву" prints as "Н.\u00a0Б.\u00a0Ермекбаеву", as the interface writes initials."""
    text = letters.letter_text(sample_letter())
    ru = text.versions[0]
    assert "г-ну Н.\u00a0Б.\u00a0Ермекбаеву" in ru.addressee_lines
    assert ru.signatory_name == "И.\u00a0Н.\u00a0Тасмагамбетов"


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Санкт-Петербург", "в Санкт-Петербурге"),
        ("Минск", "в Минске"),
        ("Москва", "в Москве"),
        ("Душанбе", "в Душанбе"),
        ("Бишкек", "в Бишкеке"),
        ("Ашхабад", "в Ашхабаде"),
        ("Казань", "в Казани"),
        ("Владивосток", "во Владивостоке"),
    ],
)
def test_the_city_is_in_the_prepositional_case(city, expected):
    """The letter says "в Санкт-Петербурге", not "в г. Санкт-Петербург"."""
    data = sample_letter(event=dataclasses.replace(sample_letter().event, city_ru=city))
    assert (
        letters.letter_text(data)
        .versions[0]
        .paragraphs[0]
        .startswith(f"27 ноября 2025 г. {expected} состоится")
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Informal meeting of the CIS heads of state", "host the informal meeting of the CIS"),
        ("Session of the CSTO Collective Security Council", "host the session of the CSTO"),
        ("Council of Heads of State of the CIS", "host the Council of Heads of State"),
        ("The SCO Summit", "host the SCO Summit"),
    ],
)
def test_the_english_title_reads_as_a_common_noun_after_the(title, expected):
    """ "will host the informal meeting", but "the Council of Heads of State" keeps its capital."""
    data = sample_letter(event=dataclasses.replace(sample_letter().event, title_en=title))
    assert expected in letters.letter_text(data).versions[1].paragraphs[0]
