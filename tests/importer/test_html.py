"""HTML meeting pages → visible text: chrome dropped, block structure kept as lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councils.importer.errors import ImporterError
from councils.importer.extract import extract_text
from councils.importer.html import decode_html, html_text, looks_like_html

PAGE = """<!DOCTYPE html>
<html lang="da"><head><title>Ikke synlig titel</title>
<style>.x { color: red }</style><script>var hemmelig = "kode";</script></head>
<body>
<nav class="menu"><a href="/">Forside</a><a href="/politik">Politik</a></nav>
<div id="cookie-banner"><p>Vi bruger cookies</p><button>Accepter</button></div>
<a class="btn back" href="/">Tilbage til forsiden</a>
<main>
<h1>Referat 3. marts 2025 kl. 17.00</h1>
<table class="info"><tr><td>Udvalg:</td><td><span>Plan&nbsp;og  Miljø</span></td></tr>
<tr hidden><td>Skjult:</td><td>felt</td></tr></table>
<table><tbody><tr><td><span class="label">4</span></td><td>
<button class="open" aria-expanded="false"><h2>Ny sti langs åen</h2></button>
<div class="details"><span class="nr">EMN-2025-000123</span>
<div><h3></h3><span><div>Kort tekst om stien.</div></span>
<h3>Beslutning</h3><span><div>Godkendt.</div><div>Anne Holm deltog ikke.</div></span></div>
<h3>Bilag</h3><ul class="list-unstyled"><li><span role="button" class="label">PDF</span>
<a href="/bilag/1">Kort over stien</a></li></ul></div></td>
<td><ul class="dropdown-menu"><li><a href="#">Hent som PDF</a></li></ul>
<span class="badge">1</span></td></tr></tbody></table>
<p>Første afsnit<br>anden linje</p>
<ol><li>at planen godkendes</li><li>at sagen sendes videre</li></ol>
<ul><li>punkt et</li></ul>
<p style="display: none">usynligt</p><span aria-hidden="true">ikon</span>
</main>
<div class="modal" role="dialog"><h4>Tip en ven</h4><p>Send link</p></div>
<footer>Kommunens adresse</footer>
</body></html>
"""


def test_visible_text_keeps_blocks_and_drops_chrome():
    text = html_text(PAGE.encode("utf-8"))
    lines = text.splitlines()
    for hidden in ("Ikke synlig", "hemmelig", "color", "Forside", "cookies", "Accepter",
                   "Tilbage til forsiden", "Skjult", "Hent som PDF", "usynligt", "ikon",
                   "Tip en ven", "adresse"):  # fmt: skip
        assert hidden not in text, hidden
    assert "Referat 3. marts 2025 kl. 17.00" in lines
    assert "Udvalg:\tPlan og Miljø" in lines  # a plain table row: TAB-separated cells
    # A layout table (cells with blocks): the number on its own line, then the title.
    assert lines.index("4") < lines.index("Ny sti langs åen") < lines.index("EMN-2025-000123")
    assert "PDF" not in lines and "1" not in lines  # control label and counter badge
    # An empty heading is a blank line; the text after a heading follows a blank line.
    beslutning = lines.index("Beslutning")
    assert lines[beslutning - 1] == "" and lines[beslutning + 1] == ""
    assert lines[beslutning + 2 : beslutning + 4] == ["Godkendt.", "Anne Holm deltog ikke."]
    assert lines[lines.index("Kort tekst om stien.") - 1] == ""
    assert "Kort over stien" in lines
    assert lines[lines.index("Første afsnit") + 1] == "anden linje"
    assert "1. at planen godkendes" in lines and "2. at sagen sendes videre" in lines
    assert "- punkt et" in lines


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("<p>Ærø</p>".encode(), "Ærø"),
        ('<meta charset="iso-8859-1"><p>Ærø</p>'.encode("latin-1"), "Ærø"),
        ("<p>Ærø</p>".encode("cp1252"), "Ærø"),
        ("\ufeff<p>Ærø</p>".encode("utf-8"), "Ærø"),
        ("<p>Ærø</p>".encode("utf-16"), "Ærø"),
    ],
    ids=["utf8", "meta-latin1", "cp1252-fallback", "bom", "utf16"],
)
def test_encodings(data, expected):
    assert decode_html(data).endswith("</p>")
    assert expected in html_text(data)


def test_html_through_extract_by_name_and_by_content():
    data = PAGE.encode("utf-8")
    assert looks_like_html(data)
    assert "Ny sti langs åen" in extract_text(data, "moede.html")
    assert "Ny sti langs åen" in extract_text(data, "moede.htm")
    assert "Ny sti langs åen" in extract_text(data, "moede.txt")  # content sniffs as HTML
    assert "<h2>" not in extract_text(data, "moede.txt")


def test_empty_or_invisible_page_is_an_importer_error():
    with pytest.raises(ImporterError) as info:
        extract_text(b"<html><body><script>x()</script></body></html>", "a.html")
    assert info.value.code == "empty"


@settings(max_examples=150, deadline=None)
@given(
    body=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<div>",
                    "</td>",
                    "<tr>",
                    "<h3>",
                    "<br>",
                    "<li>",
                    "<table>",
                    "<script>",
                    "<!--",
                    "-->",
                    "<b>",
                    "&amp;",
                    "&#0;",
                ]
            ),
        ),  # fmt: skip
        max_size=40,
    )
)
def test_fuzz_html_text_never_crashes(body):
    try:
        text = html_text(("<html><body>" + "".join(body)).encode("utf-8"))
    except ImporterError as exc:
        assert exc.message
        return
    assert "\x01" not in text and "\x02" not in text and "\x03" not in text


def test_preformatted_text_keeps_its_lines_blank_lines_and_tabs():
    page = (
        "<html><body><pre>\nREFERAT Byrådet d. 01-02-2024\n\nPunkt 1: Budget\n\n"
        "Navn\tBeløb\nDrift\t12,5\n</pre><p>Efter</p></body></html>"
    )
    lines = html_text(page.encode("utf-8")).splitlines()
    assert lines[:5] == ["REFERAT Byrådet d. 01-02-2024", "", "Punkt 1: Budget", "", "Navn\tBeløb"]
    assert "Drift\t12,5" in lines and lines[-1] == "Efter"
