"""The staff workflow: secretaries' councils, uploads kept as draft revisions, corrections."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .archive import AgendaItem, Council, Meeting, SourceDocument
from .querysets import DecisionCorrectionQuerySet

__all__ = [
    "CouncilMembership",
    "DecisionCorrection",
    "Upload",
    "UploadedBilag",
    "upload_file_to",
    "uploaded_bilag_to",
]


class CouncilMembership(models.Model):
    """A secretary (or other staff user) who may upload and publish referater for a council."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="council_memberships",
        verbose_name=_("bruger"),
    )
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("udvalg")
    )

    class Meta:
        verbose_name = _("sekretær for udvalg")
        verbose_name_plural = _("sekretærer for udvalg")
        ordering = ["council__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.council}"


def upload_file_to(instance: Upload, filename: str) -> str:
    # Never the uploaded name: a generated one, with the extension of the detected format.
    return f"indsendt/{instance.token.hex[:2]}/{instance.token.hex}.{instance.format or 'bin'}"


class Upload(models.Model):
    """A referat file a secretary sent, kept with its parse result (the draft) or its error.

    The draft lives here (``parsed``), not as a Meeting row, so a revision of a published
    meeting never touches the public site before it is published.
    """

    class Status(models.TextChoices):
        PROCESSING = "processing", _("under behandling")
        FAILED = "failed", _("fejlet")
        DRAFT = "draft", _("kladde")
        PUBLISHED = "published", _("offentliggjort")
        DISCARDED = "discarded", _("kasseret")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="uploads", verbose_name=_("udvalg")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
        verbose_name=_("uploadet af"),
    )
    file = models.FileField(_("fil"), upload_to=upload_file_to, max_length=300)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=5, choices=SourceDocument.Format.choices)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    error = models.TextField(_("fejl"), blank=True)
    error_code = models.CharField(_("fejlkode"), max_length=50, blank=True)
    parsed = models.JSONField(_("indlæst møde"), null=True, blank=True)
    warnings = models.JSONField(_("advarsler"), default=list, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
        verbose_name=_("møde"),
        help_text=_("Det offentliggjorte møde, som filen erstatter eller blev til."),
    )
    source_document = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
        verbose_name=_("kildedokument"),
    )
    resolutions = models.JSONField(_("valg ved konflikter"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploadet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offentliggjort af"),
    )

    class Meta:
        verbose_name = _("indsendt referat")
        verbose_name_plural = _("indsendte referater")
        ordering = ["-created_at", "-pk"]
        permissions = [("publish_upload", _("Kan offentliggøre indsendte referater"))]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.council})"


def uploaded_bilag_to(instance: UploadedBilag, filename: str) -> str:
    return f"indsendt/bilag/{instance.token.hex[:2]}/{instance.token.hex}.{instance.format}"


class UploadedBilag(models.Model):
    """A bilag file sent with a referat, matched to a bilag title by its name."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    upload = models.ForeignKey(
        Upload, on_delete=models.CASCADE, related_name="bilag", verbose_name=_("indsendt referat")
    )
    file = models.FileField(_("fil"), upload_to=uploaded_bilag_to, max_length=300)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=5, choices=SourceDocument.Format.choices)
    content_type = models.CharField(_("indholdstype"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    extracted_text = models.TextField(_("udtrukket tekst"), blank=True)
    error = models.TextField(_("fejl"), blank=True)
    item_number = models.PositiveIntegerField(_("punktnummer"), null=True, blank=True)
    attachment_title = models.CharField(_("bilagstitel"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("indsendt bilag")
        verbose_name_plural = _("indsendte bilag")
        ordering = ["upload", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DecisionCorrection(models.Model):
    """A published decision that was changed after publication: the record behind "Rettet"."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("dagsordenspunkt"),
    )
    previous_decision = models.TextField(_("tidligere ordlyd"), blank=True)
    previous_outcome = models.CharField(
        _("tidligere udfald"), max_length=15, choices=AgendaItem.Outcome.choices, blank=True
    )
    new_decision = models.TextField(_("ny ordlyd"), blank=True)
    new_outcome = models.CharField(
        _("nyt udfald"), max_length=15, choices=AgendaItem.Outcome.choices, blank=True
    )
    corrected_at = models.DateTimeField(_("rettet"), default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rettet af"),
    )
    reason = models.CharField(
        _("begrundelse"),
        max_length=300,
        blank=True,
        help_text=_("Vises offentligt ved “Rettet”."),
    )
    cleared_at = models.DateTimeField(
        _("fjernet fra den offentlige side"),
        null=True,
        blank=True,
        help_text=_(
            "Sat, når beslutningen er gendannet til den offentliggjorte ordlyd: rettelsen "
            "vises ikke længere offentligt, men historikken beholder den."
        ),
    )

    objects = DecisionCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rettelse af beslutning")
        verbose_name_plural = _("rettelser af beslutninger")
        ordering = ["agenda_item", "corrected_at", "pk"]

    def __str__(self) -> str:
        return f"{self.agenda_item} rettet {self.corrected_at:%d.%m.%Y}"
