"""Harvest sources in the admin: superusers only (no group holds a permission on them).

The list shows each source's last run — start, end, status, counts of meetings new / updated
/ unchanged / failed, its first errors — and "Forsinket" when the last successful harvest is
older than STALE_AFTER_INTERVALS intervals (or a run hangs), so a stalled import is seen at
once. "Høst nu" enqueues a run; the change page lists the latest runs with their errors.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.models import HarvestRun, HarvestSource

from .client import PortalError, normalize_base_url
from .tasks import enqueue

RECENT_RUNS = 10  # runs shown on a source's page
ERRORS_IN_LIST = 3  # errors of the last run shown in the list


def _time(value):
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else "–"


def _errors(run: HarvestRun, limit: int):
    shown = run.errors[:limit]
    items = format_html_join(
        "",
        "<li>{}{}</li>",
        (
            (
                format_html("<code>{}</code>: ", e.get("meeting")) if e.get("meeting") else "",
                e.get("message", ""),
            )
            for e in shown
        ),
    )
    more = len(run.errors) - len(shown)
    tail = format_html("<li>{}</li>", _("… og %(n)d flere") % {"n": more}) if more > 0 else ""
    return format_html("<ul class='harvest-errors'>{}{}</ul>", items, tail)


class HarvestSourceForm(forms.ModelForm):
    base_url = forms.URLField(
        label=HarvestSource._meta.get_field("base_url").verbose_name,
        help_text=HarvestSource._meta.get_field("base_url").help_text,
        max_length=300,
        assume_scheme="https",
    )

    class Meta:
        model = HarvestSource
        fields = [
            "base_url",
            "municipality",
            "councils",
            "since",
            "interval_hours",
            "is_active",
            "next_run_at",
        ]

    def clean_base_url(self):
        try:
            return normalize_base_url(self.cleaned_data["base_url"])
        except PortalError as exc:
            raise forms.ValidationError(str(exc)) from exc


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    form = HarvestSourceForm
    list_display = [
        "base_url",
        "municipality",
        "is_active",
        "interval_hours",
        "last_started",
        "last_finished",
        "last_status",
        "last_counts",
        "last_errors",
        "stale",
    ]
    list_filter = ["is_active", "municipality"]
    list_select_related = ["municipality", "last_run"]
    search_fields = ["base_url", "municipality__name", "councils"]
    fields = [
        "base_url",
        "municipality",
        "councils",
        "since",
        "interval_hours",
        "is_active",
        "next_run_at",
        "last_success_at",
        "recent_runs",
    ]
    readonly_fields = ["last_success_at", "recent_runs"]
    actions = ["harvest_now"]

    @admin.display(description=gettext_lazy("seneste start"), ordering="last_run__started_at")
    def last_started(self, source):
        return _time(source.last_run.started_at) if source.last_run else "–"

    @admin.display(description=gettext_lazy("seneste slut"))
    def last_finished(self, source):
        return _time(source.last_run.finished_at) if source.last_run else "–"

    @admin.display(description=gettext_lazy("status"))
    def last_status(self, source):
        if not source.last_run:
            return _("aldrig kørt")
        return source.last_run.get_status_display()

    @admin.display(description=gettext_lazy("nye / opdaterede / uændrede / fejlede"))
    def last_counts(self, source):
        run = source.last_run
        if not run:
            return "–"
        return (
            f"{run.meetings_new} / {run.meetings_updated} / {run.meetings_unchanged} / "
            f"{run.meetings_failed}"
        )

    @admin.display(description=gettext_lazy("fejl"))
    def last_errors(self, source):
        run = source.last_run
        return _errors(run, ERRORS_IN_LIST) if run and run.errors else "–"

    @admin.display(description=gettext_lazy("forsinket"), boolean=True)
    def stale(self, source):
        return source.is_stale()

    @admin.display(description=gettext_lazy("seneste kørsler"))
    def recent_runs(self, source):
        if source.pk is None:
            return "–"
        runs = list(source.runs.order_by("-started_at")[:RECENT_RUNS])
        if not runs:
            return _("Ingen kørsler endnu.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td></tr>",
            (
                (
                    _time(run.started_at),
                    _time(run.finished_at),
                    run.get_status_display(),
                    run.meetings_new,
                    run.meetings_updated,
                    run.meetings_unchanged,
                    run.meetings_failed,
                    run.requests,
                    _errors(run, len(run.errors)) if run.errors else "–",
                )
                for run in runs
            ),
        )
        head = format_html_join(
            "",
            "<th scope='col'>{}</th>",
            (
                (label,)
                for label in (
                    _("Start"),
                    _("Slut"),
                    _("Status"),
                    _("Nye"),
                    _("Opdaterede"),
                    _("Uændrede"),
                    _("Fejlede"),
                    _("Forespørgsler"),
                    _("Fejl"),
                )
            ),
        )
        return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, rows)

    @admin.action(description=gettext_lazy("Høst de valgte kilder nu"))
    def harvest_now(self, request, queryset):
        sources = list(queryset.filter(is_active=True))
        for source in sources:
            enqueue(source)
        self.message_user(
            request,
            _("%(n)d kilde(r) sat i kø til høst. Status ses i listen, når kørslen er færdig.")
            % {"n": len(sources)},
            messages.SUCCESS,
        )
