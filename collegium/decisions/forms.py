"""Forms of the document pages: a part's wording side by side, a new part, a diff's choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.decisions.models import COMMENT_MAX_LENGTH, Language, NodeKind

# A number typed like any text field (the site styles text inputs), read as an integer.
NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*"})


class WordingForm(forms.Form):
    """A part's wording in the three languages, side by side."""

    heading_ru = forms.CharField(label=_("Heading (ru)"), max_length=400, required=False)
    heading_be = forms.CharField(label=_("Heading (be)"), max_length=400, required=False)
    heading_en = forms.CharField(label=_("Heading (en)"), max_length=400, required=False)
    text_ru = forms.CharField(
        label=_("Text (ru)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_be = forms.CharField(
        label=_("Text (be)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_en = forms.CharField(
        label=_("Text (en)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class NodeAddForm(WordingForm):
    kind = forms.ChoiceField(label=_("Kind of part"), choices=NodeKind.choices)
    parent = forms.CharField(
        label=_("Under the part"),
        required=False,
        help_text=_("Its identifier, e.g. sec_1; empty for the body of the document."),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        required=False,
        widget=NUMBER,
        help_text=_("Among its siblings, from 1; empty for the last."),
    )


class DiffForm(forms.Form):
    from_revision = forms.IntegerField(label=_("From revision"), min_value=1, widget=NUMBER)
    to_revision = forms.IntegerField(label=_("To revision"), min_value=1, widget=NUMBER)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="ru")


class CommentForm(forms.Form):
    """A party's comment under a part of circulated minutes, or a reply under a comment."""

    text = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    party = forms.SlugField(label=_("In the name of"), max_length=120)
    eid = forms.CharField(label=_("Part"), max_length=200, required=False)
    parent = forms.IntegerField(label=_("In reply to"), min_value=1, required=False)
