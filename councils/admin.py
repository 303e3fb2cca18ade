from functools import partial

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Absence,
    AgendaItem,
    Attachment,
    Case,
    Council,
    CouncilAlias,
    CouncilMembership,
    DecisionCorrection,
    Meeting,
    Municipality,
    PriorDecision,
    Section,
    SourceDocument,
    Upload,
    UploadedBilag,
)
from .people.admin import BallotInline, PointParticipationInline  # also registers Person
from .staff import views as staff_views
from .staff.forms import AgendaItemAdminForm, AttachmentAdminForm
from .staff.history import HISTORY_REASON_MAX

# Who sees and touches which council's rows is one rule for every admin below, applied by the
# site (councils/admin_site.py, rule in councils/staff/access.py: ``scoped``/``in_scope``):
# querysets, form choices, history pages, autocomplete and every ``<pk>`` URL of get_urls.


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_sample"]
    list_filter = ["is_sample"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CouncilAliasInline(admin.TabularInline):
    model = CouncilAlias
    extra = 1


class CouncilMembershipInline(admin.TabularInline):
    model = CouncilMembership
    autocomplete_fields = ["user"]  # by username (the user admin's search), not the numeric id
    extra = 0
    verbose_name = _("sekretær")
    verbose_name_plural = _("sekretærer (må uploade og offentliggøre for udvalget)")


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CouncilAliasInline, CouncilMembershipInline]
    actions = ["merge_councils"]

    @admin.action(description=_("Sammenlæg valgte udvalg (i det ældste/første valgte)"))
    def merge_councils(self, request, queryset):
        councils = list(queryset.order_by("pk"))
        if len(councils) < 2:
            self.message_user(
                request, _("Vælg mindst to udvalg for at sammenlægge dem."), messages.WARNING
            )
            return
        target, *others = councils
        try:
            for other in others:
                other.merge_into(target)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(
            request,
            _("%(n)d udvalg lagt sammen i %(target)s.") % {"n": len(others), "target": target},
        )


@admin.register(CouncilAlias)
class CouncilAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "council"]
    list_filter = ["council__municipality"]
    search_fields = ["name", "council__name"]
    autocomplete_fields = ["council"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "format", "size", "uploaded_by", "uploaded_at", "imported_at"]
    list_filter = ["format", "importer_version"]
    search_fields = ["original_name", "sha256"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["sha256", "size", "uploaded_at", "imported_at", "importer_version"]
    raw_id_fields = ["superseded_by", "uploaded_by"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["number", "position", "title", "case", "is_closed", "decision_outcome"]
    autocomplete_fields = ["case"]  # the case number, not its id
    extra = 0
    show_change_link = True


class MeetingAbsenceInline(admin.TabularInline):
    model = Absence
    fields = ["name", "kind", "agenda_item", "order"]
    raw_id_fields = ["agenda_item"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "council", "start", "kind", "status"]
    list_filter = ["status", "kind", "council__municipality", "council"]
    search_fields = ["printed_council_name", "council__name", "location"]
    date_hierarchy = "start"
    list_select_related = ["council"]
    raw_id_fields = ["source_document"]
    autocomplete_fields = ["council"]
    inlines = [AgendaItemInline, MeetingAbsenceInline]
    change_form_template = "admin/councils/meeting/change_form.html"
    # Adding bilag changes the meeting's attachments, not the meeting.
    object_post_permissions = {"councils_meeting_bilag": "councils.change_attachment"}

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/bilag/",
                view(partial(staff_views.bilag_view, model_admin=self)),
                name="councils_meeting_bilag",
            ),
            *super().get_urls(),
        ]


class SectionInline(admin.StackedInline):
    model = Section
    fields = ["order", "kind", "heading", "text"]
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm  # the file goes through the intake (councils.files)
    fields = ["order", "title", "file", "content_type", "size"]
    readonly_fields = ["content_type", "size"]
    extra = 0


class PriorDecisionInline(admin.StackedInline):
    model = PriorDecision
    fk_name = "agenda_item"
    fields = ["order", "council_name", "council", "date", "item_number", "text", "matched_item"]
    raw_id_fields = ["council", "matched_item"]
    extra = 0


class ItemAbsenceInline(admin.TabularInline):
    model = Absence
    fields = ["name", "kind", "order", "meeting"]
    raw_id_fields = ["meeting"]
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "case", "decision_outcome", "is_closed"]
    list_filter = ["decision_outcome", "is_closed", "meeting__status", "meeting__council"]
    search_fields = ["title", "decision", "case__number"]
    date_hierarchy = "meeting__start"
    list_select_related = ["meeting__council", "case"]
    form = AgendaItemAdminForm  # with the reason for a correction ("Rettet")
    autocomplete_fields = ["meeting", "case"]  # shown and found by name, not id
    inlines = [
        SectionInline,
        AttachmentInline,
        PriorDecisionInline,
        ItemAbsenceInline,
        BallotInline,  # read-only: rebuilt from the decision (councils/people)
        PointParticipationInline,
    ]
    change_form_template = "admin/councils/agendaitem/change_form.html"

    def save_model(self, request, obj, form, change):
        reason = (form.cleaned_data.get("correction_reason") or "").strip()
        if reason:  # the correction's reason (public) and the version's change reason
            obj._correction_reason = reason
            obj._change_reason = reason[:HISTORY_REASON_MAX]
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/beslutning/",
                view(partial(staff_views.decision_history_view, model_admin=self)),
                name="councils_agendaitem_decision_history",
            ),
            *super().get_urls(),
        ]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "scheme", "kle_subject", "action_facet", "year", "municipality"]
    list_filter = ["scheme", "year", "action_facet", "municipality"]
    search_fields = ["number", "kle_subject"]
    readonly_fields = ["scheme", "kle_subject", "action_facet", "serial", "year"]


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "agenda_item", "order"]
    list_filter = ["kind"]
    search_fields = ["heading", "text"]
    raw_id_fields = ["agenda_item"]
    list_select_related = ["agenda_item"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    form = AttachmentAdminForm  # the file goes through the intake (councils.files)
    readonly_fields = ["original_name", "content_type", "size", "sha256"]
    list_display = ["title", "agenda_item", "content_type", "size"]
    list_filter = ["content_type"]
    search_fields = ["title", "original_name", "sha256"]
    raw_id_fields = ["agenda_item"]
    list_select_related = ["agenda_item"]


@admin.register(PriorDecision)
class PriorDecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agenda_item", "council", "date", "matched_item"]
    list_filter = ["council"]
    search_fields = ["council_name", "text"]
    date_hierarchy = "date"
    raw_id_fields = ["agenda_item", "council", "matched_item"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "meeting", "agenda_item", "person"]
    readonly_fields = ["person"]  # linked by name (councils/people)
    list_filter = ["kind", "meeting__council"]
    search_fields = ["name"]
    date_hierarchy = "meeting__start"
    raw_id_fields = ["meeting", "agenda_item"]
    list_select_related = ["meeting__council", "agenda_item"]


# --- Staff workflow -------------------------------------------------------------------------


@admin.register(CouncilMembership)
class CouncilMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "council"]
    list_filter = ["council"]
    search_fields = ["user__username", "council__name"]
    autocomplete_fields = ["council", "user"]  # a secretary is found by username


class UploadedBilagInline(admin.TabularInline):
    model = UploadedBilag
    fields = ["original_name", "item_number", "attachment_title", "size", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Uploads are made and worked on through the staff pages (add = upload, change = preview)."""

    list_display = ["original_name", "council", "status", "uploaded_by", "created_at", "meeting"]
    list_filter = ["status", "council"]
    search_fields = ["original_name", "sha256", "council__name"]
    date_hierarchy = "created_at"
    list_select_related = ["council", "uploaded_by", "meeting__council"]
    inlines = [UploadedBilagInline]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/kasser/",
                view(partial(staff_views.discard_view, model_admin=self)),
                name="councils_upload_discard",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return staff_views.upload_view(request, model_admin=self)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return staff_views.preview_view(request, model_admin=self, pk=int(object_id))


@admin.register(UploadedBilag)
class UploadedBilagAdmin(admin.ModelAdmin):
    list_display = ["original_name", "upload", "item_number", "attachment_title", "size"]
    search_fields = ["original_name", "attachment_title", "sha256"]
    raw_id_fields = ["upload"]
    readonly_fields = ["sha256", "size", "content_type", "extracted_text"]


@admin.register(DecisionCorrection)
class DecisionCorrectionAdmin(admin.ModelAdmin):
    """The public record of corrected decisions ("Rettet <dato>"); written automatically."""

    list_display = ["agenda_item", "corrected_at", "corrected_by", "reason"]
    list_filter = ["agenda_item__meeting__council"]
    date_hierarchy = "corrected_at"
    raw_id_fields = ["agenda_item", "corrected_by"]
    list_select_related = ["agenda_item__meeting__council", "corrected_by"]
