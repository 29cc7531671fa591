"""The form matrix: every page form x role x object, as the permission matrix says.

Each app links its page forms to the matrix operations they perform
(``FORMS`` in its ``tests/permissions.py``, ``collegium.testing.forms``), or
says why an operation has no page (``PAGELESS``).  For each form and object,
every role opens the page: the form is offered exactly when the matrix allows
the operation; submitting it writes for an allowed role and is refused (403,
404, the sign-in page, or the form again with an error on a choice it does not
offer) for the others, writing nothing; an invalid datum is
refused with an error that names the field, in Russian.

One test per form and object walks the roles, each in a savepoint rolled back
afterwards, over the world built once for the module (``conftest.py``).
"""

import contextlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction

from collegium.core.models import AuditRecord
from collegium.testing import forms
from collegium.testing import permissions as matrix
from collegium.testing.permissions import (
    ANONYMOUS,
    EDITOR,
    FOREIGN_EDITOR,
    MANAGER,
    ROLES,
    SITE_ADMIN,
    VIEWER,
    World,
)

MATRIX = matrix.collect()
FORMS = forms.collect()
# The role whose view of a form is submitted: the first of these the matrix allows.
WRITERS = (SITE_ADMIN, MANAGER, EDITOR, VIEWER, FOREIGN_EDITOR)
WRITTEN = {200, 201, 204, 302, 303}


def _objects(form: forms.PageForm) -> tuple[str, ...]:
    return form.objects or MATRIX.operations[form.operation].objects


def _allowed_roles(form: forms.PageForm, obj: str) -> list[str]:
    return [role for role in ROLES if forms.allowed(MATRIX, form.operation, role, obj)]


def _cases():
    for form in FORMS.forms:
        if form.operation not in MATRIX.operations:
            continue  # reported by test_every_write_has_a_form_or_is_pageless
        # The invalid datum is tried once per form, on its first object someone may write.
        with_writer = [obj for obj in _objects(form) if _allowed_roles(form, obj)]
        for obj in _objects(form):
            invalid = form.invalid is not None and bool(with_writer) and obj == with_writer[0]
            yield pytest.param(form, obj, invalid, id=f"{form.id}-{obj}")


CASES = list(_cases())


def test_every_write_has_a_form_or_is_pageless():
    """Each write operation of the matrix is offered by a page form, or declared pageless."""
    writes = {
        operation_id
        for operation_id, operation in MATRIX.operations.items()
        if operation.action in MATRIX.audited
    }
    with_form = {form.operation for form in FORMS.forms}
    unknown = sorted((with_form | set(FORMS.pageless)) - set(MATRIX.operations))
    both = sorted(with_form & set(FORMS.pageless))
    missing = sorted(writes - with_form - set(FORMS.pageless))
    not_writes = sorted((with_form | set(FORMS.pageless)) - writes - set(unknown))
    assert not unknown, f"these forms or pageless entries name no matrix operation: {unknown}"
    assert not both, f"declared pageless, yet a form is declared: {both}"
    assert not not_writes, f"these are no write operations of the matrix: {not_writes}"
    assert not missing, (
        "give these operations a page form (FORMS) or say why they have none (PAGELESS) "
        f"in their app's tests/permissions.py: {missing}"
    )
    assert all(reason.strip() for reason in FORMS.pageless.values()), "a pageless reason is empty"


@contextlib.contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _moves(form: forms.PageForm) -> tuple[str, ...]:
    """Return the status moves the form's object needs first."""
    return MATRIX.operations[form.operation].prepare if form.prepare is None else form.prepare


def _prepare(world, form: forms.PageForm, obj: str) -> None:
    operation = MATRIX.operations[form.operation]
    for move in _moves(form):
        instance = world.objects[operation.entity][obj]
        MATRIX.prepare[move](world.site_admin, type(instance).objects.get(pk=instance.pk))


def _path(url: str) -> str:
    return urlsplit(url).path


# The pages as each role saw them, by (the status moves made, object, role, key, address):
# every case starts from the same world, so a page seen once is the same for the next form
# it offers (an event's page offers nine).  Each case's own writes are rolled back first.
_PAGES: dict[tuple, Any] = {}


def _offer(client, form: forms.PageForm, case: forms.Case, moves: tuple[str, ...]):
    """Return the element that offers the form on its page (None if not offered)."""
    url = forms.resolve_url(form.page, case)
    seen = (moves, case.obj, case.role, case.key, url)
    if seen not in _PAGES:
        response = client.get(url)
        _PAGES[seen] = forms.parse(response) if response.status_code == 200 else None
    document = _PAGES[seen]
    found = [] if document is None else forms.find(document, case.format(form.offer))
    return found[0] if found else None


def _form_fields(client, element, target: str):
    """Return the form the offered element is or leads to, and the page that holds it."""
    form = forms.form_of(element)
    if form is not None and (form.get("method") or "").lower() == "post":
        action = form.get("action")
        assert action in (None, "") or _path(action) == _path(target), (
            f"the offered form posts to {action}, not to {target}"
        )
        return form, element.getroottree().getroot()
    href = element.get("href")
    assert href is not None, "the offer is neither a form nor a link"
    assert _path(href) == _path(target), f"the offered link leads to {href}, not to {target}"
    response = client.get(href)
    assert response.status_code == 200, f"the form page {href} answers {response.status_code}"
    document = forms.parse(response)
    form = forms.form_posting_to(document, _path(target))
    assert form is not None, f"{href} holds no form posting to {target}"
    return form, document


def _refused(role: str, response) -> bool:
    """Whether the answer refuses: 403, 404, the sign-in page, or the form again with an error.

    A user who may open a form but not for this object (a create form whose
    owner select does not offer the object's owner) gets the form back with
    the error on the choice.
    """
    if response.status_code in {403, 404}:
        return True
    if response.status_code == 302:
        return role == ANONYMOUS and _path(response["Location"]) == "/accounts/login/"
    return response.status_code in {200, 400} and bool(forms.errors(forms.parse(response)))


@dataclass
class _Walk:
    """One form on one object: what the writer's view of the form submits, and what went wrong."""

    world: World
    form: forms.PageForm
    obj: str
    writer: str | None
    submitted: dict | None = None
    label: str | None = None
    problems: list[str] = field(default_factory=list)

    def role(self, role: str, allowed: bool) -> None:
        """Open the page as ``role``, check the offer, submit the form; note what is wrong."""
        form = self.form
        case = forms.case_for(MATRIX, self.world, form, role, self.obj)
        client = forms.client_for(self.world, role)
        target = forms.resolve_url(form.target, case)
        element = _offer(client, form, case, _moves(form))
        if (element is not None) != allowed:
            offered = "offers" if element is not None else "does not offer"
            self.problems.append(
                f"{role}: the page {offered} the form, "
                f"the matrix {'allows' if allowed else 'refuses'} it"
            )
            return
        if role == self.writer:
            fields, document = _form_fields(client, element, target)
            self.submitted = forms.serialize(fields)
            if form.field and not self.label:
                self.label = forms.label_of(document, form.field)
        data = {**(self.submitted or {}), **forms.resolve_data(form.data, case)}
        before = AuditRecord.objects.count()
        response = client.post(target, data)
        wrote = AuditRecord.objects.count() > before
        outcome = f"answered {response.status_code} and {'wrote' if wrote else 'wrote nothing'}"
        if not allowed:
            if not _refused(role, response) or wrote:
                self.problems.append(f"{role}: a refused submission {outcome}")
        elif response.status_code not in WRITTEN or not wrote:
            shown = _shown_errors(client, response)
            self.problems.append(f"{role}: a valid submission {outcome}{shown}")
        elif form.written is not None and not form.written(case):
            self.problems.append(f"{role}: the submission did not change the record")


@pytest.mark.parametrize(("form", "obj", "invalid"), CASES)
def test_form_matrix(world, form, obj, invalid):
    """The page offers the form exactly to the roles the matrix allows; only they may submit it.

    The writer (the first allowed role of ``WRITERS``) goes first: the form as
    it sees it is what every role submits.  The status moves are made once, and
    each role runs in a savepoint within.
    """
    allowed_roles = _allowed_roles(form, obj)
    writer = next((role for role in WRITERS if role in allowed_roles), None)
    order = ([writer] if writer else []) + [role for role in ROLES if role != writer]
    walk = _Walk(world, form, obj, writer, label=form.label)
    with _rolled_back():
        _prepare(world, form, obj)
        for role in order:
            with _rolled_back():
                walk.role(role, role in allowed_roles)
        assert not walk.problems, f"{form.id} on the {obj} object:\n" + "\n".join(walk.problems)
        if invalid:
            with _rolled_back():
                _check_invalid(world, form, obj, writer, walk.submitted or {}, walk.label)


def _shown_errors(client, response) -> str:
    """Return the errors the answer shows, for a failure's message."""
    if response.status_code in {302, 303}:
        response = client.get(response["Location"])
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return ""
    shown = [forms.text_of(error) for error in forms.errors(forms.parse(response))]
    return f": {shown}" if shown else ""


def _check_invalid(world, form, obj, writer, submitted, label) -> None:
    """An invalid datum writes nothing and is answered with an error naming the field, in Russian."""
    assert form.field, f"{form.id}: an invalid datum needs the field its error names"
    assert label, f"{form.id}: the form page shows no label for {form.field}"
    case = forms.case_for(MATRIX, world, form, writer, obj)
    client = forms.client_for(world, writer)
    data = {
        **submitted,
        **forms.resolve_data(form.data, case),
        **forms.resolve_data(form.invalid, case),
    }
    before = AuditRecord.objects.count()
    response = client.post(forms.resolve_url(form.target, case), data, follow=True)
    assert AuditRecord.objects.count() == before, f"{form.id}: an invalid datum was written"
    assert response.status_code == 200 or 400 <= response.status_code < 500, (
        f"{form.id}: an invalid datum answered {response.status_code}"
    )
    shown = forms.errors(forms.parse(response))
    naming = [error for error in shown if forms.names_field(error, label)]
    texts = [forms.text_of(error) for error in shown]
    assert naming, f"{form.id}: no error names the field “{label}”: {texts}"
    for error in naming:
        text = forms.text_of(error)
        assert forms.is_russian(text), f"{form.id}: the error is not in Russian: {text!r}"
