"""The people in the minutes: persons, the votes and the participation printed about them.

Person ─< PersonAlias (other printed spellings, after an admin's merge)
AgendaItem ─< Ballot ─< Vote >─ Person (or a party / group as printed)
Meeting ─< Participation >─ Person   (optionally for one AgendaItem, from an Absence)
Absence >─ Person

Ballots, votes and participations are derived: ``councils/people/link.py`` rebuilds them from
the stored decision texts and absences (on import and on every save of a decision or an
absence), so they are never edited by hand; an admin corrects the decision instead. Persons
are never merged automatically: one person per printed name (casefolded, spaces folded), and
an admin merges spellings (``Person.merge_into``, the admin action "Sammenlæg valgte
personer").
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..people.names import MAX_NAME_CHARS, MAX_PARTY_CHARS, name_key, slug_base, sort_key
from ..people.parse import MAX_MOTION_CHARS, MAX_ROLE_CHARS
from .archive import Absence, AgendaItem, Meeting, Municipality
from .querysets import (
    BallotQuerySet,
    ParticipationQuerySet,
    PersonQuerySet,
    VoteQuerySet,
)

__all__ = ["Ballot", "Participation", "Person", "PersonAlias", "Vote"]

MAX_SLUG_CHARS = 100


class Person(models.Model):
    """A person named in the minutes of a municipality, under the name as printed."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="persons", verbose_name=_("kommune")
    )
    name = models.CharField(
        _("navn"),
        max_length=MAX_NAME_CHARS,
        help_text=_(
            "Som trykt i referaterne (mellemrum rettet, partibogstav for sig). Ændres navnet, "
            "huskes det gamle som alternativ stavemåde."
        ),
    )
    name_key = models.CharField(max_length=MAX_NAME_CHARS, editable=False, db_index=True)
    sort_key = models.CharField(max_length=MAX_NAME_CHARS, editable=False, db_index=True)
    party = models.CharField(
        _("parti"),
        max_length=MAX_PARTY_CHARS,
        blank=True,
        help_text=_("Partibogstavet, som det senest er trykt efter navnet."),
    )
    party_printed_at = models.DateTimeField(null=True, blank=True, editable=False)
    slug = models.SlugField(_("kort navn"), max_length=MAX_SLUG_CHARS, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name_key"], name="person_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party})" if self.party else self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:person", kwargs={"slug": self.slug})

    @property
    def public_party(self) -> str:
        """The newest party letter of the person's public rows (needs
        ``Person.objects.with_public_party()``)."""
        p_at = getattr(self, "public_party_p_at", None)
        v_at = getattr(self, "public_party_v_at", None)
        if v_at is not None and (p_at is None or v_at > p_at):
            return self.public_party_v or ""
        return getattr(self, "public_party_p", None) or ""

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        new_key = name_key(self.name)
        if self.pk and self.name_key and self.name_key != new_key:
            # Renamed by an admin: the printed spelling keeps finding this person.
            PersonAlias.objects.get_or_create(
                person=self, name_key=self.name_key, defaults={"name": self._loaded_name()}
            )
        self.name_key = new_key
        self.sort_key = sort_key(self.name)
        if not self.slug:
            self.slug = unique_person_slugs([self.name])[0]
        super().save(*args, **kwargs)

    def _loaded_name(self) -> str:
        stored = Person.objects.filter(pk=self.pk).values_list("name", flat=True).first()
        return stored or self.name

    @transaction.atomic
    def merge_into(self, target: Person) -> Person:
        """Move every vote, participation and absence of this person to ``target`` and delete
        this one. Its name and spellings become spellings of the target (later imports of
        them link to the target), its slug redirects to the target's page."""
        if target.pk == self.pk:
            raise ValueError("A person cannot be merged into itself.")
        if target.municipality_id != self.municipality_id:
            raise ValueError("Persons of different municipalities cannot be merged.")
        Vote.objects.filter(person=self).update(person=target)
        Participation.objects.filter(person=self).update(person=target)
        Absence.objects.filter(person=self).update(person=target)
        taken = set(target.aliases.values_list("name_key", flat=True)) | {target.name_key}
        for alias in self.aliases.all():
            if alias.name_key in taken:
                alias.delete()
            else:
                alias.person = target
                alias.save()
                taken.add(alias.name_key)
        PersonAlias.objects.create(
            person=target,
            name=self.name,
            name_key=self.name_key if self.name_key not in taken else "",
            slug=self.slug,
        )
        if not target.party and self.party:
            target.party, target.party_printed_at = self.party, self.party_printed_at
            target.save(update_fields=["party", "party_printed_at"])
        self.delete()
        return target


def unique_person_slugs(names: list[str]) -> list[str]:
    """A free slug for each name (in order, distinct from each other), "-2", "-3" … added
    where a person or an old slug (PersonAlias.slug) already has it."""
    bases = [slug_base(n) for n in names]
    if not bases:
        return []
    condition = Q()
    for base in set(bases):
        condition |= Q(slug__startswith=base)
    taken = set(Person.objects.filter(condition).values_list("slug", flat=True))
    taken |= set(PersonAlias.objects.filter(condition).values_list("slug", flat=True))
    out = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out


class PersonAlias(models.Model):
    """Another printed spelling of a person (kept when persons are merged or renamed), and the
    slug a merged person had (its old URL redirects)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("person")
    )
    name = models.CharField(_("navn som trykt"), max_length=MAX_NAME_CHARS)
    name_key = models.CharField(max_length=MAX_NAME_CHARS, editable=False, db_index=True)
    slug = models.SlugField(
        _("tidligere kort navn"), max_length=MAX_SLUG_CHARS, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("anden stavemåde")
        verbose_name_plural = _("andre stavemåder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ballot(models.Model):
    """A vote on an agenda point (afstemning), as the decision prints it."""

    class Result(models.TextChoices):
        VEDTAGET = "vedtaget", _("vedtaget")
        FORKASTET = "forkastet", _("forkastet")
        UKENDT = "", _("ikke oplyst")

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("dagsordenspunkt"),
    )
    order = models.PositiveIntegerField(_("rækkefølge"))
    motion = models.CharField(
        _("stemt om"),
        max_length=MAX_MOTION_CHARS,
        blank=True,
        help_text=_("Hvad der blev stemt om, som trykt (fx “Ændringsforslaget”)."),
    )
    result = models.CharField(_("udfald"), max_length=10, choices=Result.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("stemmer for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("stemmer imod"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(
        _("undlod at stemme"), null=True, blank=True
    )
    unanimous = models.BooleanField(_("enstemmigt"), default=False)
    text = models.TextField(_("som trykt"), blank=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("afstemning")
        verbose_name_plural = _("afstemninger")
        ordering = ["agenda_item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "order"], name="ballot_unique_order"),
        ]

    def __str__(self) -> str:
        return self.motion or str(_("Afstemning"))

    @property
    def has_counts(self) -> bool:
        return any(c is not None for c in (self.votes_for, self.votes_against, self.votes_abstain))


class Vote(models.Model):
    """How a person, a party or a group voted in a ballot (or the position it took)."""

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        IMOD = "imod", _("imod")
        UNDLOD = "undlod", _("undlod at stemme")
        FORBEHOLD = "forbehold", _("tog forbehold")

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="votes", verbose_name=_("afstemning")
    )
    order = models.PositiveIntegerField(_("rækkefølge"))
    choice = models.CharField(_("stemme"), max_length=10, choices=Choice.choices)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
        verbose_name=_("person"),
    )
    name = models.CharField(_("navn som trykt"), max_length=MAX_NAME_CHARS, blank=True)
    group = models.CharField(
        _("parti eller gruppe"),
        max_length=MAX_NAME_CHARS,
        blank=True,
        help_text=_("Når en gruppe stemte: dens navn, som trykt."),
    )
    party = models.CharField(_("parti"), max_length=MAX_PARTY_CHARS, blank=True)
    motion = models.CharField(_("om"), max_length=MAX_MOTION_CHARS, blank=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("stemme")
        verbose_name_plural = _("stemmer")
        ordering = ["ballot", "order"]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_choice_display()}"

    @property
    def label(self) -> str:
        main = self.name or self.group
        if main and self.party and self.party not in main.split():
            return f"{main} ({self.party})"
        return main or self.party


class Participation(models.Model):
    """Whether a person took part in a point (or the whole meeting), as the minutes print it:
    an absence, or a sentence such as "X deltog ikke i sagens behandling"."""

    class Kind(models.TextChoices):
        FRAVAERENDE = "fravaerende", _("fraværende")
        AFBUD = "afbud", _("meldt afbud")
        DELTOG_IKKE = "deltog_ikke", _("deltog ikke")
        FORLOD = "forlod", _("forlod mødet")
        INHABIL = "inhabil", _("inhabil")
        DELTOG = "deltog", _("deltog")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", verbose_name=_("møde")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("dagsordenspunkt"),
        help_text=_("Tom, hvis det gælder hele mødet."),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("navn som trykt"), max_length=MAX_NAME_CHARS)
    party = models.CharField(_("parti"), max_length=MAX_PARTY_CHARS, blank=True)
    role = models.CharField(_("rolle"), max_length=MAX_ROLE_CHARS, blank=True)
    sentence = models.TextField(_("som trykt"), blank=True)
    absence = models.ForeignKey(
        Absence,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("fravær"),
        help_text=_("Fraværet i referatet, som rækken stammer fra."),
    )
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("deltagelse")
        verbose_name_plural = _("deltagelse")
        ordering = ["meeting", "agenda_item", "order"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_kind_display()}"
