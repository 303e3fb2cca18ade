"""Fidelity of the parser against gold files: fields matched / total, per document.

Used by the normal tests (``test_fidelity.py``: seeds stay at 100 %, real minutes ≥ 95 %) and
by the benchmark that prints the per-document table (``tests/benchmarks/test_bench_fidelity.py``).

A document's fields are its meeting fields (council, date, start_time, location) and, for every
gold point, each of its fields (number, title, case_number, decision, attachments, absent,
prior_decisions). Points are paired by number; a gold point the parser did not find counts all
its fields as missed. Strings are compared with whitespace folded (PDF wraps, HTML spacing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import GOLD_DIR, SEEDS_DIR, SHARED

REAL_DIR = SHARED / "real"
MEETING_FIELDS = ("council", "date", "start_time", "location")
DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def fold(value):
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, list):
        return [fold(v) for v in value]
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


@dataclass
class Score:
    name: str
    matched: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.matched / self.total if self.total else 0.0


def score(name: str, out: dict | None, gold: dict) -> Score:
    """Compare a ``ParsedMeeting.to_json()`` (or None: nothing parsed) with a gold dict."""
    result = Score(name)
    out = fold(out or {})
    gold = fold(gold)
    for key in MEETING_FIELDS:
        if key not in gold:
            continue
        result.total += 1
        if out.get(key) == gold[key]:
            result.matched += 1
        else:
            result.misses.append(f"{key}: expected {gold[key]!r}, got {out.get(key)!r}")
    by_number = {}
    for item in out.get("items", []):
        by_number.setdefault(item.get("number"), item)
    for expected in gold.get("items", []):
        got = by_number.get(expected.get("number"))
        for key, value in expected.items():
            result.total += 1
            if got is not None and got.get(key) == value:
                result.matched += 1
            else:
                shown = None if got is None else got.get(key)
                result.misses.append(
                    f"Punkt {expected.get('number')} {key}: expected {value!r}, got {shown!r}"
                )
    return result


@dataclass
class GoldDocument:
    name: str  # shown in tables
    path: Path  # the document to extract and parse
    gold: Path
    group: str  # "seed" or "real"


def real_documents() -> list[GoldDocument]:
    """Every document in ../shared/real with a gold .json beside it."""
    if not REAL_DIR.is_dir():
        return []
    docs = []
    for path in sorted(REAL_DIR.iterdir()):
        gold = path.with_suffix(".json")
        if path.suffix.casefold() in DOCUMENT_SUFFIXES and gold.is_file():
            docs.append(GoldDocument(path.name, path, gold, "real"))
    return docs


def seed_documents() -> list[GoldDocument]:
    if not SEEDS_DIR.is_dir():
        return []
    docs = []
    for path in sorted(SEEDS_DIR.iterdir()):
        gold = GOLD_DIR / f"{path.stem}.json"
        if path.is_file() and gold.is_file():
            docs.append(GoldDocument(path.name, path, gold, "seed"))
    return docs


def parse_document(data: bytes, filename: str, source_name: str | None = None) -> dict | None:
    """extract → parse → to_json; None when the importer refuses the file."""
    from councils.importer.errors import ImporterError
    from councils.importer.extract import extract_text
    from councils.importer.parse import parse_referat

    try:
        text = extract_text(data, filename)
        return parse_referat(text, source_name or filename).to_json()
    except ImporterError:
        return None


def score_document(doc: GoldDocument, path: Path | None = None) -> Score:
    """Score ``doc`` (or a conversion of it at ``path``) against its gold file."""
    path = path or doc.path
    gold = json.loads(doc.gold.read_text(encoding="utf-8"))
    out = parse_document(path.read_bytes(), path.name, doc.name)
    label = doc.name if path == doc.path else f"{doc.name} → {path.suffix.lstrip('.')}"
    return score(label, out, gold)


def table(scores: list[Score]) -> str:
    width = max([len(s.name) for s in scores] + [8])
    lines = [f"  {'document':{width}}  {'fields':>11}  {'%':>6}"]
    for s in scores:
        lines.append(f"  {s.name:{width}}  {s.matched:5d}/{s.total:<5d}  {s.percent:6.1f}")
    return "\n".join(lines)
