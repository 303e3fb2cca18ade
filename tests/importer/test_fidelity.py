"""Fidelity against the gold files: the seeds stay at 100 %, the real minutes at ≥ 95 %.

The per-document table: ``make bench-fidelity`` (tests/benchmarks/test_bench_fidelity.py).
"""

from __future__ import annotations

import json
import re

import pytest

from councils.importer.extract import extract_text
from councils.importer.parse import parse_referat
from tests.importer.conftest import uncovered_lines
from tests.importer.fidelity import (
    REAL_DIR,
    real_documents,
    score,
    score_document,
    seed_documents,
)

REAL_MIN_PERCENT = 95.0


def _real_names() -> list[str]:
    return [doc.name for doc in real_documents()] or ["(no real minutes)"]


def _real(name: str):
    docs = {doc.name: doc for doc in real_documents()}
    if name not in docs:
        pytest.skip(f"real minutes with gold not found in {REAL_DIR} (../shared/real)")
    return docs[name]


@pytest.mark.parametrize("name", _real_names())
def test_real_minutes_reach_the_target(name):
    result = score_document(_real(name))
    assert result.percent >= REAL_MIN_PERCENT, "\n".join(result.misses[:20])


@pytest.mark.parametrize("name", _real_names())
def test_no_line_of_real_minutes_is_lost(name):
    doc = _real(name)
    text = extract_text(doc.path.read_bytes(), doc.path.name)
    missing = uncovered_lines(text, parse_referat(text, doc.name))
    assert missing == [], "\n".join(missing[:20])


def test_seeds_stay_at_full_fidelity(seeds_dir, gold_dir):
    docs = seed_documents()
    assert docs, f"no seed with a gold file in {seeds_dir}"
    for doc in docs:
        result = score_document(doc)
        assert result.percent == 100.0, (doc.name, result.misses[:10])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_seeds_converted_by_libreoffice_stay_at_full_fidelity(fmt, converted_seeds, gold_dir):
    folder = converted_seeds(fmt)
    for doc in seed_documents():
        result = score_document(doc, folder / f"{doc.path.stem}.{fmt}")
        assert result.percent == 100.0, (doc.name, fmt, result.misses[:10])


def _own_heading(text: str) -> str:
    """ "Beslutning" → "Beslutning i <udvalg> den <dato>:" with the seed's own council and date."""
    header = re.search(r"REFERAT (?P<c>.+?) d\. (?P<d>\d\d)-(?P<m>\d\d)-(?P<y>\d{4})", text)
    heading = f"Beslutning i {header['c']} den {header['d']}.{header['m']}.{header['y']}:"
    return re.sub(r"(?m)^(#*\s*\**)(?:Beslutning|BESLUTNING)(\**)\s*$", rf"\1{heading}\2", text)


# The seeds with their layout rewritten into the other printed forms (in memory): the parse
# must still give the gold.
SEED_VARIANTS = {
    "N. titel": lambda t: re.sub(r"(?m)^(#*\s*\**)Punkt (\d+): ", r"\1\2. ", t),
    "Pkt. N titel": lambda t: re.sub(r"(?m)^(#*\s*\**)Punkt (\d+): ", r"\1Pkt. \2 ", t),
    "number alone, title below": lambda t: re.sub(
        r"(?m)^(#*\s*\**)Punkt (\d+): (.*)$", r"\2\n\n\3", t
    ),
    "title above Sag nr. N": lambda t: re.sub(
        r"(?m)^(#*\s*\**)Punkt (\d+): (.*)$", r"\3\nSag nr. \2", t
    ),
    "Pkt. N, title below": lambda t: re.sub(
        r"(?m)^(#*\s*\**)Punkt (\d+): (.*)$", r"Pkt. \2\n\n\3", t
    ),
    "Referat af møde i, Dato:": lambda t: re.sub(
        r"(?m)^(#*\s*\**)REFERAT (.*) d\. (\d\d)-(\d\d)-(\d{4})",
        r"Referat af møde i \2\n\nDato: \3.\4.\5",
        t,
    ),
    "Sagsnr.: label": lambda t: re.sub(
        r"(?m)^(\d\d\.\d\d\.\d\d-[A-ZÆØÅ]\d\d-\d+-\d\d)$", r"Sagsnr.: \1", t
    ),
    "Afgørelse": lambda t: re.sub(
        r"(?m)^(#*\s*\**)(?:Beslutning|BESLUTNING)(\**)\s*$", r"\1Afgørelse\2", t
    ),
    "Beslutning i <udvalg> den <dato>": _own_heading,
}


@pytest.mark.parametrize("variant", sorted(SEED_VARIANTS))
def test_seeds_in_other_layout_forms_still_parse_to_gold(variant, seeds_dir, gold_dir):
    docs = seed_documents()
    assert docs, f"no seed with a gold file in {seeds_dir}"
    for doc in docs:
        text = SEED_VARIANTS[variant](doc.path.read_text(encoding="utf-8"))
        assert text != doc.path.read_text(encoding="utf-8") or variant == "Afgørelse"
        gold = json.loads(doc.gold.read_text(encoding="utf-8"))
        result = score(doc.name, parse_referat(text, doc.name).to_json(), gold)
        assert result.percent == 100.0, (doc.name, variant, result.misses[:5])
