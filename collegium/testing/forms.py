"""The form matrix machinery: every page form x role x object, against the permission matrix.

The permission matrix (``collegium.testing.permissions``) says which role may
perform which API operation on which object.  The pages offer the same
operations as forms and buttons, calling the same services; this module lets
each app link its page forms to the matrix operations they perform, in the
app's ``tests/permissions.py``, with two module-level names, both optional:

- ``FORMS``: a list of ``PageForm``, one per form a page offers (an operation
  may have several: a motion to suspend is a step on the arrangement page, its
  consent another form);
- ``PAGELESS``: ``{operation id: reason}``, the write operations that have no
  page by design (the reason says why: an import for scripts, say).

``collegium/tests/test_form_matrix.py`` checks that every write operation of the
matrix is either in ``FORMS`` or in ``PAGELESS``, then for every form, object
and role: the page offers the form exactly when the matrix allows the
operation; a valid submission writes as an allowed role and is refused as any
other; an invalid datum gives the field's error, naming it, in Russian.

Where a ``PageForm`` takes a ``Url`` or a ``Data``, it is either a value (a
string is formatted with the case's fields, see ``Case``) or a function of
the ``Case``.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.test import Client
from lxml import html as lxml_html

from collegium.core.discovery import app_modules
from collegium.core.models import Visibility
from collegium.testing.permissions import ANONYMOUS, PLACEMENT, Matrix, World


@dataclass(frozen=True)
class Case:
    """One role on one object, as the declarations see it.

    The fields a string declaration is formatted with: ``key`` (the record's
    key in paths), ``pk``, ``owner`` (the primary key of the organization that
    owns the object, or that a create would make the owner), ``owner_slug``, ``home``
    (the primary key of the home organization), and the
    slugs of the record's ``arrangement`` and ``event`` where it has one.
    """

    world: World
    role: str
    obj: str
    record: Any  # the operation's record for this object (None for a create)
    key: str
    pk: Any
    owner: Any
    owner_slug: str
    visibility: str  # the visibility of the object, which a create writes too

    def format(self, template: str) -> str:
        return template.format(
            key=self.key,
            pk=self.pk,
            owner=self.owner,
            owner_slug=self.owner_slug,
            # The record's parent, for the addresses under it: an accession's arrangement...
            arrangement=getattr(getattr(self.record, "arrangement", None), "slug", ""),
            home=self.world.orgs["home"].pk,
            event=getattr(getattr(self.record, "event", None), "slug", ""),
        )

    def placed(self) -> dict[str, Any]:
        """Return the owner (by primary key) and visibility a create form writes for the object."""
        return {"owner": self.owner, "visibility": self.visibility}


type Url = str | Callable[[Case], str]
type Data = dict[str, Any] | Callable[[Case], dict[str, Any]] | None


@dataclass(frozen=True)
class PageForm:
    """A form (or a button) a page offers, and the matrix operation it performs.

    ``page`` is the address of the page that offers it; ``offer`` an XPath that
    finds the form, its button or the link to it there (formatted like a
    ``Url``).  ``target`` is where the form posts: a link leads to a page
    holding the form at that address; a form or button found on the page itself
    is serialized from there.  The submitted data is what the form holds as an
    allowed role sees it, with ``data`` over it; ``invalid`` over that makes it
    invalid, and the error shown must name ``field`` (its label as the form
    shows it, or ``label`` where the field has none on the page).
    """

    operation: str
    page: Url
    offer: str
    target: Url
    data: Data = None
    invalid: Data = None
    field: str | None = None
    label: str | None = None
    # The objects to check (default: the operation's), and the status moves to make first
    # (default: the operation's ``prepare``).
    objects: tuple[str, ...] | None = None
    prepare: tuple[str, ...] | None = None
    # Whether the record is as the valid submission leaves it; the audit chain is checked too.
    written: Callable[[Case], bool] | None = None
    name: str = ""  # tells apart two forms of one operation

    @property
    def id(self) -> str:
        return f"{self.operation}{'-' + self.name if self.name else ''}"


class FormMatrix:
    """Every app's ``FORMS`` and ``PAGELESS``, collected in ``INSTALLED_APPS`` order."""

    def __init__(self, modules: Iterable[ModuleType]) -> None:
        self.forms: list[PageForm] = []
        self.pageless: dict[str, str] = {}
        for module in modules:
            self.forms.extend(getattr(module, "FORMS", []))
            pageless = getattr(module, "PAGELESS", {})
            twice = sorted(set(pageless) & set(self.pageless))
            if twice:
                raise ValueError(f"{module.__name__} declares again as pageless: {twice}")
            self.pageless.update(pageless)
        ids = [form.id for form in self.forms]
        twice = sorted({form_id for form_id in ids if ids.count(form_id) > 1})
        if twice:
            raise ValueError(f"forms declared twice (give them a name): {twice}")


def collect() -> FormMatrix:
    return FormMatrix(app_modules("tests.permissions"))


# --- Cases -------------------------------------------------------------------------


def case_for(matrix: Matrix, world: World, form: PageForm, role: str, obj: str) -> Case:
    """Return the case of ``role`` on ``obj`` for ``form``, its record read afresh."""
    operation = matrix.operations[form.operation]
    owner_name, visibility = PLACEMENT.get(obj, ("home", Visibility.PUBLIC))
    owner = world.orgs[owner_name]
    record = world.objects.get(operation.entity, {}).get(obj)
    if record is not None:
        # A fresh copy: the world's instances outlive each case's rollback.
        record = type(record).objects.get(pk=record.pk)
    key = ""
    if operation.key is not None:
        key = operation.key(world, role, obj)
    elif record is not None:
        path_key = matrix.entities[operation.entity].path_key
        key = str(record.pk if path_key == "id" else getattr(record, path_key))
    return Case(
        world=world,
        role=role,
        obj=obj,
        record=record,
        key=key,
        pk=getattr(record, "pk", None),
        owner=owner.pk,
        owner_slug=owner.slug,
        visibility=str(visibility),
    )


def resolve_url(url: Url, case: Case) -> str:
    return case.format(url) if isinstance(url, str) else url(case)


def resolve_data(data: Data, case: Case) -> dict[str, Any]:
    if data is None:
        return {}
    return dict(data(case) if callable(data) else data)


def allowed(matrix: Matrix, operation_id: str, role: str, obj: str) -> bool:
    operation = matrix.operations[operation_id]
    return matrix.expected_status(operation.action, role, obj, operation.entity) < 300


def client_for(world: World, role: str, language: str = "ru") -> Client:
    """Return a client signed in as ``role`` who reads the site in ``language``."""
    client = Client()
    client.cookies["django_language"] = language
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


# --- Reading pages ----------------------------------------------------------------


def parse(response) -> Any:
    return lxml_html.fromstring(response.content.decode())


def find(document: Any, xpath: str) -> list[Any]:
    return document.xpath(xpath)


def form_of(element: Any) -> Any | None:
    """Return the form an offered element is, or is inside."""
    forms = element.xpath("ancestor-or-self::form")
    return forms[-1] if forms else None


def form_posting_to(document: Any, target: str) -> Any | None:
    """Return the page's form that posts to ``target`` (or to the page itself)."""
    for form in document.xpath("//form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        if form.get("action") in (None, "", target):
            return form
    return None


def serialize(form: Any) -> dict[str, Any]:
    """Return what a browser would submit for ``form`` as it stands (no button pressed)."""
    data: dict[str, Any] = {}

    def add(name: str, value: str) -> None:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value

    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if element.get("checked") is not None:
                    add(name, element.get("value") or "on")
                continue
            add(name, element.get("value") or "")
        elif element.tag == "textarea":
            add(name, element.text or "")
        else:
            options = element.xpath(".//option")
            chosen = [option for option in options if option.get("selected") is not None]
            if not chosen and element.get("multiple") is None and options:
                chosen = options[:1]
            for option in chosen:
                value = option.get("value")
                add(name, option.text_content() if value is None else value)
    data.pop("csrfmiddlewaretoken", None)
    return data


def label_of(document: Any, field: str) -> str | None:
    """Return the text of the label of the form field named ``field``, if the page has one."""
    for control in document.xpath(f"//*[@name='{field}']"):
        control_id = control.get("id")
        labels = document.xpath(f"//label[@for='{control_id}']") if control_id else []
        # A field of several inputs (a date and a time) has a label for none of them.
        labels = labels or control.xpath("ancestor::div[@class='field'][1]/label")
        if labels:
            return " ".join(labels[0].text_content().split())
    return None


ERRORS = (
    "//ul[contains(concat(' ', @class, ' '), ' errorlist ')]"
    "|//*[@role='alert']"
    "|//li[contains(concat(' ', @class, ' '), ' message--error ')]"
)


def errors(document: Any) -> list[Any]:
    """Return the page's error elements: field errors, refusals above a form, error messages."""
    return document.xpath(ERRORS)


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def names_field(element: Any, label: str) -> bool:
    """Whether an error names the field: its text says the label, or it stands under the label.

    A field's error list is shown inside the field's block, beside its label
    (``includes/field.html``); an error anywhere else must say the label itself.
    """
    if label.casefold() in text_of(element).casefold():
        return True
    if element.tag != "ul":
        return False
    block = element.getparent()
    return block is not None and any(
        " ".join(node.text_content().split()) == label for node in block.xpath("./label")
    )


CYRILLIC = re.compile(r"[А-Яа-яЁё]")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{3,}\b(?:\s+\b[A-Za-z]{2,}\b){2,}")


def is_russian(text: str) -> bool:
    """Whether the text is Russian: Cyrillic words and no run of three English ones."""
    return bool(CYRILLIC.search(text)) and not ENGLISH_WORDS.search(text)
