"""FilterSets that validate GET parameters of public pages."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _


class CouncilMeetingFilter(django_filters.FilterSet):
    """The council page's year filter (``?aar=2021``); the choices are the years with meetings."""

    aar = django_filters.TypedChoiceFilter(
        label=_("År"),
        field_name="start",
        lookup_expr="year",
        coerce=int,
        method="filter_year",
    )

    def __init__(self, data=None, queryset=None, *, years=(), **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        field = self.form.fields["aar"]
        field.choices = [("", _("Alle år"))] + [(str(y), str(y)) for y in years]
        field.error_messages["invalid_choice"] = _(
            "Der er ingen møder i år %(value)s. Vælg et af årene på listen."
        )

    def filter_year(self, queryset, name, value):
        if value in ("", None):
            return queryset
        return queryset.in_year(int(value))
