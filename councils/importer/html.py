"""A municipal portal's meeting page (HTML bytes) → its visible text, one block per line.

The parser reads the result like any other extracted text, so the page's block structure is
kept as lines: a heading is a line with a blank line before and after it (an empty heading is
the blank gap the browser shows), a paragraph (``<p>``) is followed by a blank line, a
``<div>``/``<li>``/``<br>`` ends a line, a table row of plain cells is one line with the cells
separated by TABs (the layout tables portals wrap whole agendas in are read as blocks).

What a reader does not see is dropped: ``<script>``, ``<style>``, ``<head>``, form controls,
menus and navigation, dialogs, cookie banners, elements hidden by ``hidden``,
``aria-hidden="true"`` or an inline ``display: none``, and UI controls (buttons, link-buttons,
in-page links) whose text is a known control phrase or a bare counter.

Library: lxml (``lxml.html``, libxml2's HTML parser): already installed with python-docx,
fast (C), tolerant of the broken markup portals serve, and maintained. Pure: no Django.
"""

from __future__ import annotations

import re

from .errors import ImporterError

# Named limits.
MAX_HTML_NODES = 500_000  # elements walked; a meeting page has a few thousand
CHARSET_SNIFF_BYTES = 4096  # where a <meta charset> must appear to be honoured

# Tags whose content is never visible text.
DROP_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
    "canvas", "iframe", "object", "embed", "video", "audio", "map", "input", "select",
    "option", "textarea", "datalist", "dialog", "nav", "menu",
}  # fmt: skip
# Landmarks and widgets that are page chrome, not the document.
DROP_ROLES = {
    "navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog",
    "alertdialog", "tooltip", "toolbar", "status", "progressbar",
}  # fmt: skip
# class/id tokens of chrome: cookie banners, dialogs, menus, screen-reader-only text, spinners.
CHROME_TOKEN_RE = re.compile(
    r"(?:^|[\s_-])(?:cookie\w*|consent|gdpr|cookiebot|cc-window|modal|dropdown-menu|sr-only|"
    r"visually-hidden|screen-reader-text|skip-?link|skip-?to|breadcrumbs?|spinner|"
    r"share-?buttons?|social-?share|pagination|offcanvas|navbar)(?:$|[\s_-])",
    re.IGNORECASE,
)
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The whole text of a link or button that is a control of the page, not part of the minutes.
CONTROL_PHRASES = {
    "til toppen", "tilbage til toppen", "til top", "gå til toppen", "tilbage",
    "tilbage til forsiden",
    "fold alle ud", "fold alle sammen", "fold ud", "fold sammen", "udvid alle", "luk alle",
    "udskriv", "print", "del", "del på facebook", "del på linkedin", "tip en ven",
    "spring til indhold", "gå til indhold", "hent som pdf", "åben som pdf", "kopier link",
    "vis medlemmer", "rss", "rss-feed til udvalget", "pdf", "luk", "×", "ok", "annuller", "send",
    "hent hele referatet", "hent hele dagsordenen", "abonnér", "abonner",
}  # fmt: skip
COUNTER_RE = re.compile(r"^\(?\d{1,4}\)?$")

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
    "html", "legend", "li", "main", "ol", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul", "caption", "td", "th",
}  # fmt: skip
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PARAGRAPH_TAGS = {"p", "pre", "blockquote"}
CELL_TAGS = {"td", "th"}

# Output markers (never in text: control characters are removed from text first).
_NEWLINE = "\x01"
_BLANK = "\x02"
_TAB = "\x03"
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_SPACE_RE = re.compile(r"[ \t\r\n\f\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start like an HTML document (doctype, <html>, <head> or <body>)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        head = data[:2048].decode("utf-16", "ignore").encode("utf-8").lower().lstrip()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        head.startswith((b"<!--", b"<?xml")) and b"<html" in data[:4096].lower()
    )


def decode_html(data: bytes) -> str:
    """The page's characters: BOM, else ``<meta charset>``, else UTF-8, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    match = _META_CHARSET_RE.search(data[:CHARSET_SNIFF_BYTES])
    if match:
        try:
            return data.decode(match[1].decode("ascii"), "replace")
        except LookupError:
            pass  # an unknown charset name: fall through to the rules below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def html_text(data: bytes) -> str:
    """The visible text of an HTML page, block structure kept as lines. Raises ImporterError."""
    import lxml.html
    from lxml import etree

    text = _XML_DECL_RE.sub("", decode_html(data))
    text = _CONTROL_RE.sub("", text.replace("\x00", ""))
    if not text.strip():
        raise ImporterError("The HTML page is empty; save the page again.", code="empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ImporterError(
            f"The HTML page cannot be read ({exc}); save the page again (File → Save as, "
            "'Webpage, HTML only').",
            code="bad_html",
        ) from exc
    parts: list[str] = []
    _walk(root, parts)
    return _assemble(parts)


def _is_chrome(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in DROP_TAGS:
        return True
    attrib = element.attrib
    if "hidden" in attrib or attrib.get("aria-hidden", "").strip().casefold() == "true":
        return True
    if attrib.get("role", "").strip().casefold() in DROP_ROLES:
        return True
    style = attrib.get("style")
    if style and HIDDEN_STYLE_RE.search(style):
        return True
    tokens = f"{attrib.get('class', '')} {attrib.get('id', '')}"
    if tokens.strip() and CHROME_TOKEN_RE.search(tokens):
        return True
    if tag in {"header", "footer"} and not _inside(element, {"article", "main", "section"}):
        return True  # the site's banner and footer, not an article's own header
    if _is_control(element, tag):
        return True
    return False


def _is_control(element, tag: str) -> bool:
    """A button, link-button or in-page link whose text is a control phrase or a counter."""
    role = element.attrib.get("role", "").casefold()
    classes = element.attrib.get("class", "").casefold().split()
    href = element.attrib.get("href", "")
    is_control = (
        tag == "button"
        or role == "button"
        or (tag == "a" and ("btn" in classes or href.startswith("#") or not href))
        or "badge" in classes
    )
    if not is_control:
        return False
    if any(child.tag in HEADING_TAGS for child in element.iter() if isinstance(child.tag, str)):
        return False  # a button that holds a point's heading (collapsible agendas)
    words = _SPACE_RE.sub(" ", element.text_content()).strip()
    if not words:
        return tag == "button" or role == "button"
    return (
        words.casefold() in CONTROL_PHRASES
        or bool(COUNTER_RE.match(words))
        and ("badge" in classes or tag == "button")
    )


def _inside(element, tags: set[str]) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _row_is_plain(row) -> bool:
    """A table row whose cells hold only inline content: printed as one TAB-separated line."""
    for cell in row:
        if cell.tag not in CELL_TAGS:
            continue
        for child in cell.iterdescendants():
            if (
                isinstance(child.tag, str)
                and (
                    child.tag in BLOCK_TAGS
                    or child.tag in HEADING_TAGS
                    or child.tag in PARAGRAPH_TAGS
                )
                and not _is_chrome(child)
            ):
                return False
    return True


def _walk(root, parts: list[str]) -> None:
    """Depth-first, iterative (no recursion limit), appending text and line markers."""
    stack: list[tuple[object, bool]] = [(root, False)]  # (element or tail text, closing)
    visited = 0
    plain_rows: set = set()  # the row elements themselves (ids of lxml proxies get reused)
    in_pre = 0  # inside <pre>: the text's own line breaks and TABs are the layout
    while stack:
        node, closing = stack.pop()
        if isinstance(node, str):  # text (lxml gives text/tail as str subclasses)
            parts.extend(_pre_parts(node) if in_pre else (node,))
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag == "pre":
                in_pre -= 1
            _close(node, tag, parts, plain_rows)
            continue
        visited += 1
        if visited > MAX_HTML_NODES:
            raise ImporterError(
                f"The HTML page has more than {MAX_HTML_NODES} elements; save only the "
                "meeting's page.",
                code="too_large",
            )
        if not tag or _is_chrome(node):  # comments, processing instructions, chrome
            if node.tail:
                parts.append(node.tail)
            continue
        _open(node, tag, parts, plain_rows)
        if tag == "pre":
            in_pre += 1
        stack.append((node, True))
        for child in reversed(node):
            stack.append((child, False))
        if node.text:
            stack.append((node.text, False))


def _pre_parts(text: str) -> list[str]:
    """Preformatted text: every line break a line, an empty line a blank line, TABs kept."""
    out: list[str] = []
    for n, segment in enumerate(text.replace("\r\n", "\n").split("\n")):
        if n:
            out.append(_NEWLINE if segment.strip() else _BLANK)
        if segment.strip():
            out.append(segment.replace("\t", _TAB))
    return out


def _open(node, tag: str, parts: list[str], plain_rows: set) -> None:
    if tag in HEADING_TAGS or tag in PARAGRAPH_TAGS:
        parts.append(_BLANK)
    elif tag == "tr":
        parts.append(_NEWLINE)
        if _row_is_plain(node):
            plain_rows.add(node)
    elif tag in CELL_TAGS:
        row = node.getparent()
        if row is not None and row in plain_rows:
            if node.getprevious() is not None:
                parts.append(_TAB)
        else:
            parts.append(_NEWLINE)
    elif tag == "li":
        parts.append(_NEWLINE)
        parts.append(_list_marker(node))
    elif tag == "br":
        parts.append(_NEWLINE)
    elif tag == "hr":
        parts.append(_BLANK)
    elif tag in BLOCK_TAGS:
        parts.append(_NEWLINE)


def _close(node, tag: str, parts: list[str], plain_rows: set) -> None:
    if tag in HEADING_TAGS or tag in PARAGRAPH_TAGS:
        parts.append(_BLANK)
    elif tag in CELL_TAGS:
        row = node.getparent()
        if row is None or row not in plain_rows:
            parts.append(_NEWLINE)
    elif tag in BLOCK_TAGS:
        parts.append(_NEWLINE)
        if tag in {"table", "ul", "ol", "dl"}:
            parts.append(_BLANK)
    if node.tail:
        parts.append(node.tail)


def _list_marker(item) -> str:
    parent = item.getparent()
    if parent is None:
        return ""
    style = (parent.attrib.get("style", "") + item.attrib.get("style", "")).replace(" ", "")
    classes = parent.attrib.get("class", "")
    if "list-style:none" in style or "list-style-type:none" in style or "unstyled" in classes:
        return ""
    if parent.tag == "ol":
        try:
            start = int(parent.attrib.get("start", "1"))
        except ValueError:
            start = 1
        index = [c for c in parent if c.tag == "li"].index(item)
        return f"{start + index}. "
    if parent.tag == "ul":
        return "- "
    return ""


def _assemble(parts: list[str]) -> str:
    """Markers → lines: spaces folded, empty lines merged, a blank marker = one empty line."""
    lines: list[str] = []
    current: list[str] = []
    blank_pending = False

    def end_line() -> None:
        nonlocal current
        text = _SPACE_RE.sub(" ", "".join(current)).strip()
        text = re.sub(r" ?\x03 ?", "\t", text)
        current = []
        if text.strip("\t "):
            if blank_pending and lines and lines[-1] != "":
                lines.append("")
            lines.append(text)
            return True
        return False

    for part in parts:
        if part == _NEWLINE:
            if end_line():
                blank_pending = False
        elif part == _BLANK:
            if end_line():
                blank_pending = False
            blank_pending = True
        else:
            current.append(part)
    end_line()
    return "\n".join(lines) + "\n" if lines else ""
