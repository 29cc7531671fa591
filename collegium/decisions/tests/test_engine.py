"""The pure engine: identifiers, numbers, canonical bytes, diffs and language gaps."""

import pytest

from collegium.decisions.engine import canonical, diff, structure


def test_identifiers_follow_akoma_ntoso_and_never_repeat():
    """Each part's eid names its parent; a counter per parent and kind only goes up."""
    counters: structure.Counters = {}
    sec, counters = structure.next_eid(counters, None, "section")
    para, counters = structure.next_eid(counters, sec, "paragraph")
    sub, counters = structure.next_eid(counters, para, "subparagraph")
    assert (sec, para, sub) == ("sec_1", "sec_1__para_1", "sec_1__para_1__subpara_1")
    again, counters = structure.next_eid(counters, sec, "paragraph")
    assert again == "sec_1__para_2"
    root_para, counters = structure.next_eid(counters, None, "paragraph")
    assert root_para == "para_1"


def test_next_eid_leaves_the_given_counters_unchanged():
    """The counters are returned anew: a failed write cannot advance them."""
    counters = {"": {"sec": 2}}
    eid, updated = structure.next_eid(counters, None, "section")
    assert eid == "sec_3"
    assert counters == {"": {"sec": 2}}
    assert updated == {"": {"sec": 3}}


def test_the_preamble_is_given_once():
    """The preamble's identifier is 'preamble', never given twice."""
    eid, counters = structure.next_eid({}, None, "preamble")
    assert eid == "preamble"
    with pytest.raises(structure.StructureError):
        structure.next_eid(counters, None, "preamble")


def test_numbers_count_paragraphs_through_the_document():
    """Sections take Roman numerals, paragraphs run on, sub-paragraphs take their paragraph's."""
    parts = [
        structure.Part("preamble", "preamble", None, 1),
        structure.Part("preamble__para_1", "paragraph", "preamble", 1),
        structure.Part("sec_1", "section", None, 2),
        structure.Part("sec_1__para_2", "paragraph", "sec_1", 1),
        structure.Part("sec_1__para_1", "paragraph", "sec_1", 2),
        structure.Part("sec_1__para_1__subpara_1", "subparagraph", "sec_1__para_1", 1),
        structure.Part("sec_2", "section", None, 3),
        structure.Part("sec_2__para_1", "paragraph", "sec_2", 1),
    ]
    assert structure.numbers(parts) == {
        "preamble": "",
        "preamble__para_1": "",
        "sec_1": "I",
        "sec_1__para_2": "1.",
        "sec_1__para_1": "2.",
        "sec_1__para_1__subpara_1": "2.1.",
        "sec_2": "II",
        "sec_2__para_1": "3.",
    }


def _doc(text_ru="Одобрить план.", **meta):
    nodes = [
        {"eid": "para_1", "kind": "paragraph", "parent": None, "position": 1, "num": "1.",
         "text_ru": text_ru, "text_be": "Ухваліць план.", "text_en": "Approve the plan."},
    ]  # fmt: skip
    return canonical.snapshot({"slug": "r", "title": {"ru": "Постановление"}, **meta}, nodes)


def test_canonical_bytes_are_sorted_compact_utf8():
    """The bytes are JSON with sorted keys, no spaces, and Cyrillic as UTF-8, not escapes."""
    data = canonical.canonical_bytes(_doc())
    assert data.startswith(b'{"body":[{"children":[],"eid":"para_1"')
    assert "Одобрить".encode() in data
    assert b"\\u" not in data
    assert b": " not in data


def test_canonical_bytes_are_stable():
    """The same document gives the same bytes, whatever the order of its keys."""
    first = _doc()
    second = {key: first[key] for key in reversed(list(first))}
    assert canonical.canonical_bytes(first) == canonical.canonical_bytes(second)
    assert canonical.digest(first) == canonical.digest(second)


@pytest.mark.parametrize(
    "change",
    [
        {"text_ru": "Одобрить план!"},
        {"text_ru": "Одобрить план.\u00a0"},
        {"meta": {"illustrative": True}},
        {"meta": {"slug": "s"}},
    ],
)
def test_any_change_of_content_changes_the_bytes(change):
    """One character of any language, of the metadata, changes the bytes and the digest."""
    base = _doc()
    changed = _doc(text_ru=change["text_ru"]) if "text_ru" in change else _doc(**change["meta"])
    assert canonical.canonical_bytes(base) != canonical.canonical_bytes(changed)
    assert canonical.digest(base) != canonical.digest(changed)


def test_floats_have_no_canonical_form():
    """A float in a document is refused: its text differs between databases."""
    with pytest.raises(TypeError):
        canonical.canonical_bytes({"a": 1.5})


def test_diff_matches_parts_by_identifier_and_words_inside():
    """An edited paragraph is changed word by word; added and removed ones are named."""
    before = canonical.snapshot({}, [
        {"eid": "para_1", "kind": "paragraph", "parent": None, "position": 1, "num": "1.",
         "text_ru": "Одобрить план консультаций на 2026 год."},
        {"eid": "para_2", "kind": "paragraph", "parent": None, "position": 2, "num": "2.",
         "text_ru": "Поручить секретариатам."},
    ])  # fmt: skip
    after = canonical.snapshot({}, [
        {"eid": "para_1", "kind": "paragraph", "parent": None, "position": 1, "num": "1.",
         "text_ru": "Одобрить план межмидовских консультаций на 2026 год."},
        {"eid": "para_3", "kind": "paragraph", "parent": None, "position": 2, "num": "2.",
         "text_ru": "Новый пункт."},
    ])  # fmt: skip
    changes = diff.diff(before, after, "ru")
    assert [(c.eid, c.change) for c in changes] == [
        ("para_1", "changed"),
        ("para_2", "removed"),
        ("para_3", "added"),
    ]
    inserted = [p.text for p in changes[0].pieces if p.op == "insert"]
    assert [text.strip() for text in inserted] == ["межмидовских"]
    assert "".join(p.text for p in changes[0].pieces if p.op != "insert") == (
        "Одобрить план консультаций на 2026 год."
    )


def test_diff_of_equal_revisions_is_unchanged():
    assert [c.change for c in diff.diff(_doc(), _doc(), "ru")] == ["unchanged"]


def test_language_gaps_name_the_missing_languages():
    """A part written in some language but not another is flagged; an empty one is not."""
    parts = [
        {"eid": "para_1", "text_ru": "Текст", "text_be": "", "text_en": "Text"},
        {"eid": "para_2", "text_ru": "", "text_be": "", "text_en": ""},
        {"eid": "sec_1", "heading_ru": "Раздел", "heading_be": "Раздзел", "heading_en": "Part"},
    ]
    assert structure.language_gaps(parts) == [("para_1", ["be"])]


def test_the_engine_imports_no_django():
    """The engine runs without Django: importing it loads no Django module."""
    import subprocess
    import sys

    code = (
        "import sys; import collegium.decisions.engine.canonical, "
        "collegium.decisions.engine.diff, collegium.decisions.engine.structure; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
