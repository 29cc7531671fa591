"""Who may sign for an organization, designate its signatory, or rotate a signatory's key.

A party signs through its authorized signatory only: the holder, on the
signing date, of the post it designates, acting through the user account
linked to that person.  Nobody else signs for it, not a site administrator,
not its managers, not a former holder of the post: a signature dated earlier
than today (recorded after the ceremony) is made only by a holder who held
the post on that date and still holds it today.
"""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.registry.models import Organization, Person
from collegium.signatures.selectors import designated_post, holder_of_post


def can_sign(user: AnyUser, organization: Organization, on_date: dt.date) -> Decision:
    """Allow the account linked to the holder, on ``on_date``, of the designated post."""
    if user is None or not user.is_authenticated:
        return deny(_("Sign in to sign."))
    values = {"organization": organization, "date": date_format(on_date)}
    post = designated_post(organization)
    if post is None:
        return deny(
            _(
                "%(organization)s designates no signatory post, so nobody signs for it; "
                "its manager designates one."
            )
            % values
        )
    signatory = holder_of_post(post, on_date)
    if signatory is None:
        return deny(
            _("Nobody holds the post that signs for %(organization)s on %(date)s.") % values
        )
    person_id = getattr(user, "person_id", None)
    if person_id != signatory.person.pk:
        return deny(
            _(
                "Only the authorized signatory signs for %(organization)s: on %(date)s, "
                "%(person)s (%(post)s), through the account linked to them."
            )
            % {**values, "person": signatory.person, "post": signatory.post}
        )
    today = timezone.localdate()
    if on_date < today:
        current = holder_of_post(post, today)
        if current is None or current.person.pk != person_id:
            return deny(
                _(
                    "Only the current holder of %(post)s signs for %(organization)s, also "
                    "with an earlier date: %(person)s no longer holds it."
                )
                % {**values, "person": signatory.person, "post": post}
            )
    return ALLOWED


def can_designate(user: AnyUser, organization: Organization) -> Decision:
    """Allow the managers of the organization's secretariat and site administrators."""
    if access.is_site_admin(user) or access.speaks_for(user, organization, "manager"):
        return ALLOWED
    return deny(
        _("Only managers for %(organization)s designate the post that signs for it.")
        % {"organization": organization}
    )


def can_rotate_key(user: AnyUser, person: Person) -> Decision:
    """Allow the signatory themselves (their linked account) and site administrators."""
    if access.is_site_admin(user) or (
        user is not None and getattr(user, "person_id", None) == person.pk
    ):
        return ALLOWED
    return deny(_("Only the signatory or a site administrator replaces a signatory's key."))
