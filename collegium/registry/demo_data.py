"""The real registry facts of the demo scenario, as publicly reported.

Dates of office that public sources give only to the month or the year are
stored on the first day of that period with ``dates_approximate`` set, so the
pages show them as approximate.
"""

import datetime as dt

D = dt.date

# code, ru, en, be, alternative names (inflected and other forms for media monitoring)
STATES = [
    (
        "ru",
        "Россия",
        "Russia",
        "Расія",
        ["Российская Федерация", "РФ", "России", "Россией", "Russian Federation"],
    ),
    (
        "by",
        "Беларусь",
        "Belarus",
        "Беларусь",
        ["Белоруссия", "Белоруссии", "Беларуси", "Республика Беларусь", "РБ", "Belorussia"],
    ),
    ("am", "Армения", "Armenia", "Арменія", ["Республика Армения", "Армении", "Арменией"]),
    ("kz", "Казахстан", "Kazakhstan", "Казахстан", ["Республика Казахстан", "Казахстана"]),
    (
        "kg",
        "Киргизия",
        "Kyrgyzstan",
        "Кыргызстан",
        ["Кыргызстан", "Киргизии", "Кыргызская Республика", "Kyrgyz Republic"],
    ),
    ("tj", "Таджикистан", "Tajikistan", "Таджыкістан", ["Республика Таджикистан", "Таджикистана"]),
    (
        "az",
        "Азербайджан",
        "Azerbaijan",
        "Азербайджан",
        ["Азербайджанская Республика", "Азербайджана"],
    ),
    ("md", "Молдавия", "Moldova", "Малдова", ["Молдова", "Республика Молдова", "Молдавии"]),
    ("uz", "Узбекистан", "Uzbekistan", "Узбекістан", ["Республика Узбекистан", "Узбекистана"]),
    ("tm", "Туркмения", "Turkmenistan", "Туркменістан", ["Туркменистан", "Туркмении"]),
    ("cn", "Китай", "China", "Кітай", ["КНР", "Китайская Народная Республика", "Китая"]),
    ("in", "Индия", "India", "Індыя", ["Республика Индия", "Индии"]),
    ("ir", "Иран", "Iran", "Іран", ["Исламская Республика Иран", "Ирана"]),
    ("pk", "Пакистан", "Pakistan", "Пакістан", ["Исламская Республика Пакистан", "Пакистана"]),
]

# slug, kind, parent, owner, names (ru, en, be), acronyms (ru, en, be), seat (state, city ru/en/be),
# founding date, alternative names
ORGANIZATIONS = [
    {
        "slug": "union-state",
        "kind": "international_organization",
        "parent": None,
        "owner": "union-state-standing-committee",
        "name": ("Союзное государство", "Union State", "Саюзная дзяржава"),
        "acronym": ("СГ", "", "СД"),
        "seat": ("ru", "Москва", "Moscow", "Масква"),
        "founding_date": D(1999, 12, 8),
        "other_names": ["Союзное государство России и Белоруссии", "Союзного государства"],
    },
    {
        "slug": "union-state-standing-committee",
        "kind": "executive_body",
        "parent": "union-state",
        "owner": "union-state-standing-committee",
        "name": (
            "Постоянный комитет Союзного государства",
            "Standing Committee of the Union State",
            "Пастаянны камітэт Саюзнай дзяржавы",
        ),
        "acronym": ("", "", ""),
        "seat": ("ru", "Москва", "Moscow", "Масква"),
        "other_names": [
            "Постоянного комитета Союзного государства",
            "Постоянный комитет СГ",
            "Госсекретарь Союзного государства",
        ],
    },
    {
        "slug": "csto",
        "kind": "international_organization",
        "parent": None,
        "owner": "csto-secretariat",
        "name": (
            "Организация Договора о коллективной безопасности",
            "Collective Security Treaty Organization",
            "Арганізацыя Дагавора аб калектыўнай бяспецы",
        ),
        "acronym": ("ОДКБ", "CSTO", "АДКБ"),
        "seat": ("ru", "Москва", "Moscow", "Масква"),
        "founding_date": D(1992, 5, 15),
        "other_names": ["Организации Договора о коллективной безопасности", "ОДКБ"],
    },
    {
        "slug": "csto-secretariat",
        "kind": "executive_body",
        "parent": "csto",
        "owner": "csto-secretariat",
        "name": ("Секретариат ОДКБ", "CSTO Secretariat", "Сакратарыят АДКБ"),
        "acronym": ("", "", ""),
        "seat": ("ru", "Москва", "Moscow", "Масква"),
        "other_names": ["Секретариата ОДКБ"],
    },
    {
        "slug": "csto-csc",
        "kind": "council",
        "parent": "csto",
        "owner": "csto-secretariat",
        "name": (
            "Совет коллективной безопасности ОДКБ",
            "CSTO Collective Security Council",
            "Савет калектыўнай бяспекі АДКБ",
        ),
        "acronym": ("СКБ", "CSC", "СКБ"),
        "seat": None,
        "other_names": ["Совета коллективной безопасности", "саммит ОДКБ"],
    },
    {
        "slug": "cis",
        "kind": "international_organization",
        "parent": None,
        "owner": "cis-executive-committee",
        "name": (
            "Содружество Независимых Государств",
            "Commonwealth of Independent States",
            "Садружнасць Незалежных Дзяржаў",
        ),
        "acronym": ("СНГ", "CIS", "СНД"),
        "seat": ("by", "Минск", "Minsk", "Мінск"),
        "founding_date": D(1991, 12, 8),
        "other_names": ["Содружества Независимых Государств", "Содружество", "Содружества"],
    },
    {
        "slug": "cis-executive-committee",
        "kind": "executive_body",
        "parent": "cis",
        "owner": "cis-executive-committee",
        "name": ("Исполнительный комитет СНГ", "CIS Executive Committee", "Выканаўчы камітэт СНД"),
        "acronym": ("", "", ""),
        "seat": ("by", "Минск", "Minsk", "Мінск"),
        "other_names": ["Исполком СНГ", "Исполкома СНГ", "Исполнительного комитета СНГ"],
    },
    {
        "slug": "cis-chs",
        "kind": "council",
        "parent": "cis",
        "owner": "cis-executive-committee",
        "name": (
            "Совет глав государств СНГ",
            "CIS Council of Heads of State",
            "Савет кіраўнікоў дзяржаў СНД",
        ),
        "acronym": ("СГГ", "CHS", "СКД"),
        "seat": None,
        "other_names": ["Совета глав государств СНГ", "саммит СНГ"],
    },
    {
        "slug": "sco",
        "kind": "international_organization",
        "parent": None,
        "owner": "sco-secretariat",
        "name": (
            "Шанхайская организация сотрудничества",
            "Shanghai Cooperation Organisation",
            "Шанхайская арганізацыя супрацоўніцтва",
        ),
        "acronym": ("ШОС", "SCO", "ШАС"),
        "seat": ("cn", "Пекин", "Beijing", "Пекін"),
        "founding_date": D(2001, 6, 15),
        "other_names": ["Шанхайской организации сотрудничества", "ШОС"],
    },
    {
        "slug": "sco-secretariat",
        "kind": "executive_body",
        "parent": "sco",
        "owner": "sco-secretariat",
        "name": ("Секретариат ШОС", "SCO Secretariat", "Сакратарыят ШАС"),
        "acronym": ("", "", ""),
        "seat": ("cn", "Пекин", "Beijing", "Пекін"),
        "other_names": ["Секретариата ШОС"],
    },
    {
        "slug": "sco-chs",
        "kind": "council",
        "parent": "sco",
        "owner": "sco-secretariat",
        "name": (
            "Совет глав государств — членов ШОС",
            "SCO Council of Heads of State",
            "Савет кіраўнікоў дзяржаў — членаў ШАС",
        ),
        "acronym": ("СГГ", "HSC", "СКД"),
        "seat": None,
        "other_names": ["Совета глав государств ШОС", "саммит ШОС"],
    },
    {
        "slug": "mfa-ru",
        "kind": "ministry",
        "parent": None,
        "owner": "mfa-ru",
        "name": (
            "Министерство иностранных дел Российской Федерации",
            "Ministry of Foreign Affairs of the Russian Federation",
            "Міністэрства замежных спраў Расійскай Федэрацыі",
        ),
        "acronym": ("МИД России", "MFA of Russia", "МЗС Расіі"),
        "seat": ("ru", "Москва", "Moscow", "Масква"),
        "other_names": ["МИД РФ", "МИД России", "российский МИД", "Смоленская площадь"],
    },
    {
        "slug": "mfa-ru-collegium",
        "kind": "collegium",
        "parent": "mfa-ru",
        "owner": "mfa-ru",
        "name": ("Коллегия МИД России", "Collegium of the MFA of Russia", "Калегія МЗС Расіі"),
        "acronym": ("", "", ""),
        "seat": ("ru", "Москва", "Moscow", "Масква"),
        "other_names": ["коллегии МИД России"],
    },
    {
        "slug": "mfa-by",
        "kind": "ministry",
        "parent": None,
        "owner": "mfa-by",
        "name": (
            "Министерство иностранных дел Республики Беларусь",
            "Ministry of Foreign Affairs of the Republic of Belarus",
            "Міністэрства замежных спраў Рэспублікі Беларусь",
        ),
        "acronym": ("МИД Беларуси", "MFA of Belarus", "МЗС Беларусі"),
        "seat": ("by", "Минск", "Minsk", "Мінск"),
        "other_names": ["МИД Белоруссии", "МИД РБ", "белорусский МИД"],
    },
    {
        "slug": "mfa-by-collegium",
        "kind": "collegium",
        "parent": "mfa-by",
        "owner": "mfa-by",
        "name": (
            "Коллегия МИД Беларуси",
            "Collegium of the MFA of Belarus",
            "Калегія МЗС Беларусі",
        ),
        "acronym": ("", "", ""),
        "seat": ("by", "Минск", "Minsk", "Мінск"),
        "other_names": ["коллегии МИД Белоруссии"],
    },
]

# organization, member (state code or "org:<slug>"), role, status, start, end, approximate, note
MEMBERSHIPS = [
    ("union-state", "ru", "member", "active", D(1999, 12, 8), None, False, ""),
    ("union-state", "by", "member", "active", D(1999, 12, 8), None, False, ""),
    ("csto", "am", "member", "active", D(1992, 5, 15), D(2023, 12, 31), True, ""),
    (
        "csto",
        "am",
        "member",
        "suspended",
        D(2024, 1, 1),
        None,
        True,
        "Участие Армении заморожено с 2024 года",
    ),
    ("csto", "by", "member", "active", D(1993, 12, 31), None, True, ""),
    ("csto", "kz", "member", "active", D(1992, 5, 15), None, False, ""),
    ("csto", "kg", "member", "active", D(1992, 5, 15), None, False, ""),
    ("csto", "ru", "member", "active", D(1992, 5, 15), None, False, ""),
    ("csto", "tj", "member", "active", D(1992, 5, 15), None, False, ""),
    ("cis", "az", "member", "active", D(1993, 9, 24), None, True, ""),
    ("cis", "am", "member", "active", D(1991, 12, 21), None, False, ""),
    ("cis", "by", "member", "active", D(1991, 12, 8), None, False, ""),
    ("cis", "kz", "member", "active", D(1991, 12, 21), None, False, ""),
    ("cis", "kg", "member", "active", D(1991, 12, 21), None, False, ""),
    ("cis", "md", "member", "active", D(1994, 4, 8), None, True, ""),
    ("cis", "ru", "member", "active", D(1991, 12, 8), None, False, ""),
    ("cis", "tj", "member", "active", D(1991, 12, 21), None, False, ""),
    ("cis", "uz", "member", "active", D(1991, 12, 21), None, False, ""),
    ("cis", "tm", "associate", "active", D(2005, 8, 26), None, True, ""),
    (
        "cis",
        "org:sco",
        "observer",
        "active",
        D(2025, 10, 10),
        None,
        True,
        "Статус наблюдателя при СНГ предоставлен ШОС в октябре 2025 года",
    ),
    ("sco", "cn", "member", "active", D(2001, 6, 15), None, False, ""),
    ("sco", "kz", "member", "active", D(2001, 6, 15), None, False, ""),
    ("sco", "kg", "member", "active", D(2001, 6, 15), None, False, ""),
    ("sco", "ru", "member", "active", D(2001, 6, 15), None, False, ""),
    ("sco", "tj", "member", "active", D(2001, 6, 15), None, False, ""),
    ("sco", "uz", "member", "active", D(2001, 6, 15), None, False, ""),
    ("sco", "in", "member", "active", D(2017, 6, 9), None, False, ""),
    ("sco", "pk", "member", "active", D(2017, 6, 9), None, False, ""),
    ("sco", "ir", "member", "active", D(2023, 7, 4), None, False, ""),
    ("sco", "by", "member", "active", D(2024, 7, 4), None, False, ""),
]

# slug, organization, is_head, labels (ru, en, be)
POSTS = [
    (
        "union-state-state-secretary",
        "union-state-standing-committee",
        True,
        (
            "Государственный секретарь Союзного государства",
            "State Secretary of the Union State",
            "Дзяржаўны сакратар Саюзнай дзяржавы",
        ),
    ),
    (
        "union-state-deputy-state-secretary",
        "union-state-standing-committee",
        False,
        (
            "Заместитель Государственного секретаря Союзного государства",
            "Deputy State Secretary of the Union State",
            "Намеснік Дзяржаўнага сакратара Саюзнай дзяржавы",
        ),
    ),
    (
        "csto-secretary-general",
        "csto-secretariat",
        True,
        ("Генеральный секретарь ОДКБ", "CSTO Secretary General", "Генеральны сакратар АДКБ"),
    ),
    (
        "cis-secretary-general",
        "cis-executive-committee",
        True,
        (
            "Генеральный секретарь СНГ (до 2025 г. — Председатель Исполнительного комитета — "
            "Исполнительный секретарь СНГ)",
            "CIS Secretary General (until 2025: Chairman of the Executive Committee – "
            "Executive Secretary)",
            "Генеральны сакратар СНД (да 2025 г. — Старшыня Выканаўчага камітэта — "
            "Выканаўчы сакратар СНД)",
        ),
    ),
    (
        "sco-secretary-general",
        "sco-secretariat",
        True,
        ("Генеральный секретарь ШОС", "SCO Secretary-General", "Генеральны сакратар ШАС"),
    ),
    (
        "mfa-ru-minister",
        "mfa-ru",
        True,
        (
            "Министр иностранных дел Российской Федерации",
            "Minister of Foreign Affairs of the Russian Federation",
            "Міністр замежных спраў Расійскай Федэрацыі",
        ),
    ),
    (
        "mfa-ru-spokesperson",
        "mfa-ru",
        False,
        (
            "Официальный представитель МИД России, директор Департамента информации и печати",
            "Official Spokesperson of the MFA of Russia, Director of the Information and Press "
            "Department",
            "Афіцыйны прадстаўнік МЗС Расіі, дырэктар Дэпартамента інфармацыі і друку",
        ),
    ),
    (
        "mfa-by-minister",
        "mfa-by",
        True,
        (
            "Министр иностранных дел Республики Беларусь",
            "Minister of Foreign Affairs of the Republic of Belarus",
            "Міністр замежных спраў Рэспублікі Беларусь",
        ),
    ),
]

# The forms invitation letters print, by post slug: the title in the dative, the full titles
# in letters (empty: the label), the title in direct address ("Уважаемый господин …!").
POST_LETTER_FORMS = {
    "union-state-state-secretary": {
        "label_ru_dative": "Государственному секретарю Союзного государства",
        "address_title_ru": "Государственный секретарь",
        "address_title_en": "State Secretary",
    },
    "union-state-deputy-state-secretary": {
        "label_ru_dative": "Заместителю Государственного секретаря Союзного государства",
        "address_title_ru": "Заместитель Государственного секретаря",
        "address_title_en": "Deputy State Secretary",
    },
    "csto-secretary-general": {
        "label_ru_dative": (
            "Генеральному секретарю Организации Договора о коллективной безопасности"
        ),
        "letter_label_ru": "Генеральный секретарь Организации Договора о коллективной безопасности",
        "letter_label_en": "Secretary General of the Collective Security Treaty Organization",
        "address_title_ru": "Генеральный секретарь",
        "address_title_en": "Secretary General",
    },
    "cis-secretary-general": {
        "label_ru_dative": "Генеральному секретарю Содружества Независимых Государств",
        "letter_label_ru": "Генеральный секретарь Содружества Независимых Государств",
        "letter_label_en": "Secretary General of the Commonwealth of Independent States",
        "address_title_ru": "Генеральный секретарь",
        "address_title_en": "Secretary General",
    },
    "sco-secretary-general": {
        "label_ru_dative": "Генеральному секретарю Шанхайской организации сотрудничества",
        "letter_label_ru": "Генеральный секретарь Шанхайской организации сотрудничества",
        "letter_label_en": "Secretary-General of the Shanghai Cooperation Organisation",
        "address_title_ru": "Генеральный секретарь",
        "address_title_en": "Secretary-General",
    },
    "mfa-ru-minister": {
        "label_ru_dative": "Министру иностранных дел Российской Федерации",
        "address_title_ru": "Министр",
        "address_title_en": "Minister",
    },
    "mfa-ru-spokesperson": {
        "label_ru_dative": (
            "Официальному представителю МИД России, директору Департамента информации и печати"
        ),
    },
    "mfa-by-minister": {
        "label_ru_dative": "Министру иностранных дел Республики Беларусь",
        "address_title_ru": "Министр",
        "address_title_en": "Minister",
    },
}

# slug, owner, names (ru, en, be), alternative names
PERSONS = [
    (
        "sergey-lavrov",
        "mfa-ru",
        ("Сергей Викторович Лавров", "Sergey Lavrov", "Сяргей Лаўроў"),
        ["Лавров", "Лаврова", "Лаврову", "Сергей Лавров"],
    ),
    (
        "maria-zakharova",
        "mfa-ru",
        ("Мария Владимировна Захарова", "Maria Zakharova", "Марыя Захарава"),
        ["Захарова", "Захаровой", "Мария Захарова"],
    ),
    (
        "maxim-ryzhenkov",
        "mfa-by",
        ("Максим Владимирович Рыженков", "Maxim Ryzhenkov", "Максім Рыжанкоў"),
        ["Рыженков", "Рыженкова", "Максим Рыженков"],
    ),
    (
        "sergei-aleinik",
        "mfa-by",
        ("Сергей Фёдорович Алейник", "Sergei Aleinik", "Сяргей Алейнік"),
        ["Алейник", "Алейника"],
    ),
    (
        "vladimir-makei",
        "mfa-by",
        ("Владимир Владимирович Макей", "Vladimir Makei", "Уладзімір Макей"),
        ["Макей", "Макея"],
    ),
    (
        "sergey-glazyev",
        "union-state-standing-committee",
        ("Сергей Юрьевич Глазьев", "Sergey Glazyev", "Сяргей Глазьеў"),
        ["Глазьев", "Глазьева", "Сергей Глазьев"],
    ),
    (
        "dmitry-mezentsev",
        "union-state-standing-committee",
        ("Дмитрий Фёдорович Мезенцев", "Dmitry Mezentsev", "Дзмітрый Мезенцаў"),
        ["Мезенцев", "Мезенцева"],
    ),
    (
        "imangali-tasmagambetov",
        "csto-secretariat",
        ("Имангали Нургалиевич Тасмагамбетов", "Imangali Tasmagambetov", "Імангалі Тасмагамбетаў"),
        ["Тасмагамбетов", "Тасмагамбетова"],
    ),
    (
        "taalatbek-masadykov",
        "csto-secretariat",
        ("Таалатбек Масадыков", "Taalatbek Masadykov", "Таалатбек Масадыкаў"),
        ["Масадыков", "Масадыкова"],
    ),
    (
        "sergey-lebedev",
        "cis-executive-committee",
        ("Сергей Николаевич Лебедев", "Sergey Lebedev", "Сяргей Лебедзеў"),
        ["Лебедев", "Лебедева", "Сергей Лебедев"],
    ),
    (
        "nurlan-yermekbayev",
        "sco-secretariat",
        ("Нурлан Байузакович Ермекбаев", "Nurlan Yermekbayev", "Нурлан Ермекбаеў"),
        ["Ермекбаев", "Ермекбаева"],
    ),
    ("zhang-ming", "sco-secretariat", ("Чжан Мин", "Zhang Ming", "Чжан Мін"), ["Чжан Мина"]),
]

# The forms invitation letters print, by person slug: gender (chooses Mr/Ms, г-ну/г-же), the
# English style, initials and surname in the dative and in the nominative.  A patronymic the
# sources do not give is left out rather than guessed.
PERSON_LETTER_FORMS = {
    slug: {
        "gender": gender,
        "honorific_prefix": style,
        "name_ru_dative": dative,
        "name_ru_short": short,
    }
    for slug, gender, style, dative, short in [
        ("sergey-lavrov", "male", "H.E.", "С.В. Лаврову", "С.В. Лавров"),
        ("maria-zakharova", "female", "", "М.В. Захаровой", "М.В. Захарова"),
        ("maxim-ryzhenkov", "male", "H.E.", "М.В. Рыженкову", "М.В. Рыженков"),
        ("sergei-aleinik", "male", "H.E.", "С.Ф. Алейнику", "С.Ф. Алейник"),
        ("vladimir-makei", "male", "H.E.", "В.В. Макею", "В.В. Макей"),
        ("sergey-glazyev", "male", "H.E.", "С.Ю. Глазьеву", "С.Ю. Глазьев"),
        ("dmitry-mezentsev", "male", "H.E.", "Д.Ф. Мезенцеву", "Д.Ф. Мезенцев"),
        ("imangali-tasmagambetov", "male", "H.E.", "И.Н. Тасмагамбетову", "И.Н. Тасмагамбетов"),
        ("taalatbek-masadykov", "male", "H.E.", "Т. Масадыкову", "Т. Масадыков"),
        ("sergey-lebedev", "male", "H.E.", "С.Н. Лебедеву", "С.Н. Лебедев"),
        ("nurlan-yermekbayev", "male", "H.E.", "Н.Б. Ермекбаеву", "Н.Б. Ермекбаев"),
        ("zhang-ming", "male", "H.E.", "Чжан Мину", "Чжан Мин"),
    ]
}

# person, post, start, end, approximate, acting, note
TENURES = [
    (
        "dmitry-mezentsev",
        "union-state-state-secretary",
        D(2021, 1, 1),
        D(2025, 3, 31),
        True,
        False,
        "",
    ),
    (
        "sergey-glazyev",
        "union-state-deputy-state-secretary",
        D(2025, 1, 1),
        D(2025, 3, 31),
        True,
        False,
        "",
    ),
    ("sergey-glazyev", "union-state-state-secretary", D(2025, 4, 1), None, True, False, ""),
    (
        "imangali-tasmagambetov",
        "csto-secretary-general",
        D(2023, 1, 1),
        D(2025, 12, 31),
        False,
        False,
        "",
    ),
    (
        "taalatbek-masadykov",
        "csto-secretary-general",
        D(2026, 1, 1),
        None,
        False,
        False,
        "Срок полномочий 2026–2029",
    ),
    (
        "sergey-lebedev",
        "cis-secretary-general",
        D(2007, 10, 1),
        None,
        True,
        False,
        "Переназначен в октябре 2025 года на три года",
    ),
    ("zhang-ming", "sco-secretary-general", D(2022, 1, 1), D(2024, 12, 31), False, False, ""),
    (
        "nurlan-yermekbayev",
        "sco-secretary-general",
        D(2025, 1, 1),
        None,
        False,
        False,
        "Срок полномочий 2025–2027",
    ),
    ("sergey-lavrov", "mfa-ru-minister", D(2004, 3, 9), None, False, False, ""),
    ("maria-zakharova", "mfa-ru-spokesperson", D(2015, 8, 1), None, True, False, ""),
    ("vladimir-makei", "mfa-by-minister", D(2012, 8, 1), D(2022, 11, 26), True, False, ""),
    ("sergei-aleinik", "mfa-by-minister", D(2022, 12, 1), D(2024, 3, 31), True, False, ""),
    ("maxim-ryzhenkov", "mfa-by-minister", D(2024, 4, 1), None, True, False, ""),
]
