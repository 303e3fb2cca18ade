"""Helpers shared by the workflow tests."""

from __future__ import annotations


def admin_form_data(response) -> dict:
    """The POST data an admin change form would send unchanged (main form and inlines)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            key = form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            if hasattr(value, "pk"):
                value = value.pk
            if isinstance(value, list | tuple):
                data[key] = [getattr(v, "pk", v) for v in value]
                continue
            data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
        for form in formset.initial_forms:
            add(form)
    return data


def preview_form_data(client, upload, page: int = 1) -> dict:
    """What the preview's one form sends unchanged (meeting fields, this page's points)."""
    from django.urls import reverse

    url = reverse("admin:councils_upload_change", args=[upload.pk])
    response = client.get(url, {"side": page})
    assert response.status_code == 200
    formset = response.context["formset"]
    meeting_form = response.context["meeting_form"]
    data = {"side": str(page)}
    for name in meeting_form.fields:
        value = meeting_form.initial.get(name)
        if value not in (None, ""):
            data[name] = value
    for form in [formset.management_form, *formset.forms]:
        for name in form.fields:
            value = form.initial.get(name)
            if value in (None, False):
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def publish_via_preview(client, upload, extra=None, page: int = 1):
    """Click "Gem og offentliggør" in the preview (with ``extra`` fields changed)."""
    from django.urls import reverse

    data = {**preview_form_data(client, upload, page), **(extra or {}), "_publish": "1"}
    return client.post(reverse("admin:councils_upload_change", args=[upload.pk]), data)
