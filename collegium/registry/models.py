"""The registry, shaped after Popolo: states, organizations, memberships, posts, persons, tenures.

Names are kept in Russian, English and Belarusian (``name_ru`` …) and read in
the active language through ``TranslatedField``.  ``other_names`` holds
Popolo-style alternative names (acronyms, inflected and historical forms such
as "Белоруссия") that media monitoring matches against.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import OwnedModel


def validate_other_names(value: object) -> None:
    """Each alternative name is ``{"name": str, "lang"?: str, "note"?: str, ...}``."""
    if not isinstance(value, list):
        raise ValidationError(_("Alternative names must be a list."), code="invalid")
    allowed = {"name", "lang", "note", "start_date", "end_date"}
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            raise ValidationError(
                _("Each alternative name needs a non-empty 'name'."), code="invalid"
            )
        unknown = set(item) - allowed
        if unknown:
            raise ValidationError(
                _("Unknown keys in an alternative name: %(keys)s"),
                params={"keys": ", ".join(sorted(unknown))},
                code="invalid",
            )
        if any(not isinstance(v, str) for v in item.values()):
            raise ValidationError(_("Alternative name values must be strings."), code="invalid")


def normalize_search(text: str) -> str:
    """Fold case and "ё" so that "ОДКБ", "одкб" and "Ёлки"/"елки" match on every database.

    SQLite folds the case of ASCII letters only, so searching stores and
    compares pre-folded text instead of relying on ``icontains``.
    """
    return " ".join(text.casefold().replace("ё", "е").split())


class Searchable(models.Model):
    """A record with a folded ``search_text`` of its names, kept current on every save."""

    search_text = models.TextField(editable=False, default="")
    # Each subclass has its field of Popolo-style alternative names (see ``validate_other_names``).
    other_names: list[dict[str, str]]

    # Derived from the names, so it would only repeat them in the audit chain.
    audit_exclude = ("search_text",)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_parts(self) -> list[str]:
        raise NotImplementedError

    def refresh_search_text(self) -> None:
        parts = [*self.search_parts(), *(n.get("name", "") for n in self.other_names or [])]
        self.search_text = " | ".join(normalize_search(p) for p in parts if p)


class Period(models.Model):
    """Start and end dates; an empty end means "to this day"."""

    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    dates_approximate = models.BooleanField(
        _("dates approximate"),
        default=False,
        help_text=_("Public sources give only the month or the year."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def is_current(self, on: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )

    @staticmethod
    def on_q(on: dt.date, prefix: str = "") -> Q:
        """Return the filter for records in force on the date ``on``."""
        return (
            Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})
        ) & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on}))


class State(Searchable, OwnedModel):
    """A sovereign state, keyed by its ISO 3166-1 alpha-2 code in lower case."""

    code = models.SlugField(_("ISO 3166 code"), max_length=2, unique=True)
    name_ru = models.CharField(_("name (ru)"), max_length=200)
    name_en = models.CharField(_("name (en)"), max_length=200, blank=True)
    name_be = models.CharField(_("name (be)"), max_length=200, blank=True)
    other_names = models.JSONField(
        _("alternative names"), default=list, blank=True, validators=[validate_other_names]
    )

    name = TranslatedField("name")

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("state")
        verbose_name_plural = _("states")

    def __str__(self) -> str:
        return self.name

    def search_parts(self) -> list[str]:
        return [self.code, self.name_ru, self.name_en, self.name_be]

    def clean(self) -> None:
        super().clean()
        if self.code and (
            len(self.code) != 2 or not self.code.isalpha() or not self.code.islower()
        ):
            raise ValidationError({"code": _("Use the two-letter ISO 3166 code in lower case.")})


class OrganizationKind(models.TextChoices):
    INTERNATIONAL = "international_organization", _("International organization")
    MINISTRY = "ministry", _("Ministry")
    EXECUTIVE_BODY = "executive_body", _("Executive body")
    COUNCIL = "council", _("Council")
    COLLEGIUM = "collegium", _("Collegium")
    OTHER = "other", _("Other")


class Organization(Searchable, OwnedModel):
    """An international organization, a ministry, or a body of either."""

    # Nullable only for the instant of creation: an organization that owns its
    # own record gets its owner set to itself in the same transaction.
    owner = models.ForeignKey(  # type: ignore[assignment]  # nullable here, unlike OwnedModel's
        "self",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
    )
    name_ru = models.CharField(_("name (ru)"), max_length=300)
    name_en = models.CharField(_("name (en)"), max_length=300, blank=True)
    name_be = models.CharField(_("name (be)"), max_length=300, blank=True)
    acronym_ru = models.CharField(_("acronym (ru)"), max_length=30, blank=True)
    acronym_en = models.CharField(_("acronym (en)"), max_length=30, blank=True)
    acronym_be = models.CharField(_("acronym (be)"), max_length=30, blank=True)
    seat_state = models.ForeignKey(
        State,
        verbose_name=_("seat (state)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seated_organizations",
    )
    seat_city_ru = models.CharField(_("seat (city, ru)"), max_length=100, blank=True)
    seat_city_en = models.CharField(_("seat (city, en)"), max_length=100, blank=True)
    seat_city_be = models.CharField(_("seat (city, be)"), max_length=100, blank=True)
    founding_date = models.DateField(_("founded"), null=True, blank=True)
    dissolution_date = models.DateField(_("dissolved"), null=True, blank=True)
    other_names = models.JSONField(
        _("alternative names"), default=list, blank=True, validators=[validate_other_names]
    )

    name = TranslatedField("name")
    acronym = TranslatedField("acronym", follows="name")
    seat_city = TranslatedField("seat_city")

    party_paths = ("pk", "parent_id")

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["kind"], name="org_kind_idx")]

    def __str__(self) -> str:
        return self.acronym or self.name

    def subject_organization(self) -> "Organization | None":
        """Return the organization this record is a fact about: a body is part of its parent."""
        return self.parent

    def search_parts(self) -> list[str]:
        return [
            self.slug,
            self.name_ru,
            self.name_en,
            self.name_be,
            self.acronym_ru,
            self.acronym_en,
            self.acronym_be,
        ]

    def clean(self) -> None:
        super().clean()
        if self.parent_id is not None and self.pk is not None:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("An organization cannot be its own ancestor.")}
                    )
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if (
            self.founding_date
            and self.dissolution_date
            and self.dissolution_date < self.founding_date
        ):
            raise ValidationError({"dissolution_date": _("Dissolved before it was founded.")})


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    DIALOGUE_PARTNER = "dialogue_partner", _("Dialogue partner")
    ASSOCIATE = "associate", _("Associate member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class Membership(Period, OwnedModel):
    """A state or an organization belongs to an organization, in a role, over a period."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    member_state = models.ForeignKey(
        State,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    member_organization = models.ForeignKey(
        Organization,
        verbose_name=_("member organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships_held",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    party_paths = ("organization_id", "member_organization_id")

    class Meta:
        ordering = ["organization_id", "start_date", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member_state__isnull=False, member_organization__isnull=True)
                    | Q(member_state__isnull=True, member_organization__isnull=False)
                ),
                name="membership_one_member",
                violation_error_message=_(
                    "A membership has exactly one member: a state or an organization."
                ),
            ),
        ]
        indexes = [models.Index(fields=["organization", "start_date"], name="membership_org_idx")]

    def __str__(self) -> str:
        return f"{self.member} — {self.organization}"

    @property
    def member(self):
        return self.member_state if self.member_state_id else self.member_organization

    def subject_organization(self) -> Organization:
        return self.organization

    def clean(self) -> None:
        super().clean()
        if bool(self.member_state_id) == bool(self.member_organization_id):
            raise ValidationError(
                _("A membership has exactly one member: a state or an organization.")
            )
        if self.member_organization_id and self.member_organization_id == self.organization_id:
            raise ValidationError(
                {"member_organization": _("An organization cannot be its own member.")}
            )


class Post(OwnedModel):
    """A position in an organization, such as Secretary General."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="posts"
    )
    label_ru = models.CharField(_("title (ru)"), max_length=300)
    label_en = models.CharField(_("title (en)"), max_length=300, blank=True)
    label_be = models.CharField(_("title (be)"), max_length=300, blank=True)
    is_head = models.BooleanField(_("head of the organization"), default=False)
    # The forms a letter needs (see events/letter_data.py); grammar is stored, never derived.
    label_ru_dative = models.CharField(
        _("title in letters (ru, dative)"),
        max_length=300,
        blank=True,
        help_text=_(
            "The full title addressed in a letter: “Генеральному секретарю Шанхайской "
            "организации сотрудничества”."
        ),
    )
    letter_label_ru = models.CharField(
        _("title in letters (ru)"),
        max_length=300,
        blank=True,
        help_text=_("The full title above a signature; empty: the title (ru)."),
    )
    letter_label_en = models.CharField(
        _("title in letters (en)"),
        max_length=300,
        blank=True,
        help_text=_(
            "The full title in an address or above a signature: “Secretary-General of the "
            "Shanghai Cooperation Organisation”; empty: the title (en)."
        ),
    )
    address_title_ru = models.CharField(
        _("title in direct address (ru)"),
        max_length=100,
        blank=True,
        help_text=_(
            "The title in the salutation, as in “Уважаемый господин Генеральный секретарь!”: "
            "“Генеральный секретарь”."
        ),
    )
    address_title_en = models.CharField(
        _("title in direct address (en)"),
        max_length=100,
        blank=True,
        help_text=_(
            "The title in the salutation, as in “Dear Mr Secretary-General,”: “Secretary-General”."
        ),
    )

    label = TranslatedField("label")

    party_paths = ("organization_id",)

    class Meta:
        ordering = ["organization_id", "-is_head", "label_ru"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_head=True),
                name="one_head_post_per_org",
                violation_error_message=_("This organization already has a head post."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def subject_organization(self) -> Organization:
        return self.organization


class Gender(models.TextChoices):
    """Chooses the forms of address in letters: г-ну/г-же, Уважаемый/Уважаемая, Mr/Ms."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(Searchable, OwnedModel):
    """A person who holds or held a post."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_ru = models.CharField(_("name (ru)"), max_length=200)
    name_en = models.CharField(_("name (en)"), max_length=200, blank=True)
    name_be = models.CharField(_("name (be)"), max_length=200, blank=True)
    birth_date = models.DateField(_("born"), null=True, blank=True)
    other_names = models.JSONField(
        _("alternative names"), default=list, blank=True, validators=[validate_other_names]
    )
    # The forms a letter needs (see events/letter_data.py); grammar is stored, never derived.
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Chooses the form of address in letters: Mr or Ms, г-ну or г-же."),
    )
    honorific_prefix = models.CharField(
        _("style (en)"),
        max_length=30,
        blank=True,
        help_text=_("Printed before the name in English letters, e.g. “H.E.”."),
    )
    name_ru_dative = models.CharField(
        _("name in letters (ru, dative)"),
        max_length=200,
        blank=True,
        help_text=_("Initials and surname as addressed in a letter: “Н.Б. Ермекбаеву”."),
    )
    name_ru_short = models.CharField(
        _("name in letters (ru)"),
        max_length=200,
        blank=True,
        help_text=_("Initials and surname under a signature: “Н.Б. Ермекбаев”; empty: the name."),
    )

    name = TranslatedField("name")

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.name

    def search_parts(self) -> list[str]:
        return [self.slug, self.name_ru, self.name_en, self.name_be]


class Tenure(Period, OwnedModel):
    """A person holds a post from one date to another, possibly as acting holder."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="tenures"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="tenures"
    )
    acting = models.BooleanField(_("acting"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    party_paths = ("post__organization_id",)

    class Meta:
        ordering = ["post_id", "start_date", "pk"]
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        indexes = [models.Index(fields=["post", "start_date"], name="tenure_post_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"

    def subject_organization(self) -> Organization:
        return self.post.organization
