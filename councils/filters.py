"""FilterSets that validate GET parameters of public pages."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem, Council, SearchDocument
from .search.query import MAX_QUERY_LENGTH
from .search.text import MATCHED_IN_COLUMNS


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


MATCHED_IN_CHOICES = [
    ("titel", _("titlen")),
    ("beslutning", _("beslutningen")),
    ("resume", _("resuméet")),
    ("indstilling", _("indstillingen")),
    ("sagsfremstilling", _("sagsfremstillingen")),
    ("andet", _("andre afsnit")),
    ("bilag", _("bilag")),
]
assert {c for c, _label in MATCHED_IN_CHOICES} == set(MATCHED_IN_COLUMNS)

# Dates outside these years are typing errors (and 9999-12-31 + 1 day would overflow).
DATE_RANGE_VALIDATORS = [
    MinValueValidator(datetime.date(1900, 1, 1), _("Vælg en dato efter år 1900.")),
    MaxValueValidator(datetime.date(2200, 12, 31), _("Vælg en dato før år 2200.")),
]
SORT_CHOICES = [("relevans", _("Relevans")), ("dato", _("Nyeste først"))]
HAS_ATTACHMENTS_CHOICES = [("", _("Alle")), ("ja", _("Med bilag")), ("nej", _("Uden bilag"))]
# Agendas (a meeting whose referat is not published yet) or minutes: SearchDocument.kind.
DOCUMENT_CHOICES = [("referat", _("Referater")), ("dagsorden", _("Dagsordener"))]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class _ListedChoices(ModelChoiceIterator):
    """Choices from the queryset's own result, fetched once (Django's iterator counts and
    then re-reads the queryset for every rendering)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluated once, then the queryset's cached result
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.queryset)


class SearchFilter(django_filters.FilterSet):
    """The /soeg/ form: validates the query and narrows the search index's documents.

    The text itself (``q``), ``fundet_i`` and ``sortering`` are applied by
    ``councils.search.search()`` (they need the parsed query); the other filters narrow the
    ``SearchDocument`` queryset given as ``queryset``.
    """

    q = django_filters.CharFilter(
        label=_("Søgeord"),
        method="keep",
        max_length=MAX_QUERY_LENGTH * 4,  # longer queries get the friendly message, not this
        help_text=_(
            'Alle ord skal findes. Brug "citationstegn" for en frase, -ord for at '
            "udelukke og OR for enten/eller."
        ),
    )
    udvalg = django_filters.ModelMultipleChoiceFilter(
        label=_("Udvalg og råd"),
        method="filter_councils",
        queryset=Council.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    fra = django_filters.DateFilter(
        label=_("Fra dato"),
        method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_RANGE_VALIDATORS,
    )
    til = django_filters.DateFilter(
        label=_("Til dato"),
        method="filter_to",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_RANGE_VALIDATORS,
    )
    aar = django_filters.NumberFilter(
        label=_("År"), field_name="year", min_value=1900, max_value=2200
    )
    udfald = django_filters.ChoiceFilter(
        label=_("Beslutning"),
        field_name="outcome",
        choices=[c for c in AgendaItem.Outcome.choices if c[0]],
        empty_label=_("Alle"),
    )
    bilag = django_filters.ChoiceFilter(
        label=_("Bilag"),
        method="filter_attachments",
        choices=HAS_ATTACHMENTS_CHOICES[1:],
        empty_label=HAS_ATTACHMENTS_CHOICES[0][1],
    )
    dokument = django_filters.ChoiceFilter(
        label=_("Dokument"),
        field_name="kind",
        choices=DOCUMENT_CHOICES,
        empty_label=_("Referater og dagsordener"),
    )
    fundet_i = django_filters.ChoiceFilter(
        label=_("Ordene findes i"),
        method="keep",
        choices=MATCHED_IN_CHOICES,
        empty_label=_("hele punktet"),
    )
    sortering = django_filters.ChoiceFilter(
        label=_("Sortér efter"), method="keep", choices=SORT_CHOICES, empty_label=None
    )

    class Meta:
        model = SearchDocument
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Councils with at least one searchable point (an index probe per council), read
        # once per form: the checkboxes are rendered from that one result.
        councils = self.form.fields["udvalg"]
        councils.iterator = _ListedChoices  # before the queryset: that sets the widget's
        councils.queryset = Council.objects.filter(
            Exists(SearchDocument.objects.filter(council=OuterRef("pk")))
        ).order_by("name")
        self.form.fields["udvalg"].error_messages["invalid_choice"] = _(
            "Udvalget “%(value)s” findes ikke (længere). Fjern det fra søgningen."
        )
        self.form.fields["sortering"].required = False

    def keep(self, queryset, name, value):
        """Applied by councils.search.search(), not as a queryset filter."""
        return queryset

    def filter_councils(self, queryset, name, value):
        return queryset.filter(council__in=value) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(start__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(start__lt=_local_midnight(value + datetime.timedelta(days=1)))

    def filter_attachments(self, queryset, name, value):
        return queryset.filter(has_attachments=(value == "ja"))

    @property
    def active_filters(self) -> list[str]:
        """Names of the narrowing filters in use (for 'drop filters' suggestions)."""
        data = self.form.cleaned_data if self.form.is_bound and self.is_valid() else {}
        names = ("udvalg", "fra", "til", "aar", "udfald", "bilag", "dokument", "fundet_i")
        return [n for n in names if data.get(n)]
