"""QuerySets of the archive models (their managers are ``<QuerySet>.as_manager()``).

``Meeting.objects.published()`` and ``AgendaItem.objects.public()`` decide what the public
may see. Model classes are reached through ``self.model`` (this module is imported by
``archive.py``, so it cannot import the models).
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q


def normalize_council_name(name: str) -> str:
    """The key used to match printed council names and aliases: case and spacing folded."""
    return re.sub(r"\s+", " ", (name or "").strip()).casefold()


class CouncilQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def active(self):
        return self.filter(is_active=True)

    def resolve(self, municipality, printed_name: str):
        """The council a printed name refers to (its name or one of its aliases), or None."""
        key = normalize_council_name(printed_name)
        if not key:
            return None
        return (
            self.filter(municipality=municipality)
            .filter(Q(name_key=key) | Q(aliases__name_key=key))
            .distinct()
            .first()
        )


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def for_council(self, council):
        return self.filter(council=council)

    def in_year(self, year: int):
        return self.filter(start__year=year)


class CaseQuerySet(models.QuerySet):
    def by_number(self, number: str):
        return self.filter(number=(number or "").strip())


class AgendaItemQuerySet(models.QuerySet):
    def public(self):
        """The one rule: items of published meetings. Closed items are included (their number
        is public) but must be rendered through ``public_title`` etc.; use ``open()`` to drop
        them entirely (search, feeds)."""
        meeting_model = self.model._meta.get_field("meeting").related_model
        return self.filter(meeting__status=meeting_model.Status.PUBLISHED)

    def open(self):
        return self.filter(is_closed=False)

    def for_council(self, council):
        return self.filter(meeting__council=council)

    def in_timeline_order(self):
        return self.order_by("meeting__start", "position", "pk")

    def search(self, query: str):
        """The points matching a full-text query (syntax: councils.search.query).

        Only public, open points are in the index, so only they can match. Raises
        ``councils.search.QueryError`` for an unusable query. For ranking, snippets and
        facets use ``councils.search.search()``.
        """
        from ..search.engine import search

        return self.filter(pk__in=search(query).matching.values("item_id"))

    def with_corrections(self):
        """Prefetch each item's decision corrections (for the "Rettet <dato>" notice)."""
        return self.prefetch_related(
            models.Prefetch(
                "corrections",
                queryset=self.model._meta.get_field("corrections")
                .related_model.objects.order_by("pk"),
            )
        )
