"""Section.text → HTML: paragraphs, nested bullets, numbered at-lists, tab tables, escaping."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councils.templatetags.referat import (
    absence_groups,
    heading_text,
    prior_label,
    text_to_html,
)

VOID = {"br", "hr", "img", "input", "meta", "link"}


class BalanceChecker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def check_balanced(html: str) -> list[str]:
    parser = BalanceChecker()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser.tags


def strip_ids(html: str) -> str:
    return re.sub(r'(id|aria-labelledby)="tabel-\d+"', r'\1="tabel-N"', html)


def test_lines_are_paragraphs_and_blank_lines_are_ignored():
    assert text_to_html("Første linje.\n\nAnden linje.\r\nTredje.") == (
        "<p>Første linje.</p><p>Anden linje.</p><p>Tredje.</p>"
    )
    assert text_to_html("") == "" and text_to_html(None) == ""


def test_bullets_and_nested_bullets():
    text = "Indledning:\n- et\n  - et a\n  - et b\n    - dybt\n- to\nAfslutning."
    assert text_to_html(text) == (
        "<p>Indledning:</p>"
        "<ul><li>et<ul><li>et a</li><li>et b<ul><li>dybt</li></ul></li></ul></li>"
        "<li>to</li></ul>"
        "<p>Afslutning.</p>"
    )


def test_numbered_at_list_keeps_printed_start():
    assert text_to_html("1. at dagsorden godkendes\n2. at tidsplanen godkendes") == (
        "<ol><li>at dagsorden godkendes</li><li>at tidsplanen godkendes</li></ol>"
    )
    assert text_to_html("3. at sagen udsættes") == '<ol start="3"><li>at sagen udsættes</li></ol>'


def test_a_date_at_the_start_of_a_line_is_not_a_list():
    assert text_to_html("10. marts 2015 besluttede udvalget") == (
        "<p>10. marts 2015 besluttede udvalget</p>"
    )


def test_bullets_nested_in_a_numbered_list_and_switching_kinds():
    html = text_to_html("1. at planen godkendes\n  - med ændringer\n2. at den sendes\n- løs")
    assert html == (
        "<ol><li>at planen godkendes<ul><li>med ændringer</li></ul></li>"
        "<li>at den sendes</li></ol><ul><li>løs</li></ul>"
    )


def test_list_starting_indented_then_outdented_loses_nothing():
    html = text_to_html("  - indrykket\n- ikke indrykket")
    assert "indrykket" in html and "ikke indrykket" in html
    check_balanced(html)


def test_tab_table_with_header_row_and_caption():
    text = "Tabel 2: Budget\nOmråde\tBudget\tRegnskab\nDrift\t10,0\t9,5\nI alt\t12,0"
    html = strip_ids(text_to_html(text))
    assert html == (
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="tabel-N">'
        '<table><caption id="tabel-N">Tabel 2: Budget</caption>'
        '<thead><tr><th scope="col">Område</th><th scope="col">Budget</th>'
        '<th scope="col">Regnskab</th></tr></thead>'
        "<tbody><tr><td>Drift</td><td>10,0</td><td>9,5</td></tr>"
        "<tr><td>I alt</td><td>12,0</td><td></td></tr></tbody></table></div>"
    )


def test_table_without_caption_is_labelled_and_following_text_is_a_paragraph():
    html = strip_ids(text_to_html("Navn\tType\nA\tB\nEfter tabellen."))
    assert 'aria-label="Tabel"' in html and "<caption" not in html
    assert html.endswith("</table></div><p>Efter tabellen.</p>")


def test_a_tabel_line_not_followed_by_a_table_stays_a_paragraph():
    assert text_to_html("Tabellen nedenfor viser\n- et") == (
        "<p>Tabellen nedenfor viser</p><ul><li>et</li></ul>"
    )
    assert text_to_html("Tabel 1 findes i bilaget.") == "<p>Tabel 1 findes i bilaget.</p>"


def test_everything_is_escaped():
    html = text_to_html('<script>alert(1)</script>\n- <b>fed</b>\nA&B\t"x"\n1\t2')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;fed&lt;/b&gt;" in html
    assert "A&amp;B" in html and "&quot;x&quot;" in html


def test_render_text_filter_is_safe_html():
    from django.template import Context, Template

    out = Template("{% load referat %}{{ text|render_text }}").render(
        Context({"text": "- a\n- <b>"})
    )
    assert out == "<ul><li>a</li><li>&lt;b&gt;</li></ul>"


@given(st.text(alphabet=st.sampled_from(list("ab -1.\t\n<>&\"' ")), max_size=200))
def test_any_text_gives_balanced_escaped_html(text):
    html = text_to_html(text)
    tags = check_balanced(html)
    assert set(tags) <= {
        "p",
        "ul",
        "ol",
        "li",
        "div",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }


def test_seed_referater_render_to_balanced_html(seed_files):
    """Real minutes, read at run time: every tab line ends up in a table with column headers."""
    tables = 0
    for path in seed_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        html = text_to_html(text)
        tags = check_balanced(html)
        tables += tags.count("table")
        if "\t" in text:
            assert '<th scope="col">' in html, path.name
    assert tables > 0


def test_heading_text():
    assert heading_text("BESLUTNING") == "Beslutning"
    assert heading_text("Økonomiske konsekvenser:") == "Økonomiske konsekvenser"
    assert heading_text("") == ""


def test_absence_groups_keep_printed_order():
    def absent(name, kind):
        return SimpleNamespace(
            name=name,
            kind=kind,
            get_kind_display=lambda: {"afbud": "afbud"}.get(kind, "fraværende"),
        )

    rows = [absent("A", "fravaerende"), absent("B", "afbud"), absent("C", "fravaerende")]
    assert absence_groups(rows) == [("Fraværende", ["A", "C"]), ("Afbud", ["B"])]
    assert absence_groups([]) == []


@pytest.mark.parametrize(
    ("date", "number", "expected"),
    [
        (
            datetime.date(2015, 3, 10),
            25,
            "Behandlet i Beskæftigelsesudvalget 10. marts 2015, pkt. 25",
        ),
        (None, 25, "Behandlet i Beskæftigelsesudvalget, pkt. 25"),
        (datetime.date(2015, 3, 10), None, "Behandlet i Beskæftigelsesudvalget 10. marts 2015"),
    ],
)
def test_prior_label(date, number, expected):
    prior = SimpleNamespace(council_name="Beskæftigelsesudvalget", date=date, item_number=number)
    assert prior_label(prior) == expected
