"""An accepted file → the text of the referat, one printed line per line.

Every file comes through the intake first (``councils.files.accept``: format by content, size,
safe names, bounded ZIP/PDF checks); ``text_of`` reads the text of an ``AcceptedFile``:

- ``txt`` / ``md``: decoded by the intake's fixed rule (UTF-8 with or without BOM; UTF-16
  with BOM; cp1252, latin-1 as the last resort).
- ``pdf``: pypdfium2 (Google's PDFium, the C library in Chrome) gives each character's box;
  the printed lines are rebuilt from those positions: a vertical gap of more than one line is
  a blank line (paragraphs stay apart), a wide horizontal gap is a TAB (table rows keep their
  cells), and a line wrapped at the right margin is joined with the next one again.
  Measured on the seeds converted by LibreOffice (``make bench-import``): pypdf's and
  pdfplumber's ``extract_text`` keep æøå but drop every blank line and turn TABs into single
  spaces, and break wrapped lines, so points, bilag lists and tables cannot be told apart;
  pdfplumber's word positions give the same result as PDFium but ~10× slower (pure Python).
- ``docx``: streamed with bounded memory (``word.py``): paragraphs and tables in document order
  (table cells → TAB).
- ``html`` (and, for a referat, a text file whose content is an HTML page): a portal's meeting
  page, its visible text with the block structure as lines (``html.py``).

At most ``MAX_TEXT_CHARS`` characters are read from any file. Every bad input raises
``FileRefused`` (an ``ImporterError``) with a Danish message and one line for the command.
"""

from __future__ import annotations

import re
import statistics

from django.utils.translation import gettext as _

from councils.files import REFERAT, AcceptedFile, FileRefused, accept
from councils.files.limits import MAX_TEXT_CHARS
from councils.files.pdf import truncated
from councils.files.text import decode_text, too_many_characters

from .html import html_text
from .word import docx_text

# Named limits.
MIN_TEXT_CHARS_PER_PDF = 20  # fewer extracted characters than this: no text layer
PDF_TAB_GAP_FACTOR = 1.5  # horizontal gap (in spaces) that was a TAB in the original
PDF_BLANK_LINE_FACTOR = 1.5  # vertical gap (in line pitches) that was a blank line
PDF_PARAGRAPH_GAP_FACTOR = 0.25  # extra room (in line heights) between paragraphs: a blank line
PDF_JUSTIFIED_MIN_GAPS = 3  # a full-width line with this many even gaps is justified text …
PDF_JUSTIFIED_GAP_SPREAD = 1.6  # … when no gap is wider than this many times the usual one
PDF_JUSTIFIED_MAX_STRETCH = 3.0  # … and the usual gap is at most this many spaces (not tab stops)
PDF_SHORT_LINE_SHARE = 0.2  # a line ending this share of the text width short ends a paragraph
PDF_SPACED_PARAGRAPH_SHARE = 0.6  # paragraph ends followed by a gap this often: spaced text
SENTENCE_END_CHARS = ".!?:"  # a wrapped line ending so, before a capital, is a new line
PDF_WORD_X_TOLERANCE = 1.5  # points; letters closer than this belong to one word
RUNNING_HEAD_MIN_PAGES = 3  # a head/foot line repeated on this many pages …
RUNNING_HEAD_MIN_SHARE = 0.5  # … and on at least this share of the pages is a page artefact


def extract_text(data: bytes, filename: str) -> str:
    """The referat's text from the file's bytes (through the intake). Raises only
    ImporterError (FileRefused for the file itself)."""
    return text_of(accept(data, filename, REFERAT))


def text_of(accepted: AcceptedFile) -> str:
    """The text of a file the intake accepted (a referat or a bilag)."""
    fmt, name = accepted.format, accepted.name
    if fmt in ("txt", "md"):
        text, _charset = decode_text(accepted.data, name)
    elif fmt == "pdf":
        text = _pdf_text(accepted.data, name)
    elif fmt == "docx":
        text = docx_text(accepted.data, name)
    elif fmt == "html":
        text = html_text(accepted.data)
    else:  # pragma: no cover - the intake's table has no other format
        raise ValueError(f"no extractor for {fmt!r}")
    if len(text) > MAX_TEXT_CHARS:
        raise too_many_characters(name)
    if not text.strip():
        raise FileRefused(
            "empty",
            _("“%(name)s” indeholder ingen tekst. Kontrollér, at det er den rigtige fil.")
            % {"name": name},
            "The file contains no text; check that it is the right file.",
        )
    return text


# --- PDF --------------------------------------------------------------------------------------
def _pdf_text(data: bytes, name: str) -> str:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:  # the intake opened it; a changed PDFium might not
        raise truncated(name, str(exc)) from exc
    try:
        text = pdf_layout_text(pdfium_words(_CharBudget(document, name)))
    except FileRefused:
        raise
    except Exception as exc:  # PDFium errors on damaged page content
        raise truncated(name, type(exc).__name__) from exc
    finally:
        document.close()
    if len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS_PER_PDF:
        raise FileRefused(
            "no_text_layer",
            _(
                "“%(name)s” har ingen tekst, kun billeder af sider (en scannet PDF?). Kør "
                "tekstgenkendelse (OCR, fx ocrmypdf) på den, og upload resultatet."
            )
            % {"name": name},
            "The PDF has no text layer — scanned PDF? run OCR first (e.g. ocrmypdf) and import "
            "the result.",
        )
    return text


class _CharBudget:
    """A PDFium document whose pages stop the extraction once MAX_TEXT_CHARS are passed.

    ``pdfium_words`` iterates the document and asks each page for its text page; the count
    of characters is known then, before any character is read in Python.
    """

    def __init__(self, document, name: str):
        self.document, self.name, self.chars = document, name, 0

    def __iter__(self):
        for page in self.document:
            yield _BudgetPage(page, self)

    def spend(self, textpage) -> None:
        self.chars += textpage.count_chars()
        if self.chars > MAX_TEXT_CHARS:
            textpage.close()
            raise too_many_characters(self.name)


class _BudgetPage:
    def __init__(self, page, budget: _CharBudget):
        self._page, self._budget = page, budget

    def get_textpage(self):
        textpage = self._page.get_textpage()
        self._budget.spend(textpage)
        return textpage

    def __getattr__(self, attribute):
        return getattr(self._page, attribute)


Word = tuple  # (x0, x1, top, bottom, text); top/bottom measured from the top of the page


def pdfium_words(document) -> list[list[Word]]:
    """Words per page from PDFium's character boxes (fast: C library, no Python layout)."""
    pages = []
    for page in document:
        height = page.get_height()
        textpage = page.get_textpage()
        words: list[Word] = []
        current: list = []  # [x0, x1, top, bottom, chars]
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char or char.isspace():
                if current:
                    words.append(_word(current))
                    current = []
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            top, bottom = height - top, height - bottom
            if current and (
                left - current[1] > PDF_WORD_X_TOLERANCE
                or abs((top + bottom) / 2 - (current[2] + current[3]) / 2) > 3
                or left < current[0]
            ):
                words.append(_word(current))
                current = []
            if current:
                current[1] = max(current[1], right)
                current[2] = min(current[2], top)
                current[3] = max(current[3], bottom)
                current[4].append(char)
            else:
                current = [left, right, top, bottom, [char]]
        if current:
            words.append(_word(current))
        textpage.close()
        page.close()
        pages.append(words)
    return pages


def _word(current: list) -> Word:
    return (current[0], current[1], current[2], current[3], "".join(current[4]))


def pdfplumber_words(pdf) -> list[list[Word]]:
    """Words per page from pdfplumber (pdfminer.six); same result, ~10× slower (benchmarks)."""
    pages = []
    for page in pdf.pages:
        words = page.extract_words(x_tolerance=PDF_WORD_X_TOLERANCE, y_tolerance=3)
        pages.append([(w["x0"], w["x1"], w["top"], w["bottom"], w["text"]) for w in words])
    return pages


def pdf_layout_text(pages: list[list[Word]]) -> str:
    """Rebuild printed lines from the positions of words on the pages.

    Blank lines come back from vertical gaps (an empty line, or the extra space a layout puts
    between paragraphs and around headings), TABs from horizontal gaps wider than a space of
    the line's font size (a title in a larger font has wider spaces; a justified line's
    stretched but even spaces are spaces), and lines the PDF wrapped at the right margin are
    joined again (with a TAB when the continuation was indented by a tab stop, otherwise a
    space) unless the line ended a sentence and the next begins a new one.
    """
    page_lines = []  # per page: list of (top, bottom, x0, x1, [(x0, x1, text)])
    ratios: list[float] = []  # word gap / line height: the space of a font, size-free
    pitches: list[float] = []
    leads: list[float] = []
    for words in pages:
        lines: list[list[Word]] = []
        for word in sorted(words, key=lambda w: ((w[2] + w[3]) / 2, w[0])):
            middle = (word[2] + word[3]) / 2
            if lines and abs((lines[-1][0][2] + lines[-1][0][3]) / 2 - middle) <= 3:
                lines[-1].append(word)
            else:
                lines.append([word])
        built = []
        for line in lines:
            line.sort(key=lambda w: w[0])
            height = max(w[3] for w in line) - min(w[2] for w in line)
            if height > 0:
                ratios.extend((b[0] - a[1]) / height for a, b in zip(line, line[1:], strict=False))
            built.append(
                (
                    min(w[2] for w in line),
                    max(w[3] for w in line),
                    line[0][0],
                    line[-1][1],
                    [(w[0], w[1], w[4]) for w in line],
                )
            )
        for a, b in zip(built, built[1:], strict=False):
            if b[0] > a[0]:
                pitches.append(b[0] - a[0])
                leads.append(b[0] - a[1])
        page_lines.append(built)
    page_lines = _drop_running_heads(page_lines)
    all_lines = [ln for lines in page_lines for ln in lines]
    if not all_lines:
        return ""
    ratio = statistics.median(ratios) if ratios else 0.25
    ratio = ratio if ratio > 0.02 else 0.25
    heights = [ln[1] - ln[0] for ln in all_lines if ln[1] > ln[0]]
    body_height = statistics.median(heights) if heights else 12.0
    space = ratio * body_height
    pitch = min(pitches) if pitches else 12.0
    pitch = statistics.median([p for p in pitches if p < pitch * 1.2]) if pitches else pitch
    # The usual room between the lines of a paragraph (leading), from the lines that follow
    # each other at less than half a line: more than that plus a share of a line is a gap.
    tight = [lead for lead in leads if lead < body_height * 0.5]
    leading = statistics.median(tight) if tight else body_height * 0.2
    left = min(ln[2] for ln in all_lines)
    right = max(ln[3] for ln in all_lines)
    # Paragraphs set apart by blank lines or extra room (most word processors): a line that
    # ends a sentence at the margin is still wrapped. Packed paragraphs (portals' PDFs): a
    # sentence end before a capital is a new line. Told apart by what follows the lines that
    # end short of the margin (paragraph ends): mostly a gap, or mostly the next line.
    short_ends = [
        b[0] - a[1] > leading + body_height * PDF_PARAGRAPH_GAP_FACTOR
        for lines in page_lines
        for a, b in zip(lines, lines[1:], strict=False)
        if b[0] > a[0] and a[3] < right - (right - left) * PDF_SHORT_LINE_SHARE
    ]
    spaced = not short_ends or sum(short_ends) / len(short_ends) >= PDF_SPACED_PARAGRAPH_SHARE
    first_top = min(lines[0][0] for lines in page_lines if lines)
    last_bottom = max(lines[-1][1] for lines in page_lines if lines)

    out: list[str] = []
    previous = None  # the previous line's (top, bottom, x1)
    for lines in page_lines:
        for index, (top, bottom, x0, x1, words) in enumerate(lines):
            height = bottom - top if bottom > top else body_height
            text = _join_words(words, ratio * height, x1 >= right - space * 2)
            if previous is None:
                out.append(text)
                previous = (top, bottom, x1)
                continue
            if index == 0:  # a page break: room left at the foot or the head was a blank line
                blank = (last_bottom - previous[1] > pitch * 0.5) or (top - first_top > pitch * 0.5)
            else:
                line_height = min(height, previous[1] - previous[0]) or body_height
                blank = top - previous[0] > pitch * PDF_BLANK_LINE_FACTOR or (
                    top - previous[1] > leading + line_height * PDF_PARAGRAPH_GAP_FACTOR
                )
            first_word_width = words[0][1] - words[0][0]
            wrapped = (
                not blank
                and previous[2] + space + first_word_width > right - space * 0.5
                and not _is_complete_line(out[-1])
                and not _is_structural_line(text)
                and (spaced or not _starts_new_sentence(out[-1], text))
            )
            if wrapped:
                if x0 - left > space * PDF_TAB_GAP_FACTOR:
                    out[-1] = f"{out[-1]}\t{text}"
                elif _hyphen_wrap(out[-1], text):
                    out[-1] = f"{out[-1]}{text}"
                else:
                    out[-1] = f"{out[-1]} {text}"
            else:
                if blank:
                    out.append("")
                out.append(text)
            previous = (top, bottom, x1)
    return "\n".join(out) + "\n"


def _drop_running_heads(page_lines: list[list]) -> list[list]:
    """Remove running headers and footers: the first/last line of a page when the same text
    (page numbers and dates ignored) is the first/last line of most pages."""
    pages = [lines for lines in page_lines if lines]
    if len(pages) < RUNNING_HEAD_MIN_PAGES:
        return page_lines

    def key(line) -> str:
        return re.sub(r"\d+", "#", " ".join(word[2] for word in line[4])).casefold()

    needed = max(RUNNING_HEAD_MIN_PAGES, len(pages) * RUNNING_HEAD_MIN_SHARE)
    result = page_lines
    for position in (0, -1):
        counts: dict[str, int] = {}
        for lines in pages:
            counts[key(lines[position])] = counts.get(key(lines[position]), 0) + 1
        repeated = {k for k, n in counts.items() if n >= needed}
        if repeated:
            result = [
                [ln for i, ln in enumerate(lines) if not (
                    i == (0 if position == 0 else len(lines) - 1) and key(ln) in repeated
                )]
                for lines in result
            ]  # fmt: skip
    return result


# Words ending in "." that end no sentence (a wrapped line may stop after them).
ABBREVIATIONS = {
    "pkt.", "nr.", "kl.", "jf.", "jfr.", "jvf.", "bl.a.", "ca.", "mv.", "m.v.", "evt.", "f.eks.",
    "inkl.", "ekskl.", "vedr.", "stk.", "pr.", "hhv.", "dvs.", "mht.", "iht.", "m.fl.", "osv.",
    "ang.", "tlf.", "att.", "sag.", "ref.", "adm.", "dir.", "afd.", "udv.", "mio.", "mia.", "kr.",
}  # fmt: skip
_TOC_END_RE = re.compile(r"(?:\.{2,}|\t)\s*\d{1,4}$")
_CONJUNCTIONS = {"og", "eller", "samt", "til", "som", "mv", "m.fl"}


def _is_complete_line(line: str) -> bool:
    """A line that cannot continue on the next: a table-of-contents entry with its page."""
    return bool(_TOC_END_RE.search(line))


def _is_structural_line(line: str) -> bool:
    """A whole line that is a heading, case reference or point start, never a wrapped tail."""
    from .parse import is_structural_line

    return is_structural_line(line.strip())


def _hyphen_wrap(previous: str, nxt: str) -> bool:
    """ "2017-" + "2018" was one word broken after its hyphen (not "psykiatri- og")."""
    if not previous.endswith("-") or len(previous) < 2 or not previous[-2].isalnum():
        return False
    first = nxt.split(" ", 1)[0].casefold().rstrip(".,")
    return bool(nxt) and nxt[0].isalnum() and first not in _CONJUNCTIONS


def _starts_new_sentence(previous: str, nxt: str) -> bool:
    """The line ended a sentence (. ! ? :) and the next begins one with a capital letter: a
    new line of the text, even when the words would not have fitted on the previous line.
    An abbreviation ("jf.", "pkt."), an initial ("K.") or an ordinal ("19.") ends no sentence."""
    stripped = previous.rstrip()
    start = nxt.lstrip()[:1]
    if stripped[-1:] not in SENTENCE_END_CHARS or not start.isupper():
        return False
    last = stripped.rsplit(None, 1)[-1].casefold()
    if stripped[-1] == "." and (
        last in ABBREVIATIONS
        or (last[:-1].isdigit() and len(last) <= 3)  # "19." (a date), not "2025."
        or (len(last) == 2 and last[0].isalpha())
    ):
        return False
    return True


def _join_words(words: list[tuple[float, float, str]], space: float, full: bool = False) -> str:
    """One printed line: a gap wider than ``PDF_TAB_GAP_FACTOR`` spaces of the line's font is
    a TAB, except in a line that runs to the right margin with evenly stretched gaps
    (justified text)."""
    gaps = [b0 - a1 for (_a0, a1, _at), (b0, _b1, _bt) in zip(words, words[1:], strict=False)]
    limit = space * PDF_TAB_GAP_FACTOR
    if full and len(gaps) >= PDF_JUSTIFIED_MIN_GAPS:
        usual = statistics.median(gaps)
        if (
            usual <= space * PDF_JUSTIFIED_MAX_STRETCH
            and max(gaps) <= usual * PDF_JUSTIFIED_GAP_SPREAD
        ):
            limit = max(limit, usual * PDF_JUSTIFIED_GAP_SPREAD)
    parts = [words[0][2]]
    for gap, (_b0, _b1, bt) in zip(gaps, words[1:], strict=False):
        parts.append("\t" if gap > limit else " ")
        parts.append(bt)
    return "".join(parts)
