"""Fidelity table (``pytest -m benchmark -s tests/benchmarks/test_bench_fidelity.py``): gold
fields matched / total per document, for the seeds (as text, and converted to PDF and DOCX by
LibreOffice) and the real minutes in ../shared/real (PDF and HTML). Targets: 100 % on the
seeds, ≥ 95 % on each real document (asserted by tests/importer/test_fidelity.py)."""

from __future__ import annotations

import os

import pytest

from tests.importer.fidelity import real_documents, score_document, seed_documents, table

pytestmark = pytest.mark.benchmark


def test_bench_fidelity_per_document(converted_seeds):
    scores = []
    for doc in seed_documents():
        scores.append(score_document(doc))
    for fmt in ("pdf", "docx"):
        folder = converted_seeds(fmt)
        for doc in seed_documents():
            scores.append(score_document(doc, folder / f"{doc.path.stem}.{fmt}"))
    for doc in real_documents():
        scores.append(score_document(doc))
    print("\n[bench] parser fidelity (gold fields matched, whitespace folded):")
    print(table(scores))
    if os.environ.get("FIDELITY_MISSES"):
        for s in scores:
            for miss in s.misses:
                print(f"  {s.name}: {miss[:300]}")
    assert scores
