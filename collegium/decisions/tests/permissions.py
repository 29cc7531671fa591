"""The documents' part of the permission matrix (``collegium.testing.permissions``).

Each object is a resolution between its owner and a second party: home for
``own`` and ``parties`` (so home's managers act for a party of it), the third
organization for ``foreign`` and ``restricted``.  Only the managers for a
party edit a document, agree it in their party's name, bring it into force
or amend it; editors, the other organizations' staff and the site
administrator (who does not act for a party) get 403.
"""

from collegium.accounts.models import Role
from collegium.decisions import services
from collegium.events.tests.arrangements.arrangement_fixtures import member_of
from collegium.testing.permissions import (
    ACTS_FOR,
    ANY,
    ANYONE,
    AUDITED,
    HOME_EDITORS,
    LIST,
    MANAGER,
    ONE_RECORD,
    OWN,
    PARTIES,
    PLACEMENT,
    RECORD_OBJECTS,
    RETRIEVE,
    WRITE,
    Entity,
    Operation,
)

# Draw up: a write in the name of a party (the owner).  Edit: any change of a document's
# text or metadata, and its status moves (agree, withdraw, bring into force, amend, expire).
DRAW_UP, EDIT = "draw-up", "edit"
# Sign: only a party's authorized signatory (its minister's linked account), a person none
# of the matrix's roles is; every role gets 403 on a document it sees.
SIGN = "sign"
# Comment: a party's comment on circulated minutes, by its editors and managers, in its name.
COMMENT = "comment"

ACTIONS = {
    DRAW_UP: frozenset({WRITE, ACTS_FOR}),
    EDIT: frozenset({WRITE, ONE_RECORD, ACTS_FOR, AUDITED}),
    SIGN: frozenset({WRITE, ONE_RECORD, ACTS_FOR, AUDITED}),
    COMMENT: frozenset({WRITE, ONE_RECORD, ACTS_FOR, AUDITED}),
}

DOCUMENTS = frozenset({"document"})

# fmt: off
RULES = [
    # actions          roles         objects           entities   outcome
    ({DRAW_UP},        {MANAGER},    {OWN},            DOCUMENTS, "ok"),
    ({DRAW_UP},        ANYONE,       ANY,              DOCUMENTS, 403),
    ({EDIT},           {MANAGER},    {OWN, PARTIES},   DOCUMENTS, "ok"),
    ({EDIT},           ANYONE,       ANY,              DOCUMENTS, 403),
    ({SIGN},           ANYONE,       ANY,              DOCUMENTS, 403),
    ({COMMENT},        HOME_EDITORS, {OWN, PARTIES},   DOCUMENTS, "ok"),
    ({COMMENT},        ANYONE,       ANY,              DOCUMENTS, 403),
]
# fmt: on


def _node(world, role: str, obj: str) -> str:
    return "para_1"


def _agree_all(actor, document):
    for link in document.party_links.select_related("organization"):
        if link.agreed_revision_id is None:
            services.document_agree(
                actor=member_of(link.organization, Role.MANAGER),
                document=document,
                party=link.organization,
            )
    document.refresh_from_db()


def _sign(actor, document):
    _agree_all(actor, document)
    services.document_mark_signed(actor=member_of(document.owner, Role.MANAGER), document=document)


def _make_minutes(actor, document):
    """Turn the matrix's resolution into minutes (a draft's kind is one of its editable fields)."""
    services.document_update(
        actor=member_of(document.owner, Role.MANAGER), document=document, data={"kind": "minutes"}
    )


def _circulate(actor, document):
    services.document_circulate(actor=member_of(document.owner, Role.MANAGER), document=document)


def _enforce(actor, document):
    services.document_bring_into_force(
        actor=member_of(document.owner, Role.MANAGER), document=document
    )


OPERATIONS = {
    "decisions_document_list": Operation(LIST, "document"),
    "decisions_document_retrieve": Operation(RETRIEVE, "document"),
    "decisions_document_create": Operation(
        DRAW_UP,
        "document",
        created=True,
        body=lambda owner, visibility: {
            "slug": "fresh-document",
            "kind": "resolution",
            "title_ru": "Новое постановление",
            "parties": [{"organization": owner}, {"organization": "third"}],
            "owner": owner,
            "visibility": visibility,
        },
    ),  # fmt: skip
    "decisions_document_update": Operation(EDIT, "document", body={"title_en": "Changed"}),
    "decisions_node_list": Operation(RETRIEVE, "document"),
    "decisions_gap_list": Operation(RETRIEVE, "document"),
    "decisions_revision_list": Operation(RETRIEVE, "document"),
    "decisions_revision_diff": Operation(
        RETRIEVE, "document", params={"from_revision": 1, "to_revision": 2}
    ),
    "decisions_node_create": Operation(
        EDIT, "document", created=True, body={"kind": "paragraph", "text_ru": "Новый пункт"}
    ),
    "decisions_node_update": Operation(EDIT, "document", subkey=_node, body={"text_en": "Changed"}),
    "decisions_node_delete": Operation(EDIT, "document", subkey=_node),
    "decisions_node_move": Operation(EDIT, "document", subkey=_node, body={"position": 1}),
    "decisions_document_agree": Operation(EDIT, "document", body={"party": "home"}),
    "decisions_document_circulate": Operation(EDIT, "document", prepare=("document_make_minutes",)),
    "decisions_comment_list": Operation(RETRIEVE, "document"),
    "decisions_comment_create": Operation(
        COMMENT,
        "document",
        prepare=("document_make_minutes", "document_circulate"),
        created=True,
        body={"party": "home", "eid": "para_1", "text": "Замечание"},
    ),
    "decisions_document_withdraw_agreement": Operation(
        EDIT, "document", prepare=("document_agree_all",), body={"party": "home"}
    ),
    "decisions_document_bring_into_force": Operation(
        EDIT, "document", prepare=("document_sign",), body={}
    ),
    "decisions_document_expire": Operation(
        EDIT, "document", prepare=("document_sign", "document_enforce"), body={}
    ),
    "decisions_document_amend": Operation(
        EDIT, "document", prepare=("document_sign",), created=True, body={"slug": "fresh-amendment"}
    ),
}

OPERATIONS.update(
    {
        "decisions_signature_list": Operation(RETRIEVE, "document"),
        "decisions_document_docx": Operation(RETRIEVE, "document", params={"languages": "ru,en"}),
        "decisions_document_pdf": Operation(RETRIEVE, "document", params={"languages": "ru"}),
        "decisions_document_akn": Operation(RETRIEVE, "document", params={"languages": "en"}),
        "decisions_document_signed_pdf": Operation(
            RETRIEVE, "document", prepare=("document_store_signed_pdf",)
        ),
        "decisions_document_sign": Operation(
            SIGN, "document", prepare=("document_agree_all",), body={"party": "home"}
        ),
    }
)


def _store_signed_pdf(actor, document):
    """Keep a stand-in signed PDF (the matrix has no signatories; test_signing signs for real)."""
    from collegium.core.audit import audited
    from collegium.decisions.models import DocumentSignedPdf

    record = DocumentSignedPdf(document=document, pdf=b"%PDF-1.7 stand-in", sha256="0" * 64)
    with audited(actor=None, action="document_signed_pdf.create", instance=record):
        record.save()


ENTITIES = {
    "document": Entity("slug", None, {"title_en": "Changed"}),
}

PREPARE = {
    "document_agree_all": _agree_all,
    "document_sign": _sign,
    "document_enforce": _enforce,
    "document_make_minutes": _make_minutes,
    "document_circulate": _circulate,
    "document_store_signed_pdf": _store_signed_pdf,
}


def build(world) -> None:
    """Create the four documents, each with one paragraph (two revisions), between two parties."""
    orgs, home = world.orgs, world.orgs["home"]
    member_of(orgs["other"], Role.MANAGER)
    member_of(world.third, Role.MANAGER)
    objects: dict = {}
    for obj in RECORD_OBJECTS:
        owner, visibility = PLACEMENT[obj]
        second = home if obj in {OWN, PARTIES} else world.third
        first = orgs[owner]
        parties = [(first, "drafting")] + ([(second, "party")] if second != first else [])
        document = services.document_create(
            actor=member_of(first, Role.MANAGER),
            data={
                "slug": f"{obj}-document",
                "kind": "resolution",
                "title_ru": f"Постановление {obj}",
                "owner": first,
                "visibility": visibility,
            },
            parties=parties,
        )
        services.node_add(
            actor=member_of(first, Role.MANAGER),
            document=document,
            kind="paragraph",
            data={"text_ru": "Пункт", "text_en": "Provision"},
        )
        objects[obj] = document
    world.objects["document"] = objects


# Not yet walked by the form matrix (collegium/tests/test_form_matrix.py): the pages'
# forms for these are offered and checked per role in decisions/tests/test_pages.py.
PAGELESS = {
    "decisions_document_agree": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_amend": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_circulate": "its page form is checked per role in decisions/tests/test_minutes.py, not yet by the form matrix",
    "decisions_comment_create": "its page form is checked per role in decisions/tests/test_minutes.py, not yet by the form matrix",
    "decisions_document_bring_into_force": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_create": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_expire": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_sign": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_update": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_document_withdraw_agreement": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_node_create": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_node_delete": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_node_move": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
    "decisions_node_update": "its page form is checked per role in decisions/tests/test_pages.py, not yet by the form matrix",
}
