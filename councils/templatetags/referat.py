"""Template helpers for the public site.

``render_text`` turns Section.text (the importer's convention) into HTML:

- one line = one paragraph;
- ``- item`` = bullet; more leading spaces = a nested bullet;
- ``1. at ...`` = numbered item (kept in an ``<ol>``, starting at the printed number);
- a line with TABs = a table row; consecutive rows form a table whose first row is the header.
  A paragraph just before a table that starts with "Tabel" becomes its caption.

Everything is escaped; nothing the importer writes can inject markup.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import count

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import translate_url
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

BULLET_RE = re.compile(r"^(?P<indent>[ \t]*)[-•]\s+(?P<text>.*)$")
MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# "1. at ..." is a numbered item; "10. marts 2015 ..." at the start of a line is a date.
NUMBERED_RE = re.compile(
    rf"^(?P<indent>[ ]*)(?P<number>\d{{1,3}})[.)]\s+(?!(?:{MONTHS})\b)(?P<text>\S.*)$",
    re.IGNORECASE,
)
CAPTION_RE = re.compile(r"^(tabel|table)\b", re.IGNORECASE)
_table_ids = count(1)


def _capfirst(text: str) -> str:
    """``capfirst`` for a str, without its lazy-argument wrapper."""
    return text[:1].upper() + text[1:]


def _esc(value) -> str:
    """``conditional_escape`` without Django's lazy-argument wrapper around ``escape`` (these
    helpers run some thousand times per meeting page): safe strings as they are, anything
    else ``str()`` and escaped by ``html.escape``, as ``django.utils.html.escape`` does."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@dataclass
class _List:
    tag: str  # "ul" or "ol"
    indent: int
    start: int = 1
    items: list = field(default_factory=list)  # [text, [children lists]]


def _render_list(lst: _List) -> str:
    parts = []
    for text, children in lst.items:
        inner = _esc(text) + "".join(_render_list(c) for c in children)
        parts.append(f"<li>{inner}</li>")
    start = f' start="{lst.start}"' if lst.tag == "ol" and lst.start != 1 else ""
    return f"<{lst.tag}{start}>" + "".join(parts) + f"</{lst.tag}>"


def _render_table(rows: list[list[str]], caption: str | None) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    table_id = f"tabel-{next(_table_ids)}"
    head = "".join(f'<th scope="col">{_esc(c.strip())}</th>' for c in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(c.strip())}</td>" for c in row) + "</tr>"
        for row in rows[1:]
    )
    cap = format_html('<caption id="{}">{}</caption>', table_id, caption) if caption else ""
    label = (
        format_html('aria-labelledby="{}"', table_id)
        if caption
        else format_html('aria-label="{}"', _("Tabel"))
    )
    return (
        f'<div class="table-wrap" role="region" tabindex="0" {label}>'
        f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def text_to_html(text: str) -> str:
    out: list[str] = []
    stack: list[_List] = []  # open lists, outermost first
    table: list[list[str]] = []
    pending_caption: str | None = None

    def close_lists():
        if stack:
            out.append(_render_list(stack[0]))
            stack.clear()

    def close_table():
        nonlocal pending_caption
        if table:
            out.append(_render_table(table, pending_caption))
            table.clear()
            pending_caption = None

    def flush_caption():
        nonlocal pending_caption
        if pending_caption is not None:
            out.append(f"<p>{_esc(pending_caption)}</p>")
            pending_caption = None

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            continue
        if "\t" in line.strip():
            close_lists()
            table.append(line.strip().split("\t"))
            continue
        close_table()
        bullet = BULLET_RE.match(line)
        numbered = None if bullet else NUMBERED_RE.match(line)
        match = bullet or numbered
        if match:
            flush_caption()
            tag = "ul" if bullet else "ol"
            indent = len(match["indent"].expandtabs(4))
            while stack and indent < stack[-1].indent:
                if len(stack) == 1:
                    close_lists()  # less indented than the first item: a new list
                else:
                    stack.pop()
            if stack and indent == stack[-1].indent and stack[-1].tag != tag:
                # Same level, other kind of list: close it and start a sibling list.
                if len(stack) == 1:
                    close_lists()
                else:
                    stack.pop()
            if not stack or indent > stack[-1].indent:
                new = _List(tag, indent, start=int(numbered["number"]) if numbered else 1)
                if stack:
                    stack[-1].items[-1][1].append(new)  # nested in the previous item
                stack.append(new)
            stack[-1].items.append([match["text"].strip(), []])
            continue
        close_lists()
        flush_caption()
        if CAPTION_RE.match(line.strip()):
            pending_caption = line.strip()
        else:
            out.append(f"<p>{_esc(line.strip())}</p>")
    close_lists()
    close_table()
    flush_caption()
    return "".join(out)


@register.filter(name="render_text")
def render_text(text: str):
    """Section.text → paragraphs, lists and tables (see the module docstring)."""
    return mark_safe(text_to_html(text))  # noqa: S308 - every piece is escaped above


@register.simple_tag
def point_heading(item, closed):
    """"Punkt 5: <span lang="da">Title</span>", or "Punkt 5: Lukket punkt" for a closed point
    (the meeting page's table of contents and headings, a point page, a council's decisions).
    A tag, not an include: the meeting page shows it twice per point. The template passes
    ``item.is_closed`` as ``closed``: which points are public is the queryset's business
    (``AgendaItem.objects.public()`` already redacted them), how a closed one looks the
    template's."""
    number = conditional_escape(localize(item.number))
    if closed:
        return mark_safe(_("Punkt %(number)s: Lukket punkt") % {"number": number})  # noqa: S308
    label = mark_safe(_("Punkt %(number)s:") % {"number": number})  # noqa: S308 - escaped number
    return format_html('{} <span lang="da">{}</span>', label, item.title)


@register.simple_tag
def outcome_badge(item):
    """The decision's outcome as a badge ("Godkendt"); nothing when the decision has none."""
    outcome = item.decision_outcome
    if not outcome:
        return ""
    label = _capfirst(str(_outcome_labels().get(outcome, outcome)))
    return format_html('<span class="badge badge--{}">{}</span>', outcome, label)


@cache
def _outcome_labels() -> dict:
    """``AgendaItem.Outcome``'s (lazy) labels by value: ``get_decision_outcome_display()``
    builds this dict on every call."""
    from ..models import AgendaItem

    return dict(AgendaItem.Outcome.choices)


@register.simple_tag
def point_meta(item, preview=False):
    """The meeting page's line under a point's heading: its case (a link, except in the
    secretary's preview) and the direct link to the point's own page."""
    case = ""
    if item.case:
        number = item.case.number
        if not preview:
            number = format_html('<a href="{}">{}</a>', item.case.get_absolute_url(), number)
        case = format_html("<span>{} {}</span>", _("Sag"), number)
    link = ""
    if not preview:
        values = {"number": conditional_escape(localize(item.number))}
        link = format_html(
            '<a class="no-print" href="{}" data-copy-link data-copy-name="{}">{}</a>',
            item.get_absolute_url(),
            mark_safe(_("punkt %(number)s") % values),  # noqa: S308 - escaped number
            mark_safe(_("Direkte link til punkt %(number)s") % values),  # noqa: S308
        )
    return format_html('<p class="point-meta">\n    {}\n    {}\n  </p>', case, link)


def _absence_lines(absences) -> str:
    return "".join(
        f'<p class="absences"><strong>{_esc(label)}:</strong> '
        f"{', '.join(_esc(name) for name in names)}</p>"
        for label, names in absence_groups(absences)
    )


@register.simple_tag
def item_decision(item, hl):
    """An open point's decision (``item_body.html``): its heading with the outcome badge, the
    text and the point's absences; only the absences when there is no decision."""
    absences = getattr(item, "absence_list", None)
    if item.decision or item.decision_outcome:
        n, h = _esc(localize(item.number)), _esc(hl)
        return mark_safe(  # noqa: S308 - every value is escaped by _esc
            f'\n<section class="decision" aria-labelledby="p{n}-beslutning">\n'
            f'  <h{h} id="p{n}-beslutning" class="decision__heading">{_esc(_("Beslutning"))} '
            f"{outcome_badge(item)}</h{h}>\n"
            f'  <div class="decision__text" lang="da">{text_to_html(item.decision)}</div>\n'
            f"  {_absence_lines(absences)}\n</section>\n"
        )
    if absences:
        return mark_safe(  # noqa: S308 - every value is escaped by _esc
            f'\n<div class="absences-box">{_absence_lines(absences)}</div>\n'
        )
    return ""


@register.simple_tag
def item_sections(item, hl):
    """An open point's text sections (``item_body.html``), each a ``<section>`` with its
    heading and ``render_text``; the "beslutning" section is left out when the point shows its
    decision above. The loop is Python rather than template markup because the meeting page
    renders some 150 sections: the same HTML at a fraction of the template engine's cost."""
    parts = []
    decision, h = item.decision, _esc(hl)
    for section in item.sections.all():
        if section.kind == "beslutning" and decision:
            continue
        if section.heading:
            heading = f'<h{h} lang="da">{_esc(heading_text(section.heading))}</h{h}>'
        else:
            heading = f"<h{h}>{_esc(_capfirst(str(section.get_kind_display())))}</h{h}>"
        parts.append(
            f'\n<section class="text-section text-section--{_esc(section.kind)}">\n  {heading}\n'
            f'  <div lang="da">{text_to_html(section.text)}</div>\n</section>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped by _esc


@register.simple_tag
def case_treatment(item, counter):
    """One treatment on a case page's timeline (``case_detail.html``, 50 per page): the
    meeting and point number as a link, the title, the decision with its outcome."""
    from django.utils import timezone
    from django.utils.formats import date_format

    meeting = item.meeting
    number = _("punkt %(number)s") % {"number": _esc(localize(item.number))}
    start = date_format(timezone.localtime(meeting.start), "DATE_FORMAT")
    n = _esc(localize(counter))
    if item.decision or item.decision_outcome:
        decision = (
            '\n        <div class="decision decision--compact">\n'
            f'          <p class="decision__label"><strong>{_esc(_("Beslutning"))}</strong> '
            f"{outcome_badge(item)}</p>\n"
            f'          <div lang="da">{text_to_html(item.decision)}</div>\n'
            "        </div>\n        "
        )
    else:
        decision = (
            f'\n        <p class="muted">{_esc(_("Ingen beslutning i referatet."))}</p>\n        '
        )
    return mark_safe(  # noqa: S308 - every value is escaped by _esc
        f'<li class="timeline__entry" id="punkt-{_esc(localize(item.pk))}">\n'
        f'      <article aria-labelledby="forloeb-{n}">\n'
        f'        <h3 id="forloeb-{n}"><a href="{_esc(item.get_absolute_url())}">'
        f"{_esc(meeting.council.name)}, {_esc(start)}, {number}</a></h3>\n"
        f'        <p class="timeline__title" lang="da">{_esc(item.title)}</p>\n'
        f"        {decision}\n"
        "      </article>\n"
        "    </li>"
    )


def _agenda_badge() -> str:
    """``includes/kind_badge.html``'s badge of an agenda (a meeting not yet held), for tags."""
    return f'<span class="badge badge--dagsorden">{_esc(_("Dagsorden"))}</span>'


@register.simple_tag
def search_hit(hit):
    """One hit of the search page (``search.html``, 25 a page): the point as a link, its
    council, date, case, outcome and agenda badge, and the snippet (marked words only: the
    snippet is escaped where it is made)."""
    from django.utils import timezone
    from django.utils.dateformat import format as date_format_str
    from django.utils.formats import date_format

    item = hit.item
    meeting = item.meeting
    start = timezone.localtime(meeting.start)
    meta = [
        f"{_esc(meeting.council.name)} · "
        f'<time datetime="{_esc(date_format_str(start, "c"))}">'
        f'{_esc(date_format(start, "DATE_FORMAT"))}</time>'
    ]
    if item.case:
        meta.append(
            f' · {_esc(_("Sag"))} <a href="{_esc(item.case.get_absolute_url())}">'
            f"{_esc(item.case.number)}</a>"
        )
    if item.decision_outcome:
        label = _outcome_labels().get(item.decision_outcome, item.decision_outcome)
        meta.append(f" · {_esc(_capfirst(str(label)))}")
    if meeting.kind == "dagsorden":
        meta.append(f" {_agenda_badge()}\n")
    snippet = "\n        "
    if hit.snippet:
        snippet += f'<p class="snippet">{_esc(hit.snippet)}</p>'
    return mark_safe(  # noqa: S308 - every value is escaped by _esc
        "\n    <li>\n      <article>\n"
        f'        <h3><a href="{_esc(item.get_absolute_url())}">{_esc(_("Punkt"))} '
        f"{_esc(localize(item.number))}: {_esc(item.title)}</a></h3>\n"
        f'        <p class="meta">{"".join(meta)}</p>{snippet}\n'
        "      </article>\n    </li>\n    "
    )


class _MeetingUrls:
    """``Meeting.get_absolute_url()`` for many meetings: the URL is reversed once per council
    with a stand-in date, and each meeting's date put in its place (the URL holds the date
    as ISO 8601, ``councils.urls.DateConverter``)."""

    STAND_IN = datetime.date(1111, 11, 11)

    def __init__(self):
        self._patterns = {}

    def of(self, meeting, local_start) -> str:
        from django.urls import reverse

        slug = meeting.council.slug
        pattern = self._patterns.get(slug)
        if pattern is None:
            kwargs = {"council": slug, "date": self.STAND_IN}
            pattern = self._patterns[slug] = reverse("councils:meeting", kwargs=kwargs)
        return pattern.replace(self.STAND_IN.isoformat(), local_start.date().isoformat(), 1)


@register.simple_tag(takes_context=True)
def search_facets(context, results):
    """The search page's facets (``search.html``): the hits per council and per year, each a
    link to the same search narrowed to it (``udvalg=`` / ``aar=``, back to page 1)."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.template.defaulttags import querystring

    params = context.request.GET
    about = f"{_esc(_('ca.'))} " if results.estimated else ""
    facets = results.facets

    def link(**changes) -> str:  # Django's {% querystring %}: back to page 1
        return _esc(querystring(context, params, side=None, **changes))

    def items(facets, key, value_of, label_of):
        return "".join(
            f'<li><a href="{link(**{key: value_of(f.value)})}">'
            f'{_esc(label_of(f.value))}</a> <span class="count">({about}'
            f"{_esc(intcomma(f.count))})</span></li>"
            for f in facets
        )

    councils = items(facets["council"], "udvalg", lambda c: c.slug, lambda c: c.name)
    years = items(facets["year"], "aar", lambda y: y, localize)
    return mark_safe(  # noqa: S308 - every value is escaped by _esc
        '<div class="facets">\n'
        '    <nav aria-labelledby="facet-udvalg">\n'
        f'      <h3 id="facet-udvalg">{_esc(_("Fordelt på udvalg"))}</h3>\n'
        f"      <ul>{councils}</ul>\n"
        "    </nav>\n"
        '    <nav aria-labelledby="facet-aar">\n'
        f'      <h3 id="facet-aar">{_esc(_("Fordelt på år"))}</h3>\n'
        f"      <ul>{years}</ul>\n"
        "    </nav>\n"
        "  </div>"
    )


@register.simple_tag
def council_choices(choices, selected):
    """The search form's council checkboxes (``search.html``): one per council, checked when
    its id is among ``selected`` (the request's ``udvalg`` values)."""
    boxes = [
        f'<div class="choice"><input type="checkbox" name="udvalg" value="{_esc(value)}" '
        f'id="id_udvalg_{n}"{" checked" if str(value) in selected else ""}> '
        f'<label for="id_udvalg_{n}">{_esc(label)}</label></div>'
        for n, (value, label) in enumerate(choices)
    ]
    return mark_safe(  # noqa: S308 - every value is escaped by _esc
        "".join(boxes) or f"<p>{_esc(_('Ingen udvalg endnu.'))}</p>"
    )


@register.simple_tag
def council_meeting_rows(meetings):
    """The rows of a council page's table of one year's meetings (``council_detail.html``):
    date as a link, the agenda badge, the time, the number of points and of closed ones. A
    tag, not a loop in the template: a busy council has a hundred meetings a year."""
    from django.utils import timezone
    from django.utils.formats import date_format, time_format
    from django.utils.translation import ngettext

    badge = _agenda_badge()
    rows = []
    urls = _MeetingUrls()
    for meeting in meetings:
        start = timezone.localtime(meeting.start)
        closed = ""
        if meeting.closed_count:
            label = ngettext(
                "heraf %(counter)s lukket", "heraf %(counter)s lukkede", meeting.closed_count
            ) % {"counter": localize(meeting.closed_count)}
            closed = f' <span class="muted">({_esc(label)})</span>'
        rows.append(
            "\n      <tr>\n"
            f'        <td><a href="{_esc(urls.of(meeting, start))}">'
            f'{_esc(date_format(start, "DATE_FORMAT"))}</a> '
            f'{badge if meeting.kind == "dagsorden" else ""}</td>\n'
            f'        <td>{_esc(time_format(start, "TIME_FORMAT"))}</td>\n'
            f"        <td>{_esc(localize(meeting.point_count))}{closed}</td>\n"
            "      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped by _esc


@register.simple_tag
def attachment_items(files):
    """The ``<li>`` of each bilag (``item_body.html``): a link to the file with its size, or
    the title alone when there is no file."""
    parts = []
    for attachment in files:
        if attachment.file:
            size = (
                format_html(' <span class="muted">({})</span>', filesizeformat(attachment.size))
                if attachment.size
                else ""
            )
            entry = format_html(
                '<a href="{}">{}</a>{}', attachment.get_absolute_url(), attachment.title, size
            )
        else:
            entry = conditional_escape(attachment.title)
        parts.append(format_html("\n    <li>{}</li>\n  ", entry))
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html


@register.filter
def heading_text(value: str) -> str:
    """Printed headings are often in capitals ("BESLUTNING"): show them in sentence case."""
    value = (value or "").strip().rstrip(":")
    if value.isupper():
        value = value.lower()
    return value[:1].upper() + value[1:]


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.simple_tag(takes_context=True)
def translated_path(context, language: str, full: bool = False) -> str:
    """This page's path (with its query) in another language: hreflang alternates and the
    language switch (``set_language`` cannot translate a path from a non-default language
    when the default language has no prefix, so we hand it the translated path)."""
    request = context.get("request")
    if not request:
        return "/"
    return translate_url(request.get_full_path() if full else request.path, language)


@register.filter
def absence_groups(absences) -> list[tuple[str, list[str]]]:
    """[("Fraværende", [names]), ("Afbud", [names])] in printed order, empty kinds left out."""
    groups: dict[str, list[str]] = {}
    labels = {}
    for absence in absences or ():
        labels[absence.kind] = absence.get_kind_display()
        groups.setdefault(absence.kind, []).append(absence.name)
    return [(str(labels[kind]).capitalize(), names) for kind, names in groups.items()]


@register.filter
def prior_label(prior) -> str:
    """'Behandlet i Beskæftigelsesudvalget 10. marts 2015, pkt. 25' from the parts we have."""
    from django.utils.formats import date_format

    text = _("Behandlet i %(council)s") % {"council": prior.council_name}
    if prior.date:
        text += " " + date_format(prior.date, "DATE_FORMAT")
    if prior.item_number:
        text += ", " + _("pkt. %(number)s") % {"number": prior.item_number}
    return text


@register.filter
def whole_minutes(value) -> int:
    """A timedelta in whole minutes (rounded up): "Prøv igen om 30 minutter"."""
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value or 0)
    return max(0, int(-(-seconds // 60)))


@register.filter
def shown_pages(page) -> list[int]:
    """The page numbers a pagination shows: the first, the last, and two either side of
    the current one, in order (computed, not a loop over every page: a date-ordered search
    for a common word has tens of thousands of pages)."""
    last, current = page.paginator.num_pages, page.number
    return sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
