"""E-mail alerts: who follows what, and what they were sent.

GDPR: a subscription stores only the address, what it follows (a council, a case or a search)
and when it was confirmed. Nothing is stored before the address is confirmed (the confirmation
link carries the request, signed). A delivery record says which point of which meeting (in
which wording) was mailed to a subscription, so a re-run or a re-publish of the same content
sends nothing again; it is deleted with the subscription.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .archive import Case, Council

__all__ = ["AlertDelivery", "Subscription"]

# Longest /soeg/ query string a search subscription keeps.
MAX_SEARCH_QUERY_LENGTH = 1000


class Subscription(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "udvalg", _("udvalg eller råd")
        CASE = "sag", _("sag")
        SEARCH = "soegning", _("søgning")

    email = models.EmailField(_("e-mailadresse"), db_index=True)
    kind = models.CharField(_("følger"), max_length=10, choices=Kind.choices)
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("udvalg"),
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("sag"),
    )
    search_query = models.CharField(
        _("søgning"),
        max_length=MAX_SEARCH_QUERY_LENGTH,
        blank=True,
        help_text=_("Søgesidens forespørgsel (query string), fx q=hjemløse&udvalg=byraadet."),
    )
    confirmed_at = models.DateTimeField(_("bekræftet"))

    class Meta:
        verbose_name = _("abonnement på e-mail")
        verbose_name_plural = _("abonnementer på e-mail")
        ordering = ["email", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="udvalg", council__isnull=False, case__isnull=True, search_query="")
                    | Q(kind="sag", council__isnull=True, case__isnull=False, search_query="")
                    | (
                        Q(kind="soegning", council__isnull=True, case__isnull=True)
                        & ~Q(search_query="")
                    )
                ),
                name="subscription_follows_one_thing",
            ),
            models.UniqueConstraint(
                fields=["email", "council"],
                condition=Q(kind="udvalg"),
                name="subscription_unique_council",
            ),
            models.UniqueConstraint(
                fields=["email", "case"], condition=Q(kind="sag"), name="subscription_unique_case"
            ),
            models.UniqueConstraint(
                fields=["email", "search_query"],
                condition=Q(kind="soegning"),
                name="subscription_unique_search",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.describe()}"

    def describe(self) -> str:
        """What it follows, in words (Danish, translatable)."""
        from urllib.parse import parse_qs

        if self.kind == self.Kind.COUNCIL:
            return self.council.name
        if self.kind == self.Kind.CASE:
            return str(_("sag %(number)s") % {"number": self.case.number})
        words = " ".join(parse_qs(self.search_query).get("q", [])).strip()
        if words:
            return str(_("søgningen “%(q)s”") % {"q": words})
        return str(_("en søgning med afgrænsninger"))


class AlertDelivery(models.Model):
    """One point (in one wording) mailed to one subscription."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # sha256 of (meeting id, point number, title, decision): the same content is never sent
    # twice, a changed decision is.
    key = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sendt e-mail om nyt")
        verbose_name_plural = _("sendte e-mails om nyt")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="delivery_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.key[:12]}"
