"""Template helpers of the people pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number) -> str:
    """The current query string with ``param`` set to ``number`` (the other parameters, such
    as the other list's page, kept)."""
    query = context["request"].GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()
