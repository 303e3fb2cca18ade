"""Import benchmarks (``make bench-import``): figures are printed, never asserted as timings.

- parse throughput on the seeds (MB/s, CPU time of one core and wall time);
- PDF libraries on the seeds converted by LibreOffice: pypdf and pdfplumber ``extract_text``
  versus the layout rebuilt from word/character positions (pdfplumber, pypdfium2): time,
  gold fields matched, Danish letters, blank lines and table rows kept;
- import rate of generated ~30 KB referater into the configured database (PostgreSQL when
  ``DATABASE_URL`` points at it): referater/s and points/s.

``BENCH_IMPORT_COUNT`` (default 300) sets how many generated referater are imported.
"""

from __future__ import annotations

import io
import os
import time

import pytest
from django.db import connection

from councils.importer import default_municipality, import_file, import_files
from councils.importer.extract import (
    pdf_layout_text,
    pdfium_words,
    pdfplumber_words,
)
from councils.importer.generate import write_referater
from councils.importer.parse import parse_referat
from councils.importer.service import IMPORT_BATCH_SIZE
from councils.models import AgendaItem
from tests.importer.conftest import gold_differences, load_gold

pytestmark = pytest.mark.benchmark

PARSE_ROUNDS = 20
DEFAULT_IMPORT_COUNT = 300
SINGLE_FILE_COUNT = 50


def test_bench_parse_throughput(seed_files):
    total_bytes = 0
    cpu = wall = 0.0
    for path in seed_files:
        text = path.read_text(encoding="utf-8")
        size = len(text.encode("utf-8"))
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        for _ in range(PARSE_ROUNDS):
            parse_referat(text, path.name)
        cpu += time.process_time() - started_cpu
        wall += time.perf_counter() - started_wall
        total_bytes += size * PARSE_ROUNDS
    print(
        f"\n[bench] parse: {total_bytes / 1e6:.1f} MB of seeds in {cpu:.2f} s CPU → "
        f"{total_bytes / cpu / 1e6:.1f} MB/s per core (wall {total_bytes / wall / 1e6:.1f} MB/s; "
        "target ≥ 5 MB/s per core)"
    )
    assert total_bytes > 0


def _pypdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _pdfplumber_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pdfplumber_layout(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf_layout_text(pdfplumber_words(pdf))


def _pdfium_layout(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return pdf_layout_text(pdfium_words(document))
    finally:
        document.close()


def _gold_fields(out: dict, gold: dict) -> tuple[int, int]:
    """(matched, total) gold fields, whitespace folded."""
    total = 4 + sum(len(item) for item in gold["items"])
    return total - len(gold_differences(out, gold, fold=True)), total


def test_bench_pdf_libraries(seed_files, converted_seeds, gold_dir):
    folder = converted_seeds("pdf")
    methods = {
        "pypdf extract_text": _pypdf_text,
        "pdfplumber extract_text": _pdfplumber_text,
        "pdfplumber words + layout": _pdfplumber_layout,
        "pypdfium2 chars + layout (used)": _pdfium_layout,
    }
    print("\n[bench] PDF extraction on the seeds converted by LibreOffice:")
    print(
        f"  {'method':34} {'seconds':>8} {'gold fields':>12} {'æøå kept':>9} "
        f"{'blank lines':>12} {'TAB rows':>9}"
    )
    for name, method in methods.items():
        seconds = 0.0
        matched = total = letters_ok = blank_kept = blank_all = rows_kept = rows_all = 0
        for seed in seed_files:
            source = seed.read_text(encoding="utf-8")
            data = (folder / f"{seed.stem}.pdf").read_bytes()
            started = time.process_time()
            text = method(data)
            seconds += time.process_time() - started
            try:
                out = parse_referat(text, seed.name).to_json()
                m, t = _gold_fields(out, load_gold(gold_dir, seed.name))
            except Exception:  # noqa: BLE001 - a method whose text cannot be parsed scores 0
                m, t = 0, 4 + sum(len(i) for i in load_gold(gold_dir, seed.name)["items"])
            matched, total = matched + m, total + t
            letters_ok += all(text.count(c) == source.count(c) for c in "æøåÆØÅ")
            blank_all += source.count("\n\n")
            blank_kept += min(text.count("\n\n"), source.count("\n\n"))
            rows = [ln.rstrip("\t") for ln in source.splitlines() if "\t" in ln and len(ln) < 60]
            lines = set(text.splitlines())
            rows_all += len(rows)
            rows_kept += sum(row in lines for row in rows)
        print(
            f"  {name:34} {seconds:8.2f} {matched:5d}/{total:<6d} "
            f"{letters_ok:4d}/{len(seed_files):<4d} {100 * blank_kept / blank_all:11.0f}% "
            f"{100 * rows_kept / max(rows_all, 1):8.0f}%"
        )
    assert seed_files


@pytest.mark.django_db(transaction=True)
def test_bench_import_rate(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    count = int(os.environ.get("BENCH_IMPORT_COUNT", DEFAULT_IMPORT_COUNT))
    started = time.perf_counter()
    paths = write_referater(tmp_path / "generated", count, seed=42)
    generated_in = time.perf_counter() - started
    size = sum(p.stat().st_size for p in paths)
    payloads = [(p.read_bytes(), p.name) for p in paths]
    municipality = default_municipality()
    # As import_referater does it: batches of IMPORT_BATCH_SIZE new referater per transaction.
    started, started_cpu = time.perf_counter(), time.process_time()
    for start in range(0, count, IMPORT_BATCH_SIZE):
        results = import_files(
            payloads[start : start + IMPORT_BATCH_SIZE], municipality=municipality
        )
        assert all(r.outcome == "imported" for r in results), results
    seconds = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    # For comparison: one file per call and transaction (uploads in the browser).
    single = write_referater(tmp_path / "single", SINGLE_FILE_COUNT, seed=43)
    started_single = time.perf_counter()
    for path in single:
        assert import_file(path.read_bytes(), path.name, municipality=municipality).outcome
    single_rate = len(single) / (time.perf_counter() - started_single)
    points = AgendaItem.objects.filter(
        meeting__source_document__original_name__in=[p.name for p in paths]
    ).count()
    vendor = connection.vendor
    print(
        f"\n[bench] generated {count} referater ({size / count / 1024:.0f} KB each, "
        f"{points} points) in {generated_in:.1f} s"
    )
    print(
        f"[bench] import into {vendor}: {count / seconds:.1f} referater/s, "
        f"{points / seconds:.0f} points/s, {size / seconds / 1e6:.2f} MB/s "
        f"({seconds:.1f} s, batches of {IMPORT_BATCH_SIZE}; target ≥ 50 referater/s on "
        f"PostgreSQL); one file per transaction: {single_rate:.1f} referater/s"
    )
    print(
        f"[bench] importer process CPU: {cpu / count * 1000:.1f} ms per referat "
        f"({count / cpu:.0f} referater/s if the database answered instantly); "
        f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if vendor != "postgresql":
        print("[bench] set DATABASE_URL=postgres://… to measure PostgreSQL")
    assert points > 0
