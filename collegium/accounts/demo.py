"""The accounts' part of the demo scenario: its site administrator and one manager per desk.

The administrator comes first (every later step acts as them); the managers
come once the registry's organizations exist.  All share one published
password, which ``collegium demo`` prints with the logins.
"""

from collegium.accounts.models import Role, User
from collegium.accounts.services import affiliation_set, user_create, user_update
from collegium.devdata import demo

DEMO_PASSWORD = "collegium-demo"  # noqa: S105 (printed for the demo on purpose)
# One manager per secretariat: username, organization slug, the desk (printed with the logins).
# The accounts carry no full name: the header shows the login and, under it, the
# organization's name in the reader's language (earlier demos stored the desk's Russian
# name as the user's name, which a refresh clears).
DEMO_USERS = [
    ("mfa-ru", "mfa-ru", "Секретариат коллегии МИД России"),
    ("mfa-by", "mfa-by", "Секретариат коллегии МИД Беларуси"),
    ("csto-secretariat", "csto-secretariat", "Секретариат ОДКБ"),
    ("cis-executive-committee", "cis-executive-committee", "Исполнительный комитет СНГ"),
    ("sco-secretariat", "sco-secretariat", "Секретариат ШОС"),
    (
        "union-state-standing-committee",
        "union-state-standing-committee",
        "Постоянный комитет Союзного государства",
    ),
]
DEMO_ADMIN = "admin"
# Accounts that other apps' demo steps create (the ministers who sign: ``signatures``).
_other_demo_usernames: set[str] = set()


def demo_usernames_add(*usernames: str) -> None:
    """Declare accounts another app's demo creates, so they are not taken for foreign data."""
    _other_demo_usernames.update(usernames)


@demo.foreign_records
def users_not_in_the_demo() -> dict[str, int]:
    usernames = [u[0] for u in DEMO_USERS] + [DEMO_ADMIN, *sorted(_other_demo_usernames)]
    return {"users": User.objects.exclude(username__in=usernames).count()}


@demo.step(order=demo.ACTORS)
def load_administrator(context: demo.DemoContext) -> None:
    """Create the demo's site administrator, who makes every change of the later steps."""
    admin = User.objects.filter(username=DEMO_ADMIN).first()
    if admin is None:
        admin = user_create(
            actor=None,
            username=DEMO_ADMIN,
            password=DEMO_PASSWORD,
            is_superuser=True,
            validate=False,
        )
        context.result.count("users", "created")
    elif admin.first_name == "Администратор":  # an earlier demo's: the header said it in English
        admin = user_update(actor=admin, user=admin, data={"first_name": ""})
        context.result.count("users", "updated")
    context.actor = admin


@demo.step(order=demo.PEOPLE)
def load_users(context: demo.DemoContext) -> None:
    """Give each desk of the demo a manager; list the logins."""
    orgs = context.shared["organizations"]
    admin = context.actor
    for username, org_slug, desk in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user_create(
                actor=admin,
                username=username,
                password=DEMO_PASSWORD,
                organization=orgs[org_slug],
                role=Role.MANAGER,
                validate=False,
            )
            context.result.count("users", "created")
            continue
        changed = False
        if user.first_name == desk:
            user_update(actor=admin, user=user, data={"first_name": ""})
            changed = True
        if not user.affiliations.filter(organization=orgs[org_slug], role=Role.MANAGER).exists():
            affiliation_set(actor=admin, user=user, organization=orgs[org_slug], role=Role.MANAGER)
            changed = True
        if changed:
            context.result.count("users", "updated")
    context.result.password = DEMO_PASSWORD
    context.result.logins += [
        *(demo.Login(username, f"manager, {label}") for username, _org, label in DEMO_USERS),
        demo.Login(DEMO_ADMIN, "site administrator"),
    ]
