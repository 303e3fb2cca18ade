"""Admin of persons (registered from CouncilsConfig.ready) and the read-only inlines that show
the votes and participation read from a decision.

Ballots, votes and participations are derived from the decision texts and absences
(``link.py``): shown, never edited (correct the decision instead). Persons are merged only by
an admin's action ("Sammenlæg valgte personer"), like councils.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Ballot, Participation, Person, PersonAlias, Vote


class ReadOnlyInline(admin.TabularInline):
    """Rows rebuilt from the decision: shown in the admin, never edited there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BallotInline(ReadOnlyInline):
    model = Ballot
    fields = [
        "order",
        "motion",
        "result",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "unanimous",
        "vote_list",
    ]
    readonly_fields = fields
    verbose_name_plural = _("afstemninger (læst fra beslutningen; ret beslutningen for at ændre)")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("votes")

    @admin.display(description=_("stemmer"))
    def vote_list(self, obj):
        return "; ".join(f"{v.get_choice_display()}: {v.label}" for v in obj.votes.all())


class PointParticipationInline(ReadOnlyInline):
    model = Participation
    fk_name = "agenda_item"
    fields = ["kind", "person", "role", "sentence"]
    readonly_fields = fields
    verbose_name_plural = _("deltagelse (læst fra beslutningen og fraværet)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class PersonAliasInline(ReadOnlyInline):
    model = PersonAlias
    fields = ["name", "slug"]
    readonly_fields = fields


class PersonParticipationInline(ReadOnlyInline):
    model = Participation
    fields = ["meeting", "agenda_item", "kind", "role", "sentence"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__council", "agenda_item")
            .order_by("-meeting__start", "agenda_item__position")
        )


class PersonVoteInline(ReadOnlyInline):
    model = Vote
    fields = ["point", "choice", "motion"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("ballot__agenda_item__meeting__council")
            .order_by("-ballot__agenda_item__meeting__start", "ballot__order", "order")
        )

    @admin.display(description=_("punkt"))
    def point(self, obj):
        item = obj.ballot.agenda_item
        return f"{item.meeting}: {item}"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "municipality", "slug"]
    list_filter = ["municipality"]
    search_fields = ["name", "aliases__name"]
    readonly_fields = ["party", "slug", "public_page"]
    inlines = [PersonAliasInline, PersonVoteInline, PersonParticipationInline]
    actions = ["merge_persons"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "municipality"] if obj is not None else fields

    def get_fields(self, request, obj=None):
        return ["municipality", "name", "party", "slug", "public_page"]

    @admin.display(description=_("offentlig side"))
    def public_page(self, obj):
        if obj is None or not obj.pk:
            return "–"
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.action(
        description=_("Sammenlæg valgte personer (i den ældste valgte)"), permissions=["change"]
    )
    def merge_persons(self, request, queryset):
        persons = list(queryset.order_by("pk"))
        if len(persons) < 2:
            self.message_user(
                request, _("Vælg mindst to personer for at sammenlægge dem."), messages.WARNING
            )
            return
        target, *others = persons
        if any(p.municipality_id != target.municipality_id for p in others):
            self.message_user(
                request,
                _("Personer fra forskellige kommuner kan ikke lægges sammen."),
                messages.ERROR,
            )
            return
        with transaction.atomic():
            for other in others:
                other.merge_into(target)
        self.message_user(
            request,
            _("%(n)d personer lagt sammen i %(target)s; deres stavemåder peger nu på den.")
            % {"n": len(others), "target": target},
        )
