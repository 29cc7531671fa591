"""Read-only pages of the registry.

Every read goes through ``registry.selectors`` (lists, time-aware reads) or a
door in ``registry.access`` (one object); a record the user may not see
answers 404 exactly like a missing one.  Writes happen in the admin and the
API, both through the services.

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
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, Model, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails

from collegium.access.rules import filter_visible
from collegium.core import cache
from collegium.core.i18n import active_content_language
from collegium.core.panels import collect_panels, panel_namespaces
from collegium.core.views import or_404
from collegium.registry import access, selectors
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Period,
    Post,
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
    return {"form": form, "page_obj": _page(request, organizations), "filtered": filtered}


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

    return {
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
    return {"form": form, "page_obj": _page(request, persons), "filtered": bool(q)}


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
    return {"form": form, "page_obj": _page(request, states), "filtered": bool(q)}


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
        "state": state,
        "memberships": memberships,
        "seated": seated,
        "today": today,
        # The panels of the page (its history): core.panels.
        "panels": collect_panels(request, "registry.state", state),
    }
