"""Harvesting from municipal portals (``councils.harvest``): what to harvest, how it went, and
what was fetched.

- ``HarvestSource``: a portal (FirstAgenda Publication base URL), the municipality its
  meetings belong to, which councils to take (all when empty), how often; administered by
  superusers only (no group holds a permission on it).
- ``HarvestRun``: one run of a source (or of ``manage.py harvest_firstagenda``): start, end,
  status, counts and the errors of the meetings that failed, each by its portal id.
- ``HarvestedMeeting``: one meeting of a portal as last fetched (portal id, its release
  marker from the committee list, the SourceDocument its JSON became): what makes a harvest
  incremental. It points at the source document, not the meeting: the meeting is the source's
  (``SourceDocument.meetings``), and a correction keeps the same meeting row.
"""

from __future__ import annotations

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A source is "forsinket" (stalled) when its last successful run is older than this many
# intervals (or it never had one and was created longer ago than that).
STALE_AFTER_INTERVALS = 2


class HarvestSource(models.Model):
    base_url = models.URLField(
        _("portalens adresse"),
        max_length=300,
        unique=True,
        help_text=_("Forsiden af FirstAgenda Publication, fx https://dagsordener.randers.dk/"),
    )
    municipality = models.ForeignKey(
        "councils.Municipality",
        on_delete=models.PROTECT,
        related_name="harvest_sources",
        verbose_name=_("kommune"),
    )
    councils = models.TextField(
        _("udvalg"),
        blank=True,
        help_text=_("Ét udvalgsnavn pr. linje, som portalen skriver det. Tom: alle udvalg."),
    )
    since = models.DateField(
        _("møder fra"),
        null=True,
        blank=True,
        help_text=_("Høst kun møder fra denne dato. Tom: alle møder på portalen."),
    )
    interval_hours = models.PositiveIntegerField(
        _("interval (timer)"),
        default=6,
        validators=[MinValueValidator(1, _("Høst højst én gang i timen (mindst 1)."))],
        help_text=_("Hvor ofte portalen høstes."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    # Set when a run is enqueued: the schedule enqueues a source again from then on.
    next_run_at = models.DateTimeField(_("næste høst"), null=True, blank=True)
    last_run = models.ForeignKey(
        "HarvestRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("seneste kørsel"),
        editable=False,
    )
    last_success_at = models.DateTimeField(
        _("seneste vellykkede høst"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("høstkilde")
        verbose_name_plural = _("høstkilder")
        ordering = ["municipality__name", "base_url"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_hours__gte=1), name="harvest_interval_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.base_url})"

    @property
    def interval(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.interval_hours)

    def council_names(self) -> list[str]:
        return [line.strip() for line in self.councils.splitlines() if line.strip()]

    def is_stale(self, now: datetime.datetime | None = None) -> bool:
        """No successful run for more than STALE_AFTER_INTERVALS intervals ("forsinket")."""
        if not self.is_active:
            return False
        now = now or timezone.now()
        since = self.last_success_at or self.created_at
        return since is not None and now - since > STALE_AFTER_INTERVALS * self.interval

    def is_due(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_active and (self.next_run_at is None or self.next_run_at <= now)


class HarvestRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("kører")
        OK = "ok", _("ok")
        PARTIAL = "partial", _("delvist (nogle møder fejlede)")
        FAILED = "failed", _("fejlet")

    source = models.ForeignKey(
        HarvestSource,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="runs",
        verbose_name=_("høstkilde"),
    )
    base_url = models.URLField(_("portalens adresse"), max_length=300)
    started_at = models.DateTimeField(_("startet"), default=timezone.now)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    meetings_new = models.PositiveIntegerField(_("nye møder"), default=0)
    meetings_updated = models.PositiveIntegerField(_("opdaterede møder"), default=0)
    meetings_unchanged = models.PositiveIntegerField(_("uændrede møder"), default=0)
    meetings_failed = models.PositiveIntegerField(_("fejlede møder"), default=0)
    meetings_skipped = models.PositiveIntegerField(_("sprunget over"), default=0)
    requests = models.PositiveIntegerField(_("forespørgsler"), default=0)
    # [{"meeting": "<portal id>", "message": "…"}]; a failed run has one entry without id.
    errors = models.JSONField(_("fejl"), default=list, blank=True)

    class Meta:
        verbose_name = _("høstkørsel")
        verbose_name_plural = _("høstkørsler")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "-started_at"], name="harvestrun_source")]

    def __str__(self) -> str:
        return f"{self.base_url} {self.started_at:%Y-%m-%d %H:%M}"


class HarvestedMeeting(models.Model):
    base_url = models.URLField(_("portalens adresse"), max_length=300)
    portal_id = models.CharField(_("portalens møde-id"), max_length=64)
    committee_id = models.CharField(_("portalens udvalgs-id"), max_length=64, blank=True)
    committee_name = models.CharField(_("udvalg som på portalen"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=10)  # Meeting.Kind value
    start = models.DateTimeField(_("mødestart"))
    # What the committee list says about the meeting (release date, name, date): a change
    # means the meeting was (re)released and is fetched again.
    marker = models.CharField(_("udgivelsesmærke"), max_length=300)
    source_document = models.ForeignKey(
        "councils.SourceDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kildedokument"),
    )
    # {portal bilag id: sha256 of the stored file}: a bilag seen before is not fetched again.
    bilag = models.JSONField(_("bilag"), default=dict, blank=True)
    harvested_at = models.DateTimeField(_("høstet"), default=timezone.now)

    class Meta:
        verbose_name = _("høstet møde")
        verbose_name_plural = _("høstede møder")
        constraints = [
            models.UniqueConstraint(fields=["base_url", "portal_id"], name="harvested_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.base_url} {self.portal_id}"
