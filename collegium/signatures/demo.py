"""The signatures' part of the demo: the two ministers, their accounts and designated posts.

The ministers of foreign affairs sign for their ministries (``mfa-ru``,
``mfa-by``): the persons and their tenures come from the registry's demo
(public facts, DOMAIN.md); this step links an account to each and designates
the minister's post as the ministry's signatory.  It also creates the
installation's certificate authority and master key (``var/keys/``) when
they do not exist yet.  Signing keys are created when the ministers first sign.
"""

from collegium.accounts.demo import DEMO_PASSWORD, demo_usernames_add
from collegium.accounts.models import Role, User
from collegium.accounts.services import affiliation_set, user_create, user_link_person
from collegium.devdata import demo
from collegium.registry.models import Person, Post
from collegium.signatures.models import SignatoryDesignation
from collegium.signatures.selectors import current_authority
from collegium.signatures.services import keys_init, signatory_designate

# username, organization slug, person slug, designated post slug, first and last name, login label
DEMO_SIGNATORIES = [
    (
        "lavrov",
        "mfa-ru",
        "sergey-lavrov",
        "mfa-ru-minister",
        ("Сергей", "Лавров"),
        "signatory, Министр иностранных дел России",
    ),
    (
        "ryzhenkov",
        "mfa-by",
        "maxim-ryzhenkov",
        "mfa-by-minister",
        ("Максим", "Рыженков"),
        "signatory, Министр иностранных дел Беларуси",
    ),
]

demo_usernames_add(*(row[0] for row in DEMO_SIGNATORIES))


@demo.foreign_records
def signing_records_not_in_the_demo() -> dict[str, int]:
    slugs = [row[1] for row in DEMO_SIGNATORIES]
    return {
        "signatory designations": SignatoryDesignation.objects.exclude(
            organization__slug__in=slugs
        ).count()
    }


@demo.step(order=demo.PEOPLE)
def load_signatories(context: demo.DemoContext) -> None:
    """Create the CA, the ministers' accounts linked to them, and designate their posts."""
    admin = context.actor
    if current_authority() is None:
        keys_init(actor=admin)
        context.result.count("certificate authorities", "created")
    orgs = context.shared["organizations"]
    for username, org_slug, person_slug, post_slug, (first, last), label in DEMO_SIGNATORIES:
        organization = orgs[org_slug]
        person = Person.objects.get(slug=person_slug)
        post = Post.objects.get(slug=post_slug)
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            # The minister reads the ministry's records (viewer); the secretariat edits them.
            user = user_create(
                actor=admin,
                username=username,
                password=DEMO_PASSWORD,
                organization=organization,
                role=Role.VIEWER,
                first_name=first,
                last_name=last,
                validate=False,
            )
            context.result.count("users", "created")
        elif not user.affiliations.filter(organization=organization).exists():
            affiliation_set(actor=admin, user=user, organization=organization, role=Role.VIEWER)
            context.result.count("users", "updated")
        if user.person_id != person.pk:
            user_link_person(actor=admin, user=user, person=person)
            context.result.count("users", None if created else "updated")
        designation = SignatoryDesignation.objects.filter(organization=organization).first()
        if designation is None or designation.post_id != post.pk:
            signatory_designate(actor=admin, organization=organization, post=post)
            context.result.count(
                "signatory designations", "created" if designation is None else "updated"
            )
        context.result.logins.append(demo.Login(username, f"{label} ({person.name_ru})"))
