"""The notifications' part of the demo scenario: a mailbox for each demo user.

Each secretariat's demo manager gets the address ``<login>@collegium.example``
(a reserved name that reaches nobody), so that with the default file backend
the demo's notifications land in ``var/mail/`` as the task worker sends them;
the Belarusian ministry's manager reads them in Belarusian.
"""

from collegium.accounts.demo import DEMO_USERS
from collegium.accounts.models import User
from collegium.accounts.services import user_update
from collegium.devdata import demo
from collegium.notifications.models import NotificationPreferences
from collegium.notifications.services import preferences_update

DEMO_MAIL_DOMAIN = "collegium.example"
# Demo users who chose their notifications: login -> choices.
DEMO_PREFERENCES = {"mfa-by": {"language": "be"}}


@demo.step(order=demo.RECORDS + 50)
def load_mailboxes(context: demo.DemoContext) -> None:
    """Give each demo manager an address, and the Belarusian ministry's its language."""
    for username, _org, _label in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        if not user.email:
            user_update(
                actor=context.actor, user=user, data={"email": f"{username}@{DEMO_MAIL_DOMAIN}"}
            )
            context.result.count("users", "updated")
        choices = DEMO_PREFERENCES.get(username)
        if choices is None:
            continue
        stored = NotificationPreferences.objects.filter(user=user).first()
        if stored is None or any(getattr(stored, k) != v for k, v in choices.items()):
            # A person's mailbox is theirs: the demo user makes the choice.
            preferences_update(actor=user, user=user, data=choices)
            context.result.count("notification preferences", "updated")
