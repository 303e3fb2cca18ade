"""The search index table: one row per *public* agenda point (published meeting, not closed).

Drafts and closed points have no row, so nothing of them can reach results, counts or
snippets. The filter columns are copied from the point and its meeting so counts and facets
need no joins. On PostgreSQL ``vector`` holds the weighted ``tsvector`` (GIN index created by
migration 0002 on PostgreSQL only) and ``excerpt`` the text snippets are cut from; on SQLite
both stay NULL and the FTS5 table ``councils_search_fts`` (rowid = agenda point id) holds
the stemmed text.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    item = models.OneToOneField(
        "councils.AgendaItem",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("dagsordenspunkt"),
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="+", verbose_name=_("udvalg")
    )
    start = models.DateTimeField(_("mødestart"))
    year = models.PositiveSmallIntegerField(_("år"))
    outcome = models.CharField(_("beslutningens udfald"), max_length=15, blank=True)
    has_attachments = models.BooleanField(_("har bilag"), default=False)
    # The meeting's document: "referat" or "dagsorden" (Meeting.Kind), for the search filter.
    kind = models.CharField(_("dokument"), max_length=10, default="referat")
    vector = SearchVectorField(null=True)
    # PostgreSQL: the text snippets are cut from (``DocumentFields.body()``, bounded by
    # ``postgres.EXCERPT_CHARS``), so a results page runs ts_headline over one short stored
    # text per hit instead of re-reading every section, bilag and prior decision. NULL
    # until the point is (re)indexed (then snippets read the rows, as SQLite always does).
    excerpt = models.TextField(_("uddrag"), null=True, blank=True)

    class Meta:
        verbose_name = _("søgeindeks")
        verbose_name_plural = _("søgeindeks")
        indexes = [
            models.Index(fields=["-start"], name="searchdoc_start"),
            models.Index(fields=["council", "-start"], name="searchdoc_council_start"),
            models.Index(fields=["year"], name="searchdoc_year"),
        ]

    def __str__(self) -> str:
        return f"search document {self.item_id}"


class SearchWord(models.Model):
    """The archive's own vocabulary, for "Mente du …?" (``councils/search/vocabulary.py``).

    One row per word form (folded to lower case, letters only) seen in the text of a
    *public, open* point, i.e. of a point in the search index; closed points and drafts are
    never indexed, so their words never get here. ``stem`` is the index's stem of the word
    (Snowball Danish; on PostgreSQL ``ts_lexize('danish_stem', …)``, as the index stores
    it). ``frequency`` is the number of indexed points whose text has that stem (the same on
    every form of a stem), kept current by the index's signals; a stem no point has any more
    takes its forms with it.
    """

    word = models.CharField(_("ord"), max_length=64, unique=True)
    stem = models.CharField(_("stamme"), max_length=64, db_index=True)
    frequency = models.PositiveIntegerField(_("antal punkter"), default=0)

    class Meta:
        verbose_name = _("ord i søgeordbogen")
        verbose_name_plural = _("søgeordbog")

    def __str__(self) -> str:
        return self.word
