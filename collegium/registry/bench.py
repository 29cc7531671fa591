"""The registry's benchmark targets (``devdata.bench``): its pages and API lists."""

from django.db.models import Count

from collegium.devdata.bench import Target
from collegium.devdata.synth import SYNTH_PREFIX
from collegium.registry.models import Organization, OrganizationKind, Person, State

TARGETS = (
    Target("page organizations", "/registry/organizations/"),
    Target("page organizations (session)", "/registry/organizations/", "session"),
    Target("page organization card", "/registry/organizations/{organization}/", "session"),
    Target("page persons", "/registry/persons/", "session"),
    Target("page person card", "/registry/persons/{person}/"),
    Target("page states", "/registry/states/"),
    Target("api organizations", "/api/v1/registry/organizations", "token"),
    Target("api organizations (anonymous)", "/api/v1/registry/organizations"),
    Target("api persons", "/api/v1/registry/persons", "token"),
    Target("api memberships", "/api/v1/registry/memberships", "token"),
    Target("api states", "/api/v1/registry/states", "token"),
)


def sample_keys() -> dict[str, str]:
    """Pick a synthetic international organization, a busy public person, a state, a ministry.

    The bench user is a viewer of the ministry (``organization_for_user``).
    """
    synthetic = Organization.objects.filter(slug__startswith=SYNTH_PREFIX)
    organization = synthetic.filter(kind=OrganizationKind.INTERNATIONAL).order_by("slug").first()
    ministry = synthetic.filter(kind=OrganizationKind.MINISTRY).order_by("slug").first()
    person = (
        Person.objects.filter(slug__startswith=SYNTH_PREFIX, visibility="public")
        .annotate(held=Count("tenures"))
        .order_by("-held", "slug")
        .first()
    )
    state = State.objects.filter(owner=organization).order_by("code").first()
    if organization is None or ministry is None or person is None or state is None:
        raise RuntimeError("the synthetic data is missing; did synth load?")
    return {
        "organization": organization.slug,
        "person": person.slug,
        "state": state.code,
        "organization_for_user": ministry.slug,
    }
