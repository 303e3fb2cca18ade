"""The archive: what Danish council minutes (referater) really contain.

Municipality ─< Council ─< Meeting ─< AgendaItem ─< Section / Attachment / PriorDecision / Absence
Case ─< AgendaItem (the case's timeline);  SourceDocument ─ Meeting
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..journal import (
    MAX_CASE_NUMBER_CHARS,
    CaseNumber,
    InvalidCaseNumber,
    parse_case_number,
)
from ..signals import councils_merged
from .querysets import (
    AbsenceQuerySet,
    AgendaItemQuerySet,
    AttachmentQuerySet,
    CaseQuerySet,
    CouncilQuerySet,
    MeetingQuerySet,
    MeetingStatus,
    PriorDecisionQuerySet,
    SectionQuerySet,
    SourceDocumentQuerySet,
    meeting_is_public,
    normalize_council_name,
)

__all__ = [
    "Absence",
    "AgendaItem",
    "Attachment",
    "Case",
    "CaseScheme",
    "Council",
    "CouncilAlias",
    "Meeting",
    "Municipality",
    "PriorDecision",
    "Section",
    "SourceDocument",
    "attachment_upload_to",
    "normalize_council_name",
    "source_upload_to",
]


class Municipality(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kort navn"), max_length=100, unique=True)
    is_sample = models.BooleanField(
        _("eksempeldata"),
        default=False,
        help_text=_(
            "Genererede eksempeldata (make run): hver side med kommunens møder viser "
            "“Eksempeldata”."
        ),
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    class Kind(models.TextChoices):
        BYRAAD = "byraad", _("byråd")
        UDVALG = "udvalg", _("udvalg")
        RAAD = "raad", _("råd")
        ANDET = "andet", _("andet")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="councils",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(_("kort navn"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.UDVALG)
    is_active = models.BooleanField(
        _("aktivt"), default=True, help_text=_("Fjern markeringen for nedlagte udvalg og råd.")
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        verbose_name = _("udvalg eller råd")
        verbose_name_plural = _("udvalg og råd")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="council_unique_slug"),
            models.UniqueConstraint(
                fields=["municipality", "name_key"], name="council_unique_name"
            ),
        ]
        # The public URLs name a council by slug alone (/udvalg/<slug>/).
        indexes = [models.Index(fields=["slug"], name="council_slug")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_council_name(self.name)
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def unique_slug(self) -> str:
        """A slug from the name (æ→ae, ø→oe, å→aa), at most 100 characters, with "-2", "-3" …
        added when another council of the municipality has it ("Byrådet" and "Byraadet")."""
        folded = self.name.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
        base = slugify(folded)[:90].strip("-") or "udvalg"
        taken = set(
            Council.objects.filter(municipality_id=self.municipality_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def get_absolute_url(self) -> str:
        return reverse("councils:council", kwargs={"council": self.slug})

    @transaction.atomic
    def merge_into(self, target: Council) -> Council:
        """Move everything of this council to ``target`` and delete this one.

        This council's name and aliases become aliases of the target, so printed names keep
        resolving. Meetings that would collide (same start) make the merge fail unchanged.
        """
        if target.pk == self.pk:
            raise ValueError("A council cannot be merged into itself.")
        if target.municipality_id != self.municipality_id:
            raise ValueError("Councils of different municipalities cannot be merged.")
        clashes = target.meetings.filter(start__in=self.meetings.values("start"))
        if clashes.exists():
            raise ValueError(
                f"Both councils have a meeting at {clashes.first().start:%Y-%m-%d %H:%M}; "
                "delete or move one of them before merging."
            )
        self.meetings.update(council=target)
        # .update() sends no signals: rows of other apps that point at this council (the
        # search index) move on this signal, before this council is deleted.
        councils_merged.send(sender=Council, source=self, target=target)
        PriorDecision.objects.filter(council=self).update(council=target)
        for alias in self.aliases.all():
            if not target.aliases.filter(name_key=alias.name_key).exists():
                alias.council = target
                alias.save()
        if (
            self.name_key != target.name_key
            and not target.aliases.filter(name_key=self.name_key).exists()
        ):
            CouncilAlias.objects.create(council=target, name=self.name)
        self.aliases.all().delete()
        self.delete()
        return target


class CouncilAlias(models.Model):
    """Another printed name of a council, e.g. "Socialudvalget 2015 - 2021"."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("udvalg")
    )
    name = models.CharField(_("navn som trykt"), max_length=300)
    name_key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = _("alternativt navn")
        verbose_name_plural = _("alternative navne")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name_key"], name="alias_unique_per_council"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalize_council_name(self.name)
        super().save(*args, **kwargs)


def source_upload_to(instance: SourceDocument, filename: str) -> str:
    # Files are stored under their content hash, never under the uploaded name.
    ext = instance.format or "bin"
    return f"kilder/{instance.sha256[:2]}/{instance.sha256}.{ext}"


class SourceDocument(models.Model):
    """An uploaded or imported referat file, kept unchanged so nothing is ever lost."""

    class Format(models.TextChoices):
        TXT = "txt", _("tekst")
        MD = "md", _("Markdown")
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word (DOCX)")
        HTML = "html", _("HTML-side")
        JSON = "json", _("portaldata (JSON)")

    file = models.FileField(_("fil"), upload_to=source_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=255)
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_documents",
        verbose_name=_("uploadet af"),
    )
    uploaded_at = models.DateTimeField(_("uploadet"), auto_now_add=True)
    imported_at = models.DateTimeField(_("importeret"), null=True, blank=True)
    importer_version = models.CharField(_("importversion"), max_length=20, blank=True)
    parse_warnings = models.JSONField(_("advarsler fra indlæsningen"), default=list, blank=True)
    error = models.TextField(
        _("fejl"),
        blank=True,
        help_text=_("Hvorfor filen ikke kunne indlæses, hvis den ikke kunne."),
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        verbose_name=_("erstattet af"),
    )

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kildedokument")
        verbose_name_plural = _("kildedokumenter")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="source_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Meeting(models.Model):
    class Kind(models.TextChoices):
        DAGSORDEN = "dagsorden", _("dagsorden")
        REFERAT = "referat", _("referat")

    Status = MeetingStatus  # defined with the public rule (querysets.py)

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("udvalg")
    )
    start = models.DateTimeField(_("mødestart"))
    location = models.CharField(_("mødested"), max_length=500, blank=True)
    printed_council_name = models.CharField(_("udvalgets navn som trykt"), max_length=300)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.REFERAT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    source_document = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("kildedokument"),
    )
    published_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["council", "start"], name="meeting_unique_start"),
        ]
        indexes = [
            models.Index(fields=["status", "-start"], name="meeting_status_start"),
            # A council's page (one year) and its meeting pages (a day) read by these.
            models.Index(fields=["council", "status", "start"], name="meeting_council_status"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.start:%d.%m.%Y}"

    @property
    def is_published(self) -> bool:
        return meeting_is_public(self)

    def get_absolute_url(self) -> str:
        from django.utils import timezone

        return reverse(
            "councils:meeting",
            kwargs={"council": self.council.slug, "date": timezone.localdate(self.start)},
        )


class CaseScheme(models.TextChoices):
    """The case-management system a case number comes from (``journal.CASE_NUMBER_SCHEMES``)."""

    KLE = "kle", _("KLE-journalnummer")
    GETORGANIZED = "getorganized", _("GetOrganized-sagsnummer")
    AARSTAL = "aarstal", _("sagsnummer (år/løbenummer)")
    LOEBENUMMER = "loebenummer", _("sagsnummer (løbenummer)")
    ANDET = "andet", _("andet sagsnummer")


class Case(models.Model):
    """A case (sag) identified by its journal number; its agenda items form a timeline."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name=_("kommune")
    )
    number = models.CharField(
        _("sagsnummer"),
        max_length=MAX_CASE_NUMBER_CHARS,
        help_text=_(
            "Som trykt: KLE-journalnummer (27.15.00-A08-1-21), GetOrganized (EMN-2025-003383) "
            "eller et andet systems sagsnummer."
        ),
    )
    scheme = models.CharField(
        _("nummersystem"),
        max_length=20,
        choices=CaseScheme.choices,
        default=CaseScheme.KLE,
        editable=False,
    )
    # The parts of a KLE journal number; blank for other systems' numbers.
    kle_subject = models.CharField(_("KLE-emne"), max_length=8, blank=True, db_index=True)
    action_facet = models.CharField(_("handlingsfacet"), max_length=3, blank=True)
    serial = models.PositiveIntegerField(_("løbenummer"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("årgang"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="case_unique_number"),
        ]
        # The public URLs name a case by number alone (/sager/<number>/).
        indexes = [models.Index(fields=["number"], name="case_number")]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.fill_parts()
        except InvalidCaseNumber as exc:
            raise ValidationError({"number": str(exc)}) from exc

    @staticmethod
    def fields_for(parsed: CaseNumber) -> dict:
        """The column values of a parsed case number (KLE parts blank for other systems)."""
        journal = parsed.journal
        return {
            "number": parsed.number,
            "scheme": parsed.scheme,
            "kle_subject": journal.subject if journal else "",
            "action_facet": journal.facet if journal else "",
            "serial": journal.serial if journal else None,
            "year": journal.year if journal else None,
        }

    def fill_parts(self) -> None:
        for name, value in self.fields_for(parse_case_number(self.number)).items():
            setattr(self, name, value)

    def save(self, *args, **kwargs):
        self.fill_parts()
        super().save(*args, **kwargs)

    @classmethod
    def get_or_create_for(cls, municipality, number: str) -> Case:
        fields = cls.fields_for(parse_case_number(number))
        case, _created = cls.objects.get_or_create(
            municipality=municipality, number=fields.pop("number"), defaults=fields
        )
        return case

    @property
    def is_kle(self) -> bool:
        return self.scheme == CaseScheme.KLE

    @property
    def kle_url(self) -> str:
        """kle-online.dk's page of the KLE subject ("" for other systems' numbers)."""
        return parse_case_number(self.number).kle_url if self.is_kle else ""

    @property
    def scheme_label(self) -> str:
        return self.get_scheme_display()

    def get_absolute_url(self) -> str:
        return reverse("councils:case", kwargs={"number": self.number})

    def timeline(self):
        """Public agenda items of this case across meetings and councils, oldest first."""
        return AgendaItem.objects.public().open().filter(case=self).in_timeline_order()


class AgendaItem(models.Model):
    class Outcome(models.TextChoices):
        GODKENDT = "godkendt", _("godkendt")
        TILTRAADT = "tiltraadt", _("tiltrådt")
        EFTERRETNING = "efterretning", _("taget til efterretning")
        DROEFTET = "droeftet", _("drøftet")
        UDSAT = "udsat", _("udsat")
        FORKASTET = "forkastet", _("forkastet")
        ANDET = "andet", _("andet")
        INGEN = "", _("ingen beslutning")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møde")
    )
    number = models.PositiveIntegerField(_("punktnummer"))
    position = models.PositiveIntegerField(_("rækkefølge"))
    title = models.TextField(_("titel"))
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        verbose_name=_("sag"),
    )
    is_closed = models.BooleanField(
        _("lukket punkt"),
        default=False,
        help_text=_("Lukkede punkter vises kun med nummer og ordene “Lukket punkt”."),
    )
    decision = models.TextField(_("beslutning"), blank=True)
    decision_outcome = models.CharField(
        _("beslutningens udfald"),
        max_length=15,
        choices=Outcome.choices,
        blank=True,
        db_index=True,
    )

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    # True on a closed point read through AgendaItem.objects.public(): blanked in memory,
    # never to be saved (see querysets.redact_closed_point).
    is_redacted = False

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_unique_number"),
            models.UniqueConstraint(fields=["meeting", "position"], name="item_unique_position"),
        ]
        # A case's timeline (case page, a point's "Sagens forløb") reads its points by case.
        indexes = [models.Index(fields=["case", "meeting"], name="item_case_meeting")]

    def __str__(self) -> str:
        if self.is_closed:
            return f"Punkt {self.number}: Lukket punkt"
        return f"Punkt {self.number}: {self.title}"

    def save(self, *args, **kwargs):
        if self.is_redacted:
            raise ValueError(
                "This agenda point was read through AgendaItem.objects.public() and is "
                "redacted (a closed point); saving it would overwrite its content. Read it "
                "with AgendaItem.objects.get(pk=…) to change it."
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.utils import timezone

        return reverse(
            "councils:item",
            kwargs={
                "council": self.meeting.council.slug,
                "date": timezone.localdate(self.meeting.start),
                "number": self.number,
            },
        )


class Section(models.Model):
    class Kind(models.TextChoices):
        RESUME = "resume", _("resumé")
        INDSTILLING = "indstilling", _("indstilling")
        BESLUTNING = "beslutning", _("beslutning")
        SAGSFREMSTILLING = "sagsfremstilling", _("sagsfremstilling")
        OEKONOMI = "oekonomi", _("økonomi")
        VIDERE_PROCES = "videre_proces", _("videre proces")
        ANDET = "andet", _("andet")

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("dagsordenspunkt"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    heading = models.CharField(_("overskrift som trykt"), max_length=500, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    order = models.PositiveIntegerField(_("rækkefølge"))

    history = HistoricalRecords()
    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["agenda_item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "order"], name="section_unique_order"),
        ]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    # Never the uploaded name: the content hash (filled in by save()), else a random name.
    import uuid

    key = instance.sha256 or uuid.uuid4().hex
    return f"bilag/{key[:2]}/{key}"


def next_bilag_number(agenda_item_id) -> int:
    """One more than the highest number a bilag of the point has (1 for the first)."""
    highest = Attachment.objects.filter(agenda_item_id=agenda_item_id).aggregate(
        n=models.Max("number")
    )["n"]
    return (highest or 0) + 1


class Attachment(models.Model):
    """A bilag: its printed title, and the file when one has been uploaded."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("dagsordenspunkt"),
    )
    title = models.CharField(_("titel"), max_length=500)
    order = models.PositiveIntegerField(_("rækkefølge"))
    # The public address (…/bilag-<number>/): given once, when the bilag is created (the next
    # free number on its point), and never changed or reused — a corrected referat that
    # inserts a bilag before it changes its ``order``, not its address.
    number = models.PositiveIntegerField(_("bilagsnummer"), editable=False)
    file = models.FileField(_("fil"), upload_to=attachment_upload_to, blank=True, max_length=300)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=255, blank=True)
    content_type = models.CharField(_("indholdstype"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("størrelse (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    extracted_text = models.TextField(_("udtrukket tekst"), blank=True)

    history = HistoricalRecords()
    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        ordering = ["agenda_item", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "order"], name="attachment_unique_order"
            ),
            models.UniqueConstraint(
                fields=["agenda_item", "number"], name="attachment_unique_number"
            ),
        ]

    def save(self, *args, **kwargs):
        if self.number is None:  # a bilag added one by one (the admin): the next number
            self.number = next_bilag_number(self.agenda_item_id)
        # A file added in the admin: fill in hash, size and type before upload_to needs them.
        if self.file and not self.file._committed:
            self.fill_file_facts()
        super().save(*args, **kwargs)

    def fill_file_facts(self) -> None:
        """Hash, size and content type of a new file; refuses files over the upload limit."""
        import hashlib
        import mimetypes

        from django.core.exceptions import ValidationError

        limit = settings.REFERATER_MAX_UPLOAD_BYTES
        if self.file.size > limit:
            raise ValidationError(
                _("Filen er større end grænsen på %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            )
        digest = hashlib.sha256()
        for chunk in self.file.chunks():
            digest.update(chunk)
        self.sha256 = digest.hexdigest()
        self.size = self.file.size
        self.original_name = self.original_name or self.file.name.rsplit("/", 1)[-1][-255:]
        if not self.content_type:
            guessed, _encoding = mimetypes.guess_type(self.original_name)
            self.content_type = guessed or "application/octet-stream"

    def clean(self):
        if self.file and not self.file._committed:
            self.fill_file_facts()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The file's public address on its point, ``…/punkt-<n>/bilag-<nr>/`` (nr: its
        ``number``, fixed when it was created). ``/bilag/<id>/`` redirects here."""
        from django.utils import timezone

        item = self.agenda_item
        return reverse(
            "councils:attachment",
            kwargs={
                "council": item.meeting.council.slug,
                "date": timezone.localdate(item.meeting.start),
                "number": item.number,
                "nr": self.number,
            },
        )


class PriorDecision(models.Model):
    """A decision by another (or the same) committee on the same point, printed in the minutes.

    E.g. "Beskæftigelsesudvalget, 10. marts 2015, pkt. 25: Orienteringen taget til efterretning."
    """

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="prior_decisions",
        verbose_name=_("dagsordenspunkt"),
    )
    council_name = models.CharField(_("udvalg som trykt"), max_length=300)
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("udvalg"),
    )
    date = models.DateField(_("dato"), null=True, blank=True)
    item_number = models.PositiveIntegerField(_("punktnummer"), null=True, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    heading = models.CharField(_("overskrift som trykt"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("rækkefølge"))
    matched_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referenced_by",
        verbose_name=_("punkt i arkivet"),
    )

    objects = PriorDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslutning i andet udvalg")
        verbose_name_plural = _("beslutninger i andre udvalg")
        ordering = ["agenda_item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "order"], name="prior_unique_order"),
        ]

    def __str__(self) -> str:
        date = f"{self.date:%d.%m.%Y}" if self.date else "?"
        return f"{self.council_name}, {date}, pkt. {self.item_number or '?'}"


class Absence(models.Model):
    """A member absent from a meeting or a single point ("Fraværende:" / "Afbud:")."""

    class Kind(models.TextChoices):
        FRAVAERENDE = "fravaerende", _("fraværende")
        AFBUD = "afbud", _("afbud")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="absences", verbose_name=_("møde")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("dagsordenspunkt"),
        help_text=_("Tom, hvis fraværet gælder hele mødet."),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=12, choices=Kind.choices, default=Kind.FRAVAERENDE
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)
    # The person of this name (councils/people/link.py sets it; models/people.py).
    person = models.ForeignKey(
        "councils.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absences",
        verbose_name=_("person"),
    )

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("fravær")
        verbose_name_plural = _("fravær")
        ordering = ["meeting", "agenda_item", "order"]
        indexes = [models.Index(fields=["name"], name="absence_name")]

    def __str__(self) -> str:
        return self.name
