"""The type of a request whose user has signed in, for the type checker."""

from django.http import HttpRequest

from collegium.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``login_required`` or the admin's login: its user has signed in.

    Only an annotation: Django still builds plain ``HttpRequest`` objects.
    """

    user: User
