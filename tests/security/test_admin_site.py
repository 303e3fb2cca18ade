"""The site applies the rule to every admin it registers, and new staff URLs join it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from councils.admin_site import CouncilScopeMixin, ScopedInlineMixin, StaffAdminSite
from councils.models import Meeting

pytestmark = pytest.mark.django_db


def test_every_registered_admin_and_inline_is_scoped():
    assert isinstance(admin.site, StaffAdminSite)
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, CouncilScopeMixin), model
        for inline in model_admin.get_inlines(None, None):
            assert issubclass(inline, ScopedInlineMixin), (model, inline)


def _site_with(route):
    calls = []

    class MeetingToolAdmin(admin.ModelAdmin):
        def get_urls(self):
            def tool(request, **kwargs):
                calls.append(kwargs)
                return HttpResponse("ok")

            return [path(route, self.admin_site.admin_view(tool), name="tool"), *super().get_urls()]

    site = StaffAdminSite(name="probe")
    site.register(Meeting, MeetingToolAdmin)
    return site, calls


def test_a_custom_url_must_take_its_object_as_pk():
    site, _calls = _site_with("<int:meeting>/tool/")
    with pytest.raises(ImproperlyConfigured, match="must take its object as <pk>"):
        site.get_urls()


def test_a_new_pk_url_is_guarded_without_the_view_doing_anything(world):
    site, calls = _site_with("<int:pk>/tool/")
    pattern = next(
        p for p in site._registry[Meeting].get_urls() if getattr(p, "name", "") == "tool"
    )
    from django.http import Http404

    draft = world.draft_meeting
    request = RequestFactory().get(f"/admin/councils/meeting/{draft.pk}/tool/")
    request.user = world.users["editor"]  # editors do not see drafts
    with pytest.raises(Http404):
        pattern.callback(request, pk=draft.pk)
    request = RequestFactory().get("/")
    request.user = world.users["secretary_a"]
    assert pattern.callback(request, pk=draft.pk).status_code == 200
    post = RequestFactory().post("/", {})
    post.user = world.users["secretary_a"]  # may view, not change, meetings
    post._dont_enforce_csrf_checks = True
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        pattern.callback(post, pk=draft.pk)
    assert calls == [{"pk": draft.pk}]


# Rows that point at a council but are public facts, not council-owned work.
# A subscription is a citizen's (personal data: administrators only), not a council's work.
NOT_OWNED = {"councils.councilalias", "councils.subscription"}
OWNERS = {"councils.council", "councils.meeting", "councils.agendaitem", "councils.upload"}


def test_every_model_that_belongs_to_a_council_is_in_the_rule():
    """A new model with a foreign key to a council, meeting, point or upload must say how it
    reaches its council (councils.staff.access.SCOPED_MODELS), or be declared public here."""
    from django.apps import apps

    from councils.staff.access import SCOPED_MODELS

    missing = []
    for model in apps.get_app_config("councils").get_models():
        label = model._meta.label_lower
        if model.__name__.startswith("Historical") or label in NOT_OWNED:
            continue
        targets = {
            f.related_model._meta.label_lower
            for f in model._meta.get_fields()
            if f.many_to_one and f.concrete and f.related_model is not None
        }
        if targets & OWNERS and label not in SCOPED_MODELS:
            missing.append(label)
    assert not missing, f"council-owned models outside the rule: {missing}"
