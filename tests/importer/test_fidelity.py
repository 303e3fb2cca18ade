"""Fidelity against the gold files: the seeds stay at 100 %, the real minutes at ≥ 95 %.

The per-document table: ``make bench-fidelity`` (tests/benchmarks/test_bench_fidelity.py).
"""

from __future__ import annotations

import pytest

from councils.importer.extract import extract_text
from councils.importer.parse import parse_referat
from tests.importer.conftest import uncovered_lines
from tests.importer.fidelity import REAL_DIR, real_documents, score_document, seed_documents

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
