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
