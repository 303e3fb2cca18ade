"""The search index in the admin: see what is indexed; "add" (re)indexes one point now.

The index is kept current by signals and rebuilt by ``manage.py rebuild_search_index``;
documents are never edited by hand.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from ..models import SearchDocument
from .index import index_items


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["item", "council", "start", "outcome", "has_attachments"]
    list_filter = ["council", "year", "has_attachments"]
    list_select_related = ["item", "council"]
    raw_id_fields = ["item"]
    show_full_result_count = False  # the index can hold millions of rows

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["item"]
        return ["item", "council", "start", "year", "outcome", "has_attachments"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not index_items([obj.item_id]):
            self.message_user(
                request,
                _("Punktet er ikke offentligt (kladde eller lukket punkt) og indekseres ikke."),
                messages.WARNING,
            )

    def response_add(self, request, obj, post_url_continue=None):
        from django.http import HttpResponseRedirect
        from django.urls import reverse

        return HttpResponseRedirect(reverse("admin:councils_searchdocument_changelist"))
