from django import forms
from django.utils.translation import gettext_lazy as _


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-mailadresse"),
        max_length=254,
        error_messages={
            "required": _("Skriv din e-mailadresse."),
            "invalid": _("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
