"""Read-only pages of the registry.

Every read goes through ``registry.selectors`` (lists, time-aware reads) or a
door in ``registry.access`` (one object); a record the user may not see
answers 404 exactly like a missing one.  The forms at the end write through
the services, as the API and the admin do.

The data part of each page (its title, breadcrumbs and main content, or the
results fragment of a live search) is rendered from the template's partials
and kept in the version-keyed read cache (``core.cache``): a hit runs no data
query at all, and the key holds the viewer's scope, so a page (or a 404) is
only ever served to viewers who may see exactly the same.  The layout around
it (CSP nonce, CSRF tokens, the user's name) is rendered per request by
``core/cached_page.html``.  The partials must not use the user or the CSRF
token: everything in them must follow from the key.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, Model, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from collegium.access.rules import AnyUser, filter_visible
from collegium.core import cache
from collegium.core.exceptions import TransitionError
from collegium.core.i18n import active_content_language
from collegium.core.models import OwnedModel
from collegium.core.panels import collect_panels, panel_namespaces
from collegium.core.views import or_404
from collegium.registry import access, policy, selectors, services
from collegium.registry.forms import (
    MembershipForm,
    OrganizationForm,
    PersonForm,
    PostForm,
    RecordForm,
    StateForm,
    TenureForm,
)
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Period,
    Person,
    Post,
    State,
    Tenure,
)

PAGE_SIZE = 25
TOP_LEVEL = "top"


class HtmxHttpRequest(HttpRequest):
    """A request that went through ``HtmxMiddleware``: it has ``htmx``. Only an annotation."""

    htmx: HtmxDetails


type Context = dict[str, Any]


def _by_name[M: Model](queryset: QuerySet[M]) -> QuerySet[M]:
    """Order by the name in the active language, falling back to the Russian original."""
    language = active_content_language()
    return queryset.order_by(Coalesce(NullIf(f"name_{language}", Value("")), "name_ru").asc(), "pk")


def _page[M: Model](request: HttpRequest, queryset: QuerySet[M]) -> Page[M]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


PAGE_PARTS = ("title", "breadcrumbs", "content")


def _cached_page(
    request: HtmxHttpRequest,
    template: str,
    build_context: Callable[[], Context],
    *,
    fragment: str | None = None,
    depends_on: tuple[str, ...] = ("registry",),
) -> HttpResponse:
    """Answer with a page whose data part comes from the read cache.

    On a miss, ``build_context()`` runs the queries (an access door in it may
    raise ``Http404``, which is not stored) and the template's partials are
    rendered and stored.  With ``fragment``, an HTMX request (not a boosted
    one) gets only that partial, e.g. the results of a live search.
    ``depends_on`` names the read cache namespaces the page shows.
    """
    partial = fragment if fragment and request.htmx and not request.htmx.boosted else None
    key = cache.read_key("registry-page", request, depends_on=depends_on, variant=partial or "page")

    def build() -> dict[str, str]:
        context = build_context()
        names = (partial,) if partial else PAGE_PARTS
        return {
            name: str(render_to_string(f"{template}#{name}", context, request)) for name in names
        }

    parts = {name: mark_safe(text) for name, text in cache.cached_read(key, build).items()}  # noqa: S308 (rendered by our templates)
    if partial:
        response = HttpResponse(parts[partial])
    else:
        response = render(request, "core/cached_page.html", {"parts": parts})
    if fragment:
        # The same URL answers with a fragment or a page: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request"])
    return response


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)


class OrganizationFilterForm(SearchForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    # Any slug is accepted; the view asks the access door, so a hidden parent is a 404.
    parent = forms.SlugField(label=_("Level"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, parents: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *OrganizationKind.choices,
        ]
        self.fields["parent"].widget.choices = [
            ("", _("All levels")),
            (TOP_LEVEL, _("Top level only")),
            (_("Bodies of"), [(org.slug, str(org)) for org in parents]),
        ]


class AsOfForm(forms.Form):
    on = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date, bool]:
    """Return the "as of" form, the date it selects (today by default) and whether it is today."""
    today = timezone.localdate()
    form = AsOfForm(request.GET or None)
    on = today
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        on = form.cleaned_data["on"]
    if not form.is_bound:
        form = AsOfForm(initial={"on": today})
    return form, on, on == today


def organization_list(request: HtmxHttpRequest) -> HttpResponse:
    return _cached_page(
        request,
        "registry/organization_list.html",
        lambda: _organization_list_context(request),
        fragment="results",
    )


def _organization_list_context(request: HttpRequest) -> Context:
    user = request.user
    parents = selectors.organization_list_visible_to(user=user).filter(
        Exists(filter_visible(Organization.objects.filter(parent=OuterRef("pk")), user))
    )
    form = OrganizationFilterForm(request.GET, parents=parents)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    parent_key = data.get("parent", "")
    parent = None
    if parent_key and parent_key != TOP_LEVEL:
        parent = or_404(access.access_organization_by_slug, user, parent_key)
    organizations = selectors.organization_list_visible_to(
        user=user, q=data.get("q", ""), kind=data.get("kind", ""), parent=parent
    )
    if parent_key == TOP_LEVEL:
        organizations = organizations.filter(parent__isnull=True)
    organizations = _by_name(organizations)
    filtered = any(data.get(name) for name in ("q", "kind", "parent"))
    return {
        "form": form,
        "page_obj": _page(request, organizations),
        "filtered": filtered,
        "may_create": bool(policy.can_create(user)),
    }


@dataclass(frozen=True)
class Leadership:
    """A head post with its holder on the chosen date and all its holders, newest first."""

    post: Post
    holder: Tenure | None
    history: list[Tenure]


def _holder_on(tenures: list[Tenure], on: dt.date) -> Tenure | None:
    """Pick the holder on the date as ``selectors.head_of`` does: substantive before acting."""
    current = [tenure for tenure in tenures if tenure.is_current(on)]
    current.sort(
        key=lambda tenure: (tenure.acting, -(tenure.start_date or dt.date.min).toordinal())
    )
    return current[0] if current else None


def organization_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _cached_page(
        request,
        "registry/organization_detail.html",
        lambda: _organization_detail_context(request, slug),
        depends_on=("registry", *panel_namespaces("registry.organization")),
    )


def _organization_detail_context(request: HttpRequest, slug: str) -> Context:
    user = request.user
    organization = or_404(access.access_organization_by_slug, user, slug)
    as_of_form, on, on_today = _as_of(request)

    members = sorted(
        selectors.members_of(organization, on=on, user=user),
        key=lambda membership: (membership.role != "member", str(membership.member.name)),
    )
    memberships = selectors.membership_list_visible_to(user=user, organization=organization)
    former_members = list(memberships.filter(end_date__lt=on).order_by("-end_date", "pk"))
    future_members = list(memberships.filter(start_date__gt=on).order_by("start_date", "pk"))

    bodies = list(_by_name(selectors.organization_list_visible_to(user=user, parent=organization)))
    # The organization's own posts and the head posts of its bodies: the CSTO is led
    # through its Secretariat, whose head is the Secretary General.
    posts = sorted(
        selectors.post_list_visible_to(user=user).filter(
            Q(organization=organization) | Q(organization__in=bodies, is_head=True)
        ),
        key=lambda post: (post.organization_id != organization.pk, not post.is_head, post.label),
    )
    head_posts = [post for post in posts if post.is_head]
    history: dict[int, list[Tenure]] = {post.pk: [] for post in head_posts}
    for tenure in (
        selectors.tenure_list_visible_to(user=user)
        .filter(post__in=head_posts)
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    ):
        history[tenure.post_id].append(tenure)
    head = selectors.head_of(organization, on=on, user=user)
    leadership = [
        Leadership(
            post=post,
            holder=head
            if post.organization_id == organization.pk
            else _holder_on(history[post.pk], on),
            history=history[post.pk],
        )
        for post in head_posts
    ]

    holders: dict[int, list[Tenure]] = {}
    for tenure in selectors.tenure_list_visible_to(user=user, on=on).filter(
        post__organization=organization, post__is_head=False
    ):
        holders.setdefault(tenure.post_id, []).append(tenure)
    other_posts = [
        (post, holders.get(post.pk, []))
        for post in posts
        if not post.is_head and post.organization_id == organization.pk
    ]

    tenures = [tenure for lead in leadership for tenure in lead.history]
    tenures += [tenure for _post, held in other_posts for tenure in held]
    return {
        # The moves offered follow from the user's roles, which the cache key holds.
        "may_edit": bool(policy.can_change(user, organization)),
        "may_add": bool(policy.can_state_facts(user, organization)),
        "editable_memberships": policy.changeable_ids(
            user, [*members, *former_members, *future_members]
        ),
        "editable_posts": policy.changeable_ids(user, posts),
        "editable_tenures": policy.changeable_ids(user, tenures),
        "organization": organization,
        "as_of_form": as_of_form,
        "on": on,
        "on_today": on_today,
        "members": members,
        "former_members": former_members,
        "future_members": future_members,
        "leadership": leadership,
        "other_posts": other_posts,
        "bodies": bodies,
        # The panels of the page (its history): core.panels.
        "panels": collect_panels(request, "registry.organization", organization),
    }


def person_list(request: HtmxHttpRequest) -> HttpResponse:
    return _cached_page(
        request,
        "registry/person_list.html",
        lambda: _person_list_context(request),
        fragment="results",
    )


def _person_list_context(request: HttpRequest) -> Context:
    user = request.user
    form = SearchForm(request.GET)
    form.is_valid()
    q = getattr(form, "cleaned_data", {}).get("q", "")
    current = filter_visible(
        Tenure.objects.filter(Period.on_q(timezone.localdate())), user
    ).select_related("post", "post__organization")
    persons = _by_name(selectors.person_list_visible_to(user=user, q=q)).prefetch_related(
        Prefetch("tenures", queryset=current, to_attr="current_tenures")
    )
    return {
        "form": form,
        "page_obj": _page(request, persons),
        "filtered": bool(q),
        "may_create": bool(policy.can_create(user)),
    }


def person_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _cached_page(
        request,
        "registry/person_detail.html",
        lambda: _person_detail_context(request, slug),
        # Panels of other apps (a person's absences) show their data too.
        depends_on=("registry", *panel_namespaces("registry.person")),
    )


def _person_detail_context(request: HttpRequest, slug: str) -> Context:
    person = or_404(access.access_person_by_slug, request.user, slug)
    today = timezone.localdate()
    tenures = list(selectors.tenures_of(person, user=request.user))
    return {
        "may_edit": bool(policy.can_change(request.user, person)),
        "may_add": bool(policy.can_create_tenure(request.user)),
        "editable_tenures": policy.changeable_ids(request.user, tenures),
        "person": person,
        "tenures": tenures,
        # Other apps' sections (the events' unavailability periods): core.panels.
        "panels": collect_panels(request, "registry.person", person),
        "today": today,
    }


def state_list(request: HtmxHttpRequest) -> HttpResponse:
    return _cached_page(
        request,
        "registry/state_list.html",
        lambda: _state_list_context(request),
        fragment="results",
    )


def _state_list_context(request: HttpRequest) -> Context:
    user = request.user
    form = SearchForm(request.GET)
    form.is_valid()
    q = getattr(form, "cleaned_data", {}).get("q", "")
    current = filter_visible(
        Membership.objects.filter(Period.on_q(timezone.localdate())), user
    ).select_related("organization")
    states = _by_name(selectors.state_list_visible_to(user=user, q=q)).prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )
    return {
        "form": form,
        "page_obj": _page(request, states),
        "filtered": bool(q),
        "may_create": bool(policy.can_create(user)),
    }


def state_detail(request: HtmxHttpRequest, code: str) -> HttpResponse:
    return _cached_page(
        request,
        "registry/state_detail.html",
        lambda: _state_detail_context(request, code),
        depends_on=("registry", *panel_namespaces("registry.state")),
    )


def _state_detail_context(request: HttpRequest, code: str) -> Context:
    user = request.user
    state = or_404(access.access_state_by_code, user, code.lower())
    today = timezone.localdate()
    memberships = list(
        selectors.membership_list_visible_to(user=user)
        .filter(member_state=state)
        .order_by(F("start_date").desc(nulls_last=True), "pk")
    )
    seated = list(selectors.organization_list_visible_to(user=user).filter(seat_state=state))
    return {
        "may_edit": bool(policy.can_change(user, state)),
        "state": state,
        "memberships": memberships,
        "seated": seated,
        "today": today,
        # The panels of the page (its history): core.panels.
        "panels": collect_panels(request, "registry.state", state),
    }


# --- The secretariat's forms: every write through the registry's services ----------------
#
# A form page is never cached: it holds the user's choices and a CSRF token.  Who
# may open it is the policy's (a record the user may not see answers 404, one they
# may see but not change 403); the service decides again on each write.


def _form_page(
    request: HttpRequest,
    form: RecordForm,
    *,
    write: Callable[[dict[str, Any]], Any],
    title: str,
    done: Callable[[Any], str],
    cancel: str,
    delete: str | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``write`` (a service), then redirect to ``done``."""
    if request.method == "POST" and form.submit(write):
        messages.success(request, gettext("Saved: %(record)s.") % {"record": form.result})
        return redirect(done(form.result))
    return render(
        request,
        "registry/record_form.html",
        {"form": form, "title": title, "cancel_url": cancel, "delete_url": delete},
    )


def _delete_page(
    request: HttpRequest, record: Model, *, delete: Callable[[], None], done: str, back: str
) -> HttpResponse:
    """Delete ``record`` through its service; a record still referenced stays, saying by what."""
    try:
        delete()
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, gettext("Deleted: %(record)s.") % {"record": record})
    return redirect(done)


def _initial_organization(request: HttpRequest, field: str = "organization") -> dict[str, Any]:
    """Preselect the organization named by ``?organization=slug`` (a select ignores others)."""
    pk = Organization.objects.filter(slug=request.GET.get(field, "")).values_list("pk", flat=True)
    return {field: pk[0]} if pk else {}


def _organization_url(organization: Organization) -> str:
    return reverse("registry:organization-detail", args=[organization.slug])


def _person_url(person: Person) -> str:
    return reverse("registry:person-detail", args=[person.slug])


def _state_url(state: State) -> str:
    return reverse("registry:state-detail", args=[state.code])


def _creator(request: HttpRequest) -> AnyUser:
    policy.can_create(request.user).enforce()
    return request.user


def _changer[M: OwnedModel](request: HttpRequest, door: Callable[..., M], key: Any) -> M:
    """Return the record the door opens (404 if hidden) if the user may change it (else 403)."""
    record = or_404(door, request.user, key)
    policy.can_change(request.user, record).enforce()
    return record


@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    user = _creator(request)
    form = OrganizationForm(request.POST or None, user=user)
    return _form_page(
        request,
        form,
        write=lambda data: services.organization_create(actor=user, data=data),
        title=gettext("New organization"),
        done=_organization_url,
        cancel=reverse("registry:organization-list"),
    )


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _changer(request, access.access_organization_by_slug, slug)
    form = OrganizationForm(request.POST or None, user=request.user, instance=organization)
    return _form_page(
        request,
        form,
        write=lambda data: services.organization_update(
            actor=request.user, organization=organization, data=data
        ),
        title=gettext("Edit: %(record)s") % {"record": organization},
        done=_organization_url,
        cancel=_organization_url(organization),
        delete=reverse("registry:organization-delete", args=[slug]),
    )


@require_POST
def organization_delete(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _changer(request, access.access_organization_by_slug, slug)
    return _delete_page(
        request,
        organization,
        delete=lambda: services.organization_delete(actor=request.user, organization=organization),
        done=reverse("registry:organization-list"),
        back=reverse("registry:organization-edit", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    user = _creator(request)
    form = PersonForm(request.POST or None, user=user)
    return _form_page(
        request,
        form,
        write=lambda data: services.person_create(actor=user, data=data),
        title=gettext("New person"),
        done=_person_url,
        cancel=reverse("registry:person-list"),
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, slug: str) -> HttpResponse:
    person = _changer(request, access.access_person_by_slug, slug)
    form = PersonForm(request.POST or None, user=request.user, instance=person)
    return _form_page(
        request,
        form,
        write=lambda data: services.person_update(actor=request.user, person=person, data=data),
        title=gettext("Edit: %(record)s") % {"record": person},
        done=_person_url,
        cancel=_person_url(person),
        delete=reverse("registry:person-delete", args=[slug]),
    )


@require_POST
def person_delete(request: HttpRequest, slug: str) -> HttpResponse:
    person = _changer(request, access.access_person_by_slug, slug)
    return _delete_page(
        request,
        person,
        delete=lambda: services.person_delete(actor=request.user, person=person),
        done=reverse("registry:person-list"),
        back=reverse("registry:person-edit", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def state_create(request: HttpRequest) -> HttpResponse:
    user = _creator(request)
    form = StateForm(request.POST or None, user=user)
    return _form_page(
        request,
        form,
        write=lambda data: services.state_create(actor=user, data=data),
        title=gettext("New state"),
        done=_state_url,
        cancel=reverse("registry:state-list"),
    )


@require_http_methods(["GET", "POST"])
def state_edit(request: HttpRequest, code: str) -> HttpResponse:
    state = _changer(request, access.access_state_by_code, code)
    form = StateForm(request.POST or None, user=request.user, instance=state)
    return _form_page(
        request,
        form,
        write=lambda data: services.state_update(actor=request.user, state=state, data=data),
        title=gettext("Edit: %(record)s") % {"record": state},
        done=_state_url,
        cancel=_state_url(state),
        delete=reverse("registry:state-delete", args=[code]),
    )


@require_POST
def state_delete(request: HttpRequest, code: str) -> HttpResponse:
    state = _changer(request, access.access_state_by_code, code)
    return _delete_page(
        request,
        state,
        delete=lambda: services.state_delete(actor=request.user, state=state),
        done=reverse("registry:state-list"),
        back=reverse("registry:state-edit", args=[code]),
    )


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    user = _creator(request)
    form = PostForm(request.POST or None, user=user, initial=_initial_organization(request))
    return _form_page(
        request,
        form,
        write=lambda data: services.post_create(actor=user, data=data),
        title=gettext("New post"),
        done=lambda post: _organization_url(post.organization),
        cancel=reverse("registry:organization-list"),
    )


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    post = _changer(request, access.access_post_by_slug, slug)
    form = PostForm(request.POST or None, user=request.user, instance=post)
    return _form_page(
        request,
        form,
        write=lambda data: services.post_update(actor=request.user, post=post, data=data),
        title=gettext("Edit: %(record)s") % {"record": post},
        done=lambda post: _organization_url(post.organization),
        cancel=_organization_url(post.organization),
        delete=reverse("registry:post-delete", args=[slug]),
    )


@require_POST
def post_delete(request: HttpRequest, slug: str) -> HttpResponse:
    post = _changer(request, access.access_post_by_slug, slug)
    return _delete_page(
        request,
        post,
        delete=lambda: services.post_delete(actor=request.user, post=post),
        done=_organization_url(post.organization),
        back=reverse("registry:post-edit", args=[slug]),
    )


@require_http_methods(["GET", "POST"])
def tenure_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    policy.can_create_tenure(user).enforce()
    initial = {}
    person = Person.objects.filter(slug=request.GET.get("person", "")).first()
    if person is not None:
        initial["person"] = person.pk
    form = TenureForm(request.POST or None, user=user, initial=initial)
    return _form_page(
        request,
        form,
        write=lambda data: services.tenure_create(actor=user, data=data),
        title=gettext("New tenure"),
        done=lambda tenure: _person_url(tenure.person),
        cancel=_person_url(person) if person else reverse("registry:person-list"),
    )


@require_http_methods(["GET", "POST"])
def tenure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tenure = _changer(request, access.access_tenure_by_id, pk)
    form = TenureForm(request.POST or None, user=request.user, instance=tenure)
    return _form_page(
        request,
        form,
        write=lambda data: services.tenure_update(actor=request.user, tenure=tenure, data=data),
        title=gettext("Edit: %(record)s") % {"record": tenure},
        done=lambda tenure: _person_url(tenure.person),
        cancel=_person_url(tenure.person),
        delete=reverse("registry:tenure-delete", args=[pk]),
    )


@require_POST
def tenure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tenure = _changer(request, access.access_tenure_by_id, pk)
    return _delete_page(
        request,
        tenure,
        delete=lambda: services.tenure_delete(actor=request.user, tenure=tenure),
        done=_person_url(tenure.person),
        back=reverse("registry:tenure-edit", args=[pk]),
    )


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest) -> HttpResponse:
    user = _creator(request)
    form = MembershipForm(request.POST or None, user=user, initial=_initial_organization(request))
    return _form_page(
        request,
        form,
        write=lambda data: services.membership_create(actor=user, data=data),
        title=gettext("New membership"),
        done=lambda membership: _organization_url(membership.organization),
        cancel=reverse("registry:organization-list"),
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _changer(request, access.access_membership_by_id, pk)
    form = MembershipForm(request.POST or None, user=request.user, instance=membership)
    return _form_page(
        request,
        form,
        write=lambda data: services.membership_update(
            actor=request.user, membership=membership, data=data
        ),
        title=gettext("Edit: %(record)s") % {"record": membership},
        done=lambda membership: _organization_url(membership.organization),
        cancel=_organization_url(membership.organization),
        delete=reverse("registry:membership-delete", args=[pk]),
    )


@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _changer(request, access.access_membership_by_id, pk)
    return _delete_page(
        request,
        membership,
        delete=lambda: services.membership_delete(actor=request.user, membership=membership),
        done=_organization_url(membership.organization),
        back=reverse("registry:membership-edit", args=[pk]),
    )
