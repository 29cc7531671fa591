"""Who may write which registry record: the pages offer a form exactly when it may be used.

The rules are the access layer's, which the services enforce: the editors of
a record's owner change it (``access.can_change``), and only the editors for
an organization's secretariat (the owner of its record) state facts about it
— its bodies, posts, memberships and the tenures of its posts
(``access.speaks_for``).  These functions answer the pages' questions: may
this user create a record at all, for which owners, about which organizations.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.models import OwnedModel
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.registry.models import Organization, Post


def owners_for(user: AnyUser) -> QuerySet[Organization]:
    """Return the organizations that may own a record the user writes: those they edit for."""
    ids = access.editable_owner_ids(user)
    organizations = Organization.objects.all()
    return organizations if ids is None else organizations.filter(pk__in=ids)


def spoken_for(user: AnyUser) -> QuerySet[Organization]:
    """Return the organizations the user states facts about: those whose record they edit."""
    ids = access.editable_owner_ids(user)
    organizations = Organization.objects.all()
    return organizations if ids is None else organizations.filter(owner_id__in=ids)


def can_create(user: AnyUser) -> Decision:
    """Allow a user who edits for some organization: a new record needs an owner they edit for."""
    ids = access.editable_owner_ids(user)
    if ids is None or ids:
        return ALLOWED
    return deny(_("Only editors of an organization create records, owned by it."))


def can_state_facts(user: AnyUser, organization: Organization) -> Decision:
    """Allow the editors for the organization's secretariat: its posts and memberships."""
    if access.speaks_for(user, organization, "editor"):
        return ALLOWED
    return deny(
        _("Only editors for %(organization)s record facts about it.")
        % {"organization": organization}
    )


def can_create_tenure(user: AnyUser) -> Decision:
    """Allow a user who states facts about an organization that has a post."""
    if can_create(user) and Post.objects.filter(organization__in=spoken_for(user)).exists():
        return ALLOWED
    return deny(_("Only editors for an organization with posts record who holds them."))


def can_change(user: AnyUser, record: OwnedModel) -> Decision:
    """Allow the editors of the record's owner (and site administrators): edit, delete."""
    return access.can_change(user, record)


def changeable_ids(user: AnyUser, records: list) -> set[int]:
    """Return the ids of the loaded ``records`` the user may change (no query: roles are loaded)."""
    return {record.pk for record in records if can_change(user, record)}
