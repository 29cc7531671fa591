"""Synthetic registry data at scale, for benchmarks and load tests.

``generate()`` is a pure function of ``(scale, seed)``: it draws everything
from one ``random.Random(seed)`` and returns plain dataclasses, so the same
scale and seed always give the same data.  At scale 1 it gives about 60
organizations (international organizations with a secretariat and councils,
foreign ministries with a collegium), 40 states, 1,500 persons, and fifteen
years (2011-2025) of tenures and memberships; counts grow linearly with the
scale.

This is the registry's part of ``collegium synth`` (``devdata.synth``):
``synth_generate`` gives the data, ``synth_insert`` writes it in bulk inside
the load's transaction and leaves the organizations and states it wrote to the
apps after it (the events' calendar refers to them).

Everything synthetic is labelled: slugs start with ``synth-``, alternative
names and notes say "synthetic", and states use ISO 3166 codes that belong to
no real state (the user-assigned range first), so the data never collides with
the demo scenario, which uses the real slugs and codes of DOMAIN.md.
"""

import datetime as dt
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypedDict

from django.utils.text import slugify
from django.utils.translation import gettext as _

from collegium.core.exceptions import ValidationError
from collegium.core.models import Visibility
from collegium.devdata.synth import (
    BATCH_SIZE,
    SYNTH_NOTE,
    SYNTH_PREFIX,
    SynthContext,
    bulk_insert,
    check_scale,
)
from collegium.registry.models import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Person,
    Post,
    State,
    Tenure,
)

PERIOD_START = dt.date(2011, 1, 1)
PERIOD_END = dt.date(2025, 12, 31)


class Tr(NamedTuple):
    """One text in Russian, English and Belarusian."""

    ru: str
    en: str
    be: str

    # Concatenates language by language, where a tuple's ``+`` would make a longer tuple.
    def __add__(self, other: "Tr") -> "Tr":  # type: ignore[override]
        return Tr(self.ru + other.ru, self.en + other.en, self.be + other.be)

    def fmt(self, ru: str, en: str, be: str) -> "Tr":
        """Return the three templates filled with this text: ``fmt("Совет {}", ...)``."""
        return Tr(ru.format(self.ru), en.format(self.en), be.format(self.be))


EMPTY = Tr("", "", "")


# --- State codes ----------------------------------------------------------------

# Officially assigned ISO 3166-1 alpha-2 codes, plus the reserved ones: never used here.
_ISO_TAKEN_CODES = """
    ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq
    br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm
    do dz ec ee eg eh er es et fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs
    gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn
    kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq
    mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm
    pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv
    sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug um us uy uz va vc ve vg vi
    vn vu wf ws ye yt za zm zw
    ac cp dg ea eu ez fx ic su ta uk un an bu cs nt tp yu zr dy ew fl ja lf pi ra rb rc rh rl
    rm rn rp wg wl wv yv xk
"""
_ISO_TAKEN = set(_ISO_TAKEN_CODES.split())
_USER_ASSIGNED = [
    "aa",
    *(f"q{c}" for c in "mnopqrstuvwxyz"),
    *(f"x{c}" for c in string.ascii_lowercase),
    "zz",
]
# The user-assigned codes first (no real state will ever get them), then unassigned ones.
STATE_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [code for code in _USER_ASSIGNED if code not in _ISO_TAKEN]
        + [
            a + b
            for a in string.ascii_lowercase
            for b in string.ascii_lowercase
            if a + b not in _ISO_TAKEN
        ]
    )
)


# --- Name tables (ru, en, be) ------------------------------------------------------

_PLACE_HEAD = [
    Tr("Ка", "Ka", "Ка"), Tr("Мо", "Mo", "Ма"), Tr("Ве", "Ve", "Ве"), Tr("Та", "Ta", "Та"),
    Tr("Се", "Se", "Се"), Tr("Бо", "Bo", "Ба"), Tr("Да", "Da", "Да"), Tr("Ли", "Li", "Лі"),
    Tr("Ро", "Ro", "Ра"), Tr("Ну", "Nu", "Ну"), Tr("Ха", "Kha", "Ха"), Tr("За", "Za", "За"),
    Tr("Па", "Pa", "Па"), Tr("Ва", "Va", "Ва"), Tr("Ме", "Me", "Ме"), Tr("Ги", "Gi", "Гі"),
    Tr("Ту", "Tu", "Ту"), Tr("Фа", "Fa", "Фа"), Tr("Ю", "Yu", "Ю"), Tr("Ила", "Ila", "Іла"),
    Tr("Ос", "Os", "Ас"), Tr("Эр", "Er", "Эр"), Tr("Ар", "Ar", "Ар"), Tr("Су", "Su", "Су"),
]  # fmt: skip
_PLACE_MIDDLE = [
    Tr("ра", "ra", "ра"), Tr("ло", "lo", "ла"), Tr("ви", "vi", "ві"), Tr("не", "ne", "не"),
    Tr("ти", "ti", "ці"), Tr("ма", "ma", "ма"), Tr("ри", "ri", "ры"), Tr("до", "do", "да"),
    Tr("ку", "ku", "ку"), Tr("са", "sa", "са"), Tr("лан", "lan", "лан"), Tr("мир", "mir", "мір"),
    Tr("бар", "bar", "бар"), Tr("тан", "tan", "тан"), Tr("гор", "gor", "гор"),
    Tr("вес", "ves", "вес"), Tr("кан", "kan", "кан"), Tr("дар", "dar", "дар"),
]  # fmt: skip
# A state's name ending: nominative and genitive ("Министерство иностранных дел Каловии").
_STATE_ENDING = [
    (Tr("ния", "nia", "нія"), Tr("нии", "nia", "ніі")),
    (Tr("вия", "via", "вія"), Tr("вии", "via", "віі")),
    (Tr("рия", "ria", "рыя"), Tr("рии", "ria", "рыі")),
    (Tr("лия", "lia", "лія"), Tr("лии", "lia", "ліі")),
    (Tr("стан", "stan", "стан"), Tr("стана", "stan", "стана")),
    (Tr("ландия", "landia", "ландыя"), Tr("ландии", "landia", "ландыі")),
    (Tr("дор", "dor", "дор"), Tr("дора", "dor", "дора")),
    (Tr("сия", "sia", "сія"), Tr("сии", "sia", "сіі")),
]
_CITY_ENDING = [
    Tr("град", "grad", "град"), Tr("ск", "sk", "ск"), Tr("абад", "abad", "абад"),
    Tr("поль", "pol", "поль"), Tr("ово", "ovo", "ава"), Tr("кент", "kent", "кент"),
    Tr("бург", "burg", "бург"), Tr("инск", "insk", "інск"),
]  # fmt: skip

_MALE_FIRST = [
    Tr("Александр", "Aleksandr", "Аляксандр"), Tr("Сергей", "Sergey", "Сяргей"),
    Tr("Дмитрий", "Dmitry", "Дзмітрый"), Tr("Андрей", "Andrey", "Андрэй"),
    Tr("Николай", "Nikolay", "Мікалай"), Tr("Иван", "Ivan", "Іван"),
    Tr("Михаил", "Mikhail", "Міхаіл"), Tr("Павел", "Pavel", "Павел"), Tr("Юрий", "Yury", "Юрый"),
    Tr("Олег", "Oleg", "Алег"), Tr("Виктор", "Viktor", "Віктар"),
    Tr("Владимир", "Vladimir", "Уладзімір"), Tr("Тимур", "Timur", "Цімур"),
    Tr("Рустам", "Rustam", "Рустам"), Tr("Арман", "Arman", "Арман"),
    Tr("Бахтияр", "Bakhtiyar", "Бахціяр"), Tr("Данияр", "Daniyar", "Даніяр"),
    Tr("Фарход", "Farkhod", "Фархад"), Tr("Григорий", "Grigory", "Рыгор"),
    Tr("Константин", "Konstantin", "Канстанцін"), Tr("Леонид", "Leonid", "Леанід"),
    Tr("Максим", "Maksim", "Максім"), Tr("Нурлан", "Nurlan", "Нурлан"),
    Tr("Роман", "Roman", "Раман"), Tr("Станислав", "Stanislav", "Станіслаў"),
    Tr("Вадим", "Vadim", "Вадзім"), Tr("Егор", "Yegor", "Ягор"), Tr("Ашот", "Ashot", "Ашот"),
]  # fmt: skip
_FEMALE_FIRST = [
    Tr("Анна", "Anna", "Ганна"), Tr("Мария", "Maria", "Марыя"), Tr("Елена", "Yelena", "Алена"),
    Tr("Ольга", "Olga", "Вольга"), Tr("Татьяна", "Tatyana", "Таццяна"),
    Tr("Наталья", "Natalya", "Наталля"), Tr("Ирина", "Irina", "Ірына"),
    Tr("Светлана", "Svetlana", "Святлана"), Tr("Айгерим", "Aigerim", "Айгерым"),
    Tr("Динара", "Dinara", "Дынара"), Tr("Галина", "Galina", "Галіна"),
    Tr("Лариса", "Larisa", "Ларыса"), Tr("Марина", "Marina", "Марына"),
    Tr("Надежда", "Nadezhda", "Надзея"), Tr("Вероника", "Veronika", "Вераніка"),
    Tr("Юлия", "Yulia", "Юлія"), Tr("Зарина", "Zarina", "Зарына"),
    Tr("Кристина", "Kristina", "Крысціна"),
]  # fmt: skip
_SURNAME_ROOT = [
    Tr("Бар", "Bar", "Бар"), Tr("Вол", "Vol", "Вал"), Tr("Гор", "Gor", "Гар"),
    Tr("Дем", "Dem", "Дзем"), Tr("Жар", "Zhar", "Жар"), Tr("Зор", "Zor", "Зар"),
    Tr("Кар", "Kar", "Кар"), Tr("Лем", "Lem", "Лем"), Tr("Мар", "Mar", "Мар"),
    Tr("Нес", "Nes", "Нес"), Tr("Пол", "Pol", "Пал"), Tr("Рос", "Ros", "Рас"),
    Tr("Сар", "Sar", "Сар"), Tr("Тал", "Tal", "Тал"), Tr("Ус", "Us", "Ус"),
    Tr("Фед", "Fed", "Фед"), Tr("Хар", "Khar", "Хар"), Tr("Чер", "Cher", "Чар"),
    Tr("Шал", "Shal", "Шал"), Tr("Яр", "Yar", "Яр"), Tr("Тас", "Tas", "Тас"),
    Tr("Мус", "Mus", "Мус"), Tr("Бек", "Bek", "Бек"), Tr("Куд", "Kud", "Куд"),
    Tr("Сел", "Sel", "Сел"), Tr("Бел", "Bel", "Бел"), Tr("Ром", "Rom", "Рам"),
    Tr("Кос", "Kos", "Кас"), Tr("Лаз", "Laz", "Лаз"), Tr("Мир", "Mir", "Мір"),
]  # fmt: skip
_SURNAME_MIDDLE_VOWEL = [Tr("а", "a", "а"), Tr("и", "i", "і"), Tr("о", "o", "а"), Tr("у", "u", "у")]
_SURNAME_MIDDLE_CONSONANT = [
    Tr("ен", "en", "ен"), Tr("ан", "an", "ан"), Tr("ин", "in", "ін"), Tr("ал", "al", "ал"),
    Tr("ыш", "ysh", "ыш"), Tr("ат", "at", "ат"),
]  # fmt: skip
# (male, female); a suffix that starts with a vowel only follows a consonant.
_SURNAME_SUFFIX = [
    (Tr("ов", "ov", "оў"), Tr("ова", "ova", "ова")),
    (Tr("ев", "ev", "еў"), Tr("ева", "eva", "ева")),
    (Tr("ин", "in", "ін"), Tr("ина", "ina", "іна")),
    (Tr("ский", "sky", "скі"), Tr("ская", "skaya", "ская")),
    (Tr("енко", "enko", "енка"), Tr("енко", "enko", "енка")),
    (Tr("ович", "ovich", "овіч"), Tr("ович", "ovich", "овіч")),
    (Tr("баев", "bayev", "баеў"), Tr("баева", "bayeva", "баева")),
    (Tr("ук", "uk", "ук"), Tr("ук", "uk", "ук")),
    (Tr("ян", "yan", "ян"), Tr("ян", "yan", "ян")),
    (Tr("ец", "ets", "ец"), Tr("ец", "ets", "ец")),
]
_VOWELS = set("аеёиоуыэюяaeiouy")

# Fields of cooperation: the genitive ("Организация экономического сотрудничества ...").
_TOPICS = [
    Tr("экономического сотрудничества", "Economic Cooperation", "эканамічнага супрацоўніцтва"),
    Tr("коллективной безопасности", "Collective Security", "калектыўнай бяспекі"),
    Tr("транспортного партнёрства", "Transport Partnership", "транспартнага партнёрства"),
    Tr("энергетического сотрудничества", "Energy Cooperation", "энергетычнага супрацоўніцтва"),
    Tr("культурного наследия", "Cultural Heritage", "культурнай спадчыны"),
    Tr(
        "научно-технического сотрудничества",
        "Scientific and Technical Cooperation",
        "навукова-тэхнічнага супрацоўніцтва",
    ),
    Tr("водных ресурсов", "Water Resources", "водных рэсурсаў"),
    Tr("цифрового развития", "Digital Development", "лічбавага развіцця"),
    Tr("таможенного сотрудничества", "Customs Cooperation", "мытнага супрацоўніцтва"),
    Tr("гуманитарного сотрудничества", "Humanitarian Cooperation", "гуманітарнага супрацоўніцтва"),
    Tr("продовольственной безопасности", "Food Security", "харчовай бяспекі"),
    Tr("миграционной политики", "Migration Policy", "міграцыйнай палітыкі"),
]

_SECRETARY_GENERAL = Tr("Генеральный секретарь", "Secretary General", "Генеральны сакратар")
_DEPUTY_SG = Tr(
    "Заместитель Генерального секретаря",
    "Deputy Secretary General",
    "Намеснік Генеральнага сакратара",
)
_COUNCIL_CHAIR = Tr("Председатель Совета", "Chair of the Council", "Старшыня Савета")
_MINISTER = Tr("Министр иностранных дел", "Minister of Foreign Affairs", "Міністр замежных спраў")
_FIRST_DEPUTY = Tr(
    "Первый заместитель министра", "First Deputy Minister", "Першы намеснік міністра"
)
_DEPUTY_MINISTER = Tr("Заместитель министра", "Deputy Minister", "Намеснік міністра")
_PRESS_DIRECTOR = Tr(
    "Директор Департамента информации и печати",
    "Director of the Information and Press Department",
    "Дырэктар Дэпартамента інфармацыі і друку",
)
_COLLEGIUM_SECRETARY = Tr(
    "Ответственный секретарь коллегии",
    "Executive Secretary of the Collegium",
    "Адказны сакратар калегіі",
)
_COLLEGIUM_MEMBER = Tr("Член коллегии", "Member of the Collegium", "Член калегіі")


# --- Plain records ----------------------------------------------------------------


@dataclass(frozen=True)
class SynthState:
    code: str
    name: Tr
    genitive: Tr
    long_name: Tr


@dataclass(frozen=True)
class SynthOrganization:
    slug: str
    kind: str
    name: Tr
    acronym: Tr
    parent: str | None
    seat_state: str | None
    seat_city: Tr
    founding_date: dt.date | None


@dataclass(frozen=True)
class SynthPost:
    slug: str
    organization: str
    label: Tr
    is_head: bool


@dataclass(frozen=True)
class SynthPerson:
    slug: str
    name: Tr
    surname: Tr
    birth_date: dt.date
    owner: str
    visibility: str


@dataclass(frozen=True)
class SynthTenure:
    person: str
    post: str
    start_date: dt.date
    end_date: dt.date | None
    acting: bool
    dates_approximate: bool
    visibility: str


@dataclass(frozen=True)
class SynthMembership:
    organization: str
    member_state: str | None
    member_organization: str | None
    role: str
    status: str
    start_date: dt.date
    end_date: dt.date | None
    note: str
    visibility: str


@dataclass(frozen=True)
class SynthData:
    scale: float
    seed: int
    states: tuple[SynthState, ...]
    organizations: tuple[SynthOrganization, ...]
    posts: tuple[SynthPost, ...]
    persons: tuple[SynthPerson, ...]
    tenures: tuple[SynthTenure, ...]
    memberships: tuple[SynthMembership, ...]
    states_owner: str

    def counts(self) -> dict[str, int]:
        return {
            "states": len(self.states),
            "organizations": len(self.organizations),
            "posts": len(self.posts),
            "persons": len(self.persons),
            "tenures": len(self.tenures),
            "memberships": len(self.memberships),
        }


# --- The generator ------------------------------------------------------------------


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _visibility(rng: random.Random, parties: float, internal: float) -> str:
    roll = rng.random()
    if roll < internal:
        return Visibility.INTERNAL.value
    if roll < internal + parties:
        return Visibility.PARTIES.value
    return Visibility.PUBLIC.value


def _initials(text: str) -> str:
    return "".join(word[0].upper() for word in text.replace("-", " ").split() if word)


class _PoolPerson(TypedDict):
    """A person of the generator's pool; the owner is the first post's, once they hold one."""

    slug: str
    name: Tr
    surname: Tr
    birth_date: dt.date
    owner: str | None
    visibility: str


@dataclass
class _Generator:
    rng: random.Random
    scale: float
    used_names: set[str] = field(default_factory=set)
    persons: list[_PoolPerson] = field(default_factory=list)
    tenures: list[SynthTenure] = field(default_factory=list)
    # person slug -> [(start, end)] of the substantive tenures they hold
    busy: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)
    next_person: int = 0

    # Names ----------------------------------------------------------------------

    def _unique(self, make: Callable[[], Tr]) -> Tr:
        for _attempt in range(200):
            value = make()
            if value.en not in self.used_names:
                self.used_names.add(value.en)
                return value
        # The syllable space is large; this only guards against an endless loop.
        value = make()
        value = Tr(
            f"{value.ru}-{len(self.used_names)}", f"{value.en}-{len(self.used_names)}", value.be
        )
        self.used_names.add(value.en)
        return value

    def _place_root(self) -> Tr:
        root = self.rng.choice(_PLACE_HEAD)
        if self.rng.random() < 0.7:
            root = root + self.rng.choice(_PLACE_MIDDLE)
        return root

    def state_name(self) -> tuple[Tr, Tr]:
        ending = self.rng.choice(_STATE_ENDING)
        root = self._unique(lambda: self._place_root() + ending[0])
        stem = Tr(
            root.ru[: len(root.ru) - len(ending[0].ru)],
            root.en[: len(root.en) - len(ending[0].en)],
            root.be[: len(root.be) - len(ending[0].be)],
        )
        return root, stem + ending[1]

    def city_name(self) -> Tr:
        return self._unique(lambda: self._place_root() + self.rng.choice(_CITY_ENDING))

    def person_name(self) -> tuple[Tr, Tr]:
        female = self.rng.random() < 0.3
        first = self.rng.choice(_FEMALE_FIRST if female else _MALE_FIRST)
        male_suffix, female_suffix = self.rng.choice(_SURNAME_SUFFIX)
        suffix = female_suffix if female else male_suffix
        surname = self.rng.choice(_SURNAME_ROOT)
        if self.rng.random() < 0.5:
            middles = (
                _SURNAME_MIDDLE_CONSONANT
                if suffix.en[0] in _VOWELS
                else _SURNAME_MIDDLE_VOWEL + _SURNAME_MIDDLE_CONSONANT
            )
            surname = surname + self.rng.choice(middles)
        surname = surname + suffix
        return first + Tr(" ", " ", " ") + surname, surname

    # Persons and tenures -------------------------------------------------------------

    def make_persons(self, count: int) -> None:
        for index in range(count):
            name, surname = self.person_name()
            self.persons.append(
                {
                    "slug": f"{SYNTH_PREFIX}{slugify(name.en)}-{index + 1:05d}",
                    "name": name,
                    "surname": surname,
                    "birth_date": _date_between(
                        self.rng, dt.date(1950, 1, 1), dt.date(1990, 12, 31)
                    ),
                    "owner": None,
                    "visibility": _visibility(self.rng, parties=0.06, internal=0.04),
                }
            )

    @staticmethod
    def _overlaps(spans: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
        return any(start <= other_end and other_start <= end for other_start, other_end in spans)

    def _pick_person(self, owner: str, start: dt.date, end: dt.date) -> _PoolPerson:
        """Return a person free over [start, end]: mostly someone new, sometimes a career move."""
        if self.next_person < len(self.persons) and self.rng.random() >= 0.2:
            person = self.persons[self.next_person]
            self.next_person += 1
        else:
            used = self.persons[: self.next_person] or self.persons
            free: _PoolPerson | None = None
            for _attempt in range(8):
                candidate = self.rng.choice(used)
                if not self._overlaps(self.busy.get(candidate["slug"], []), start, end):
                    free = candidate
                    break
            if free is not None:
                person = free
            elif self.next_person < len(self.persons):
                person = self.persons[self.next_person]
                self.next_person += 1
            else:  # tiny scales: more posts than persons, share someone
                person = self.rng.choice(self.persons)
        if person["owner"] is None:
            person["owner"] = owner
        return person

    def add_tenure(
        self,
        *,
        post: str,
        owner: str,
        start: dt.date,
        end: dt.date | None,
        acting: bool,
        person: _PoolPerson | None = None,
    ) -> SynthTenure:
        span_end = end or dt.date.max
        if person is None:
            person = self._pick_person(owner, start, span_end)
        if not acting:
            self.busy.setdefault(person["slug"], []).append((start, span_end))
        tenure = SynthTenure(
            person=person["slug"],
            post=post,
            start_date=start,
            end_date=end,
            acting=acting,
            dates_approximate=self.rng.random() < 0.1,
            visibility=_visibility(self.rng, parties=0.1, internal=0.05),
        )
        self.tenures.append(tenure)
        return tenure

    def timeline(
        self, *, post: str, owner: str, opened: dt.date, min_years: float, max_years: float,
        acting_chance: float, acting_from: list[SynthTenure] | None = None,
    ) -> None:  # fmt: skip
        """Fill the post with holders from before 2011 (or its opening) to this day.

        Substantive tenures follow one another without overlapping; between two
        of them an acting holder (often a deputy of the same body) may fill the gap.
        """
        rng = self.rng
        earliest = max(opened, PERIOD_START - dt.timedelta(days=int(max_years * 365)))
        cursor = _date_between(rng, earliest, max(earliest, PERIOD_START))
        while cursor <= PERIOD_END:
            stop = cursor + _days(rng, int(min_years * 365), int(max_years * 365))
            if stop >= PERIOD_END:
                self.add_tenure(post=post, owner=owner, start=cursor, end=None, acting=False)
                return
            self.add_tenure(post=post, owner=owner, start=cursor, end=stop, acting=False)
            cursor = stop + dt.timedelta(days=1)
            if rng.random() < acting_chance:
                acting_end = cursor + _days(rng, 20, 180)
                deputies = [
                    t
                    for t in acting_from or []
                    if t.start_date <= cursor and (t.end_date is None or t.end_date >= acting_end)
                ]
                person: _PoolPerson | None = None
                if deputies:
                    slug = rng.choice(deputies).person
                    person = next(p for p in self.persons if p["slug"] == slug)
                if acting_end >= PERIOD_END:
                    self.add_tenure(
                        post=post, owner=owner, start=cursor, end=None, acting=True, person=person
                    )
                    return
                self.add_tenure(
                    post=post, owner=owner, start=cursor, end=acting_end, acting=True, person=person
                )
                cursor = acting_end + dt.timedelta(days=1)


def generate(*, scale: float, seed: int) -> SynthData:
    """Return the synthetic registry for ``scale`` and ``seed``.

    The same inputs always give the same data: every choice comes from one
    ``random.Random(seed)`` and no result depends on today's date.
    """
    check_scale(scale)
    rng = random.Random(seed)
    gen = _Generator(rng=rng, scale=scale)

    n_states = min(len(STATE_CODES), max(3, round(40 * scale)))
    n_international = max(1, round(9 * scale))
    n_ministries = min(n_states, max(1, round(14 * scale)))
    n_persons = max(10, round(1500 * scale))

    states: list[SynthState] = []
    for code in STATE_CODES[:n_states]:
        name, genitive = gen.state_name()
        long_name = name.fmt("Республика {}", "Republic of {}", "Рэспубліка {}")
        states.append(SynthState(code=code, name=name, genitive=genitive, long_name=long_name))
    codes = [state.code for state in states]

    organizations: list[SynthOrganization] = []
    posts: list[SynthPost] = []
    international: list[SynthOrganization] = []
    used_acronyms: set[str] = set()

    def add_post(org: SynthOrganization, key: str, label: Tr, *, head: bool = False) -> str:
        slug = f"{org.slug}-{key}"
        posts.append(SynthPost(slug=slug, organization=org.slug, label=label, is_head=head))
        return slug

    # The pool of persons; tenures draw from it in order, so most holders are distinct.
    gen.make_persons(n_persons)

    # International organizations and their bodies.
    for index in range(n_international):
        topic = _TOPICS[(index + rng.randrange(len(_TOPICS))) % len(_TOPICS)]
        city = gen.city_name()
        name = Tr(
            f"Организация {topic.ru} «{city.ru}»",
            f"{city.en} Organization for {topic.en}",
            f"Арганізацыя {topic.be} «{city.be}»",
        )
        acronym = Tr(
            "О" + _initials(topic.ru) + city.ru[0],
            city.en[0] + "O" + _initials(topic.en.replace(" and ", " ")),
            "А" + _initials(topic.be) + city.be[0],
        )
        if acronym.en in used_acronyms:
            acronym = acronym + Tr(f"-{index + 1}", f"-{index + 1}", f"-{index + 1}")
        used_acronyms.add(acronym.en)
        founded = _date_between(rng, dt.date(1992, 1, 1), dt.date(2012, 12, 31))
        seat = rng.choice(codes)
        org = SynthOrganization(
            slug=f"{SYNTH_PREFIX}{slugify(acronym.en)}-{index + 1:03d}",
            kind=OrganizationKind.INTERNATIONAL.value,
            name=name,
            acronym=acronym,
            parent=None,
            seat_state=seat,
            seat_city=city,
            founding_date=founded,
        )
        organizations.append(org)
        international.append(org)

        def body(
            key: str,
            kind: str,
            label: Tr,
            parent: SynthOrganization = org,
            founded: dt.date = founded,
            seat: str = seat,
            city: Tr = city,
        ) -> SynthOrganization:
            child = SynthOrganization(
                slug=f"{parent.slug}-{key}",
                kind=kind,
                name=label,
                acronym=EMPTY,
                parent=parent.slug,
                seat_state=seat,
                seat_city=city,
                founding_date=founded,
            )
            organizations.append(child)
            return child

        secretariat = body(
            "secretariat",
            OrganizationKind.EXECUTIVE_BODY.value,
            acronym.fmt("Секретариат {}", "Secretariat of the {}", "Сакратарыят {}"),
        )
        summit = body(
            "council",
            OrganizationKind.COUNCIL.value,
            acronym.fmt(
                "Совет глав государств {}",
                "Council of Heads of State of the {}",
                "Савет кіраўнікоў дзяржаў {}",
            ),
        )
        if rng.random() < 0.5:
            body(
                "cfm",
                OrganizationKind.COUNCIL.value,
                acronym.fmt(
                    "Совет министров иностранных дел {}",
                    "Council of Foreign Ministers of the {}",
                    "Савет міністраў замежных спраў {}",
                ),
            )

        deputies: list[SynthTenure] = []
        for number in range(1, rng.randint(2, 3) + 1):
            slug = add_post(secretariat, f"deputy-secretary-general-{number}", _DEPUTY_SG)
            before = len(gen.tenures)
            gen.timeline(
                post=slug, owner=org.slug, opened=founded, min_years=2, max_years=5,
                acting_chance=0.05,
            )  # fmt: skip
            deputies.extend(gen.tenures[before:])
        slug = add_post(secretariat, "secretary-general", _SECRETARY_GENERAL, head=True)
        gen.timeline(
            post=slug, owner=org.slug, opened=founded, min_years=3, max_years=6,
            acting_chance=0.3, acting_from=deputies,
        )  # fmt: skip
        # The summit chair rotates every calendar year.
        chair = add_post(summit, "chair", _COUNCIL_CHAIR, head=True)
        for year in range(max(founded.year + 1, PERIOD_START.year), PERIOD_END.year + 1):
            gen.add_tenure(
                post=chair,
                owner=org.slug,
                start=dt.date(year, 1, 1),
                end=dt.date(year, 12, 31),
                acting=False,
            )

    # Foreign ministries, each with its collegium.
    for state in states[:n_ministries]:
        capital = gen.city_name()
        opened = _date_between(rng, dt.date(1991, 1, 1), dt.date(1993, 12, 31))
        ministry = SynthOrganization(
            slug=f"{SYNTH_PREFIX}mfa-{state.code}",
            kind=OrganizationKind.MINISTRY.value,
            name=state.genitive.fmt(
                "Министерство иностранных дел {}",
                "Ministry of Foreign Affairs of {}",
                "Міністэрства замежных спраў {}",
            ),
            acronym=Tr(
                f"МИД {state.genitive.ru}"[:30],
                f"MFA of {state.name.en}"[:30],
                f"МЗС {state.genitive.be}"[:30],
            ),
            parent=None,
            seat_state=state.code,
            seat_city=capital,
            founding_date=opened,
        )
        organizations.append(ministry)
        collegium = SynthOrganization(
            slug=f"{ministry.slug}-collegium",
            kind=OrganizationKind.COLLEGIUM.value,
            name=state.genitive.fmt(
                "Коллегия МИД {}", "Collegium of the MFA of {}", "Калегія МЗС {}"
            ),
            acronym=EMPTY,
            parent=ministry.slug,
            seat_state=state.code,
            seat_city=capital,
            founding_date=ministry.founding_date,
        )
        organizations.append(collegium)
        deputies = []
        for key, label, count in (
            ("first-deputy-minister", _FIRST_DEPUTY, 1),
            ("deputy-minister", _DEPUTY_MINISTER, 3),
        ):
            for number in range(1, count + 1):
                suffix = f"-{number}" if count > 1 else ""
                slug = add_post(ministry, key + suffix, label)
                before = len(gen.tenures)
                gen.timeline(
                    post=slug, owner=ministry.slug, opened=opened, min_years=2, max_years=5,
                    acting_chance=0.05,
                )  # fmt: skip
                deputies.extend(gen.tenures[before:])
        slug = add_post(ministry, "minister", _MINISTER, head=True)
        gen.timeline(
            post=slug, owner=ministry.slug, opened=opened, min_years=3, max_years=8,
            acting_chance=0.25, acting_from=deputies,
        )  # fmt: skip
        slug = add_post(ministry, "press-director", _PRESS_DIRECTOR)
        gen.timeline(
            post=slug, owner=ministry.slug, opened=opened, min_years=3, max_years=7,
            acting_chance=0.1,
        )  # fmt: skip
        slug = add_post(collegium, "executive-secretary", _COLLEGIUM_SECRETARY, head=True)
        gen.timeline(
            post=slug, owner=ministry.slug, opened=opened, min_years=2, max_years=6,
            acting_chance=0.1,
        )  # fmt: skip
        for number in range(1, rng.randint(5, 8) + 1):
            slug = add_post(collegium, f"member-{number}", _COLLEGIUM_MEMBER)
            gen.timeline(
                post=slug, owner=ministry.slug, opened=opened, min_years=3, max_years=7,
                acting_chance=0.0,
            )  # fmt: skip

    memberships = _memberships(rng, international, codes)

    top_level = [org.slug for org in organizations if org.parent is None]
    persons = []
    for person in gen.persons:
        # Persons who never held a post here still belong to some desk.
        owner = person["owner"] or rng.choice(top_level)
        persons.append(
            SynthPerson(
                slug=person["slug"],
                name=person["name"],
                surname=person["surname"],
                birth_date=person["birth_date"],
                owner=owner,
                visibility=person["visibility"],
            )
        )
    return SynthData(
        scale=scale,
        seed=seed,
        states=tuple(states),
        organizations=tuple(organizations),
        posts=tuple(posts),
        persons=tuple(persons),
        tenures=tuple(gen.tenures),
        memberships=tuple(memberships),
        states_owner=international[0].slug,
    )


_JOINER_ROLES = [
    (MembershipRole.MEMBER.value, 0.55),
    (MembershipRole.OBSERVER.value, 0.25),
    (MembershipRole.DIALOGUE_PARTNER.value, 0.12),
    (MembershipRole.ASSOCIATE.value, 0.08),
]


def _memberships(
    rng: random.Random, international: list[SynthOrganization], codes: list[str]
) -> list[SynthMembership]:
    """Return founders, later joiners, observers who became members, suspensions and exits."""
    memberships: list[SynthMembership] = []
    roles, weights = zip(*_JOINER_ROLES, strict=True)

    def add(
        org: SynthOrganization,
        *,
        state: str | None = None,
        member_org: str | None = None,
        role: str,
        start: dt.date,
        end: dt.date | None = None,
        status: str | None = None,
        note: str = "",
    ) -> None:
        memberships.append(
            SynthMembership(
                organization=org.slug,
                member_state=state,
                member_organization=member_org,
                role=role,
                status=status or MembershipStatus.ACTIVE.value,
                start_date=start,
                end_date=end,
                note=f"{note}; {SYNTH_NOTE}" if note else SYNTH_NOTE,
                visibility=_visibility(rng, parties=0.1, internal=0.05),
            )
        )

    for index, org in enumerate(international):
        founded = org.founding_date or PERIOD_START
        shuffled = rng.sample(codes, len(codes))
        n_founders = min(len(shuffled), rng.randint(4, 8))
        founders, others = shuffled[:n_founders], shuffled[n_founders:]
        joiners = others[: rng.randint(2, 7)]
        for code in founders:
            start, end, status, note = founded, None, None, ""
            roll = rng.random()
            if roll < 0.06:
                end = _date_between(rng, max(founded, PERIOD_START), PERIOD_END)
                note = "withdrew"
            elif roll < 0.12:
                status, note = MembershipStatus.SUSPENDED.value, "participation suspended"
            add(org, state=code, role=MembershipRole.MEMBER.value, start=start, end=end,
                status=status, note=note)  # fmt: skip
        for code in joiners:
            start = _date_between(rng, founded + dt.timedelta(days=365), PERIOD_END)
            role = rng.choices(roles, weights)[0]
            if role == MembershipRole.OBSERVER.value and rng.random() < 0.35:
                # An observer that later became a full member.
                switch = _date_between(rng, start + dt.timedelta(days=180), PERIOD_END)
                if switch < PERIOD_END:
                    add(org, state=code, role=role, start=start, end=switch, note="became a member")
                    add(org, state=code, role=MembershipRole.MEMBER.value,
                        start=switch + dt.timedelta(days=1))  # fmt: skip
                    continue
            end, status, note = None, None, ""
            roll = rng.random()
            if roll < 0.08:
                end = _date_between(rng, start, PERIOD_END)
                note = "withdrew"
            elif roll < 0.12:
                status, note = MembershipStatus.SUSPENDED.value, "participation suspended"
            add(org, state=code, role=role, start=start, end=end, status=status, note=note)
        # Now and then an older organization is an observer in a younger one.
        if index > 0 and rng.random() < 0.3:
            other = rng.choice(international[:index])
            add(org, member_org=other.slug, role=MembershipRole.OBSERVER.value,
                start=_date_between(rng, max(founded, PERIOD_START), PERIOD_END))  # fmt: skip
    return memberships


# --- The audited loader ---------------------------------------------------------------


def synth_generate(context: SynthContext) -> SynthData:
    """Return the registry's part of ``collegium synth`` (see ``devdata.synth``)."""
    return generate(scale=context.scale, seed=context.seed)


def synth_present() -> bool:
    """Return whether the database already holds synthetic registry data."""
    return (
        Organization.objects.filter(slug__startswith=SYNTH_PREFIX).exists()
        or Person.objects.filter(slug__startswith=SYNTH_PREFIX).exists()
    )


def synth_insert(context: SynthContext, data: SynthData) -> None:
    """Write ``data`` inside the load's transaction, unless a state code it needs is taken.

    Leaves the organizations (by slug) and states (by code) it wrote in
    ``context.rows`` for the apps after it.
    """
    taken = sorted(
        State.objects.filter(code__in=[s.code for s in data.states]).values_list("code", flat=True)
    )
    if taken:
        raise ValidationError(
            _("State codes needed by the synthetic data are taken: %(codes)s"),
            params={"codes": ", ".join(taken)},
            code="synth_codes_taken",
        )
    organizations, states = _insert(data)
    context.rows["organizations"] = organizations
    context.rows["states"] = states


def _other_names(*names: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "lang": lang, "note": SYNTH_NOTE} for name, lang in names if name]


def _insert(data: SynthData) -> tuple[dict[str, Organization], dict[str, State]]:
    """Write ``data``; return the organizations by slug and the states by code."""
    top_level = [org for org in data.organizations if org.parent is None]
    bodies = [(org, org.parent) for org in data.organizations if org.parent is not None]

    def organization(org: SynthOrganization, **extra: Any) -> Organization:
        return Organization(
            slug=org.slug,
            kind=org.kind,
            name_ru=org.name.ru,
            name_en=org.name.en,
            name_be=org.name.be,
            acronym_ru=org.acronym.ru,
            acronym_en=org.acronym.en,
            acronym_be=org.acronym.be,
            seat_city_ru=org.seat_city.ru,
            seat_city_en=org.seat_city.en,
            seat_city_be=org.seat_city.be,
            founding_date=org.founding_date,
            visibility=Visibility.PUBLIC,
            other_names=_other_names((org.acronym.ru, "ru"), (org.acronym.en, "en")),
            **extra,
        )

    # Top-level organizations own their own records and are seated in states that
    # a top-level organization owns: insert them bare, then the states, then link.
    orgs = {o.slug: o for o in bulk_insert(Organization, [organization(org) for org in top_level])}
    states_owner = orgs[data.states_owner]
    states = {
        s.code: s
        for s in bulk_insert(
            State,
            [
                State(
                    code=state.code,
                    name_ru=state.name.ru,
                    name_en=state.name.en,
                    name_be=state.name.be,
                    other_names=_other_names(
                        (state.long_name.ru, "ru"),
                        (state.genitive.ru, "ru"),
                        (state.long_name.en, "en"),
                        (state.long_name.be, "be"),
                    ),
                    owner=states_owner,
                    visibility=Visibility.PUBLIC,
                )
                for state in data.states
            ],
        )
    }
    for org in top_level:
        instance = orgs[org.slug]
        instance.owner = instance
        instance.seat_state = states.get(org.seat_state) if org.seat_state else None
    Organization.objects.bulk_update(
        list(orgs.values()), ["owner", "seat_state"], batch_size=BATCH_SIZE
    )
    for created in bulk_insert(
        Organization,
        [
            organization(
                org,
                parent=orgs[parent],
                owner=orgs[parent],
                seat_state=states.get(org.seat_state) if org.seat_state else None,
            )
            for org, parent in bodies
        ],
    ):
        orgs[created.slug] = created

    def owner_of(org: Organization) -> Organization:
        return orgs[org.slug] if org.parent is None else org.parent

    posts = {
        p.slug: p
        for p in bulk_insert(
            Post,
            [
                Post(
                    slug=post.slug,
                    organization=orgs[post.organization],
                    owner=owner_of(orgs[post.organization]),
                    label_ru=post.label.ru,
                    label_en=post.label.en,
                    label_be=post.label.be,
                    is_head=post.is_head,
                    visibility=Visibility.PUBLIC,
                )
                for post in data.posts
            ],
        )
    }
    persons = {
        p.slug: p
        for p in bulk_insert(
            Person,
            [
                Person(
                    slug=person.slug,
                    name_ru=person.name.ru,
                    name_en=person.name.en,
                    name_be=person.name.be,
                    birth_date=person.birth_date,
                    other_names=_other_names(
                        (f"{person.surname.ru} {person.name.ru.split()[0]}", "ru"),
                        (f"{person.name.ru[0]}. {person.surname.ru}", "ru"),
                    ),
                    owner=orgs[person.owner],
                    visibility=person.visibility,
                )
                for person in data.persons
            ],
        )
    }
    bulk_insert(
        Tenure,
        [
            Tenure(
                person=persons[tenure.person],
                post=posts[tenure.post],
                owner=posts[tenure.post].owner,
                start_date=tenure.start_date,
                end_date=tenure.end_date,
                dates_approximate=tenure.dates_approximate,
                acting=tenure.acting,
                note=SYNTH_NOTE,
                visibility=tenure.visibility,
            )
            for tenure in data.tenures
        ],
    )
    bulk_insert(
        Membership,
        [
            Membership(
                organization=orgs[membership.organization],
                owner=orgs[membership.organization],
                member_state=states[membership.member_state] if membership.member_state else None,
                member_organization=(
                    orgs[membership.member_organization] if membership.member_organization else None
                ),
                role=membership.role,
                status=membership.status,
                start_date=membership.start_date,
                end_date=membership.end_date,
                note=membership.note,
                visibility=membership.visibility,
            )
            for membership in data.memberships
        ],
    )
    return orgs, states
