"""Forms of the staff pages. Every bad input gets a message that says what to do."""

from __future__ import annotations

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ..files import BILAG, REFERAT, FileRefused, accept_upload
from ..files.limits import max_upload_mb
from ..models import AgendaItem, Attachment
from . import bilag as bilag_files
from .access import councils_for
from .preview.draft import validate_case_number


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    council = forms.ModelChoiceField(
        label=_("Udvalg eller råd"),
        queryset=None,
        empty_label=_("Vælg udvalg"),
        error_messages={"required": _("Vælg det udvalg, referatet er fra.")},
    )
    file = forms.FileField(
        label=_("Referat"),
        help_text=_("%(formats)s; højst %(mb)s MB."),
        error_messages={"required": _("Vælg referatets fil.")},
    )
    bilag = MultipleFileField(
        label=_("Bilag (valgfrit)"),
        required=False,
        help_text=_(
            "Giv hver fil samme navn som bilaget i referatet, så sættes den på det rigtige punkt."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils_for(user).select_related("municipality")
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "formats": REFERAT.allowed_labels(),
            "mb": max_upload_mb(),
        }
        self.fields["file"].widget.attrs["accept"] = REFERAT.accept_attr
        self.fields["bilag"].widget.attrs["accept"] = BILAG.accept_attr


class DraftMeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Mødedato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD, fx 2015-03-25.")},
    )
    start_time = forms.TimeField(
        label=_("Mødestart"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Skriv klokkeslættet som TT:MM, fx 15:00.")},
    )
    location = forms.CharField(label=_("Mødested"), max_length=500, required=False)


def meeting_initial(parsed: dict | None) -> dict:
    parsed = parsed or {}
    return {k: parsed.get(k) for k in ("date", "start_time", "location")}


class DraftItemForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Titel"), widget=forms.Textarea(attrs={"rows": 2}))
    case_number = forms.CharField(label=_("Journalnummer"), max_length=40, required=False)
    decision = forms.CharField(
        label=_("Beslutning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision_outcome = forms.ChoiceField(
        label=_("Udfald"), choices=AgendaItem.Outcome.choices, required=False
    )
    is_closed = forms.BooleanField(label=_("Lukket punkt"), required=False)

    def clean_case_number(self):
        value = (self.cleaned_data.get("case_number") or "").strip()
        if not value:
            return None
        try:
            return validate_case_number(value)
        except ValueError as exc:
            raise forms.ValidationError(
                _(
                    "“%(value)s” er ikke et sagsnummer. Skriv det, som det er trykt, fx "
                    "27.15.00-A08-1-21 eller EMN-2025-003383, eller lad feltet stå tomt."
                ),
                params={"value": value},
            ) from exc

    def clean_decision(self):
        return self.cleaned_data.get("decision") or None


DraftItemFormSet = forms.formset_factory(DraftItemForm, extra=0)


def item_initial(item: dict) -> dict:
    return {
        k: item.get(k)
        for k in ("number", "title", "case_number", "decision", "decision_outcome", "is_closed")
    }


class PublishForm(forms.Form):
    """One required choice per conflict: the file's or the editor's version."""

    CHOICES = [("editor", _("Behold redaktørens udgave")), ("file", _("Brug filens udgave"))]

    def __init__(self, *args, conflicts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = list(conflicts)
        for c in self.conflicts:
            self.fields[self.field_name(c)] = forms.ChoiceField(
                label=_("Punkt %(n)s, %(field)s") % {"n": c.item_number, "field": c.label},
                choices=self.CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Vælg, om filens eller redaktørens udgave skal gælde.")
                },
            )

    @staticmethod
    def field_name(conflict) -> str:
        return f"conflict_{conflict.item_number}_{conflict.field.replace(':', '_')}"

    def resolutions(self) -> dict[str, str]:
        return {c.key: self.cleaned_data[self.field_name(c)] for c in self.conflicts}

    def bound_conflicts(self):
        return [(c, self[self.field_name(c)]) for c in self.conflicts]


class BilagForm(forms.Form):
    files = MultipleFileField(
        label=_("Bilag"),
        help_text=_("Giv hver fil samme navn som bilaget i referatet."),
        error_messages={"required": _("Vælg mindst én fil.")},
    )


class RevertForm(forms.Form):
    """Restore a version: the first post (from the history table) asks for confirmation;
    the confirmation page posts again with ``confirm`` (and an optional reason)."""

    history_id = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Begrundelse (valgfri)"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class AgendaItemAdminForm(forms.ModelForm):
    """A point in the admin, with the reason for a correction of its published decision
    (stored on the DecisionCorrection and shown with "Rettet" on the public page)."""

    correction_reason = forms.CharField(
        label=_("Begrundelse for rettelsen"),
        required=False,
        max_length=300,
        help_text=_(
            "Skriv, hvorfor beslutningen rettes (fx “Stavefejl i beløbet”). Vises offentligt "
            "sammen med “Rettet”, når mødet er offentliggjort."
        ),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    class Meta:
        model = AgendaItem
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields (fieldsets)


class AttachmentAdminForm(forms.ModelForm):
    """A bilag in the admin (its own page and the inline on a point): a new file goes through
    the intake, so a wrong type is a form error in Danish; the file's facts (display name,
    type, size, hash) and its text come from the intake, never from the form."""

    class Meta:
        model = Attachment
        fields = ["agenda_item", "title", "order", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted = None
        if "file" in self.fields:
            self.fields["file"].widget.attrs["accept"] = BILAG.accept_attr
            self.fields["file"].help_text = _("%(formats)s; højst %(mb)s MB.") % {
                "formats": BILAG.allowed_labels(),
                "mb": max_upload_mb(),
            }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):  # unchanged, cleared or none
            return upload
        try:
            self.accepted = accept_upload(upload, BILAG)
        except FileRefused as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        return ContentFile(self.accepted.data, name=self.accepted.storage_name)

    def save(self, commit=True):
        if self.accepted is not None:
            text, _problem = bilag_files.extract(self.accepted)
            bilag_files.set_file_facts(self.instance, self.accepted, text)
        return super().save(commit)
