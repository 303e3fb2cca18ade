"""E-mail subscriptions in the admin: see who follows what, delete (an erasure request).

Subscriptions are made only by their owners (double opt-in): the admin cannot add or change
them. What was sent (AlertDelivery) is bookkeeping and not shown.
"""

from django.contrib import admin

from ..models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "describe", "confirmed_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
    list_select_related = ["council", "case"]
    readonly_fields = ["email", "kind", "council", "case", "search_query", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
