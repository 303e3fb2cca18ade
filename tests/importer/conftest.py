"""Fixtures for importer tests: gold comparison and seeds converted to PDF/DOCX by LibreOffice."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from councils.importer.parse.lines import clean_line, is_furniture
from councils.importer.parse.vocab import ABSENCE_LABEL_RE, BILAG_HEADINGS
from tests.conftest import SEEDS_DIR

SOFFICE_TIMEOUT_SECONDS = 300
# LibreOffice must read the seeds as UTF-8 text with LF line ends.
SOFFICE_TEXT_FILTER = "Text (encoded):UTF8,LF,,,"


def seed_names() -> list[str]:
    """Seed file names known at collection time (tests skip with a reason when absent)."""
    if not SEEDS_DIR.is_dir():
        return ["(no seeds)"]
    names = sorted(p.name for p in SEEDS_DIR.iterdir() if p.is_file())
    return names or ["(no seeds)"]


@pytest.fixture
def seed(request, seeds_dir) -> Path:
    path = seeds_dir / request.param
    if not path.is_file():
        pytest.skip(f"seed {request.param} not found in {seeds_dir}")
    return path


def load_gold(gold_dir: Path, seed_name: str) -> dict:
    path = gold_dir / (Path(seed_name).stem + ".json")
    if not path.is_file():
        pytest.skip(f"no gold file {path.name} in {gold_dir}")
    return json.loads(path.read_text(encoding="utf-8"))


def fold_whitespace(value):
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, list):
        return [fold_whitespace(v) for v in value]
    if isinstance(value, dict):
        return {k: fold_whitespace(v) for k, v in value.items()}
    return value


def gold_differences(out: dict, gold: dict, *, fold: bool = False) -> list[str]:
    """Every field of the gold file that the output does not equal (output may have more)."""
    if fold:
        out, gold = fold_whitespace(out), fold_whitespace(gold)
    diffs = []
    for key, expected in gold.items():
        if key != "items":
            if out.get(key) != expected:
                diffs.append(f"{key}: expected {expected!r}, got {out.get(key)!r}")
            continue
        got_items = out.get("items", [])
        if len(got_items) != len(expected):
            diffs.append(f"items: expected {len(expected)} points, got {len(got_items)}")
            continue
        for exp_item, got_item in zip(expected, got_items, strict=True):
            for field, value in exp_item.items():
                if got_item.get(field) != value:
                    diffs.append(
                        f"Punkt {exp_item.get('number')} {field}: expected {value!r}, "
                        f"got {got_item.get(field)!r}"
                    )
    return diffs


@pytest.fixture(scope="session")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.skip(
            "LibreOffice (soffice) is not installed; `apt-get install libreoffice-writer-nogui` "
            "(done by .ci/run) to test PDF and DOCX import"
        )
    return path


@pytest.fixture(scope="session")
def converted_seeds(soffice, seeds_dir, tmp_path_factory):
    """``converted_seeds("pdf")`` → folder with every seed converted once per session."""
    cache: dict[str, Path] = {}

    def convert(fmt: str) -> Path:
        if fmt in cache:
            return cache[fmt]
        out = tmp_path_factory.mktemp(f"seeds_{fmt}")
        sources = sorted(p for p in seeds_dir.iterdir() if p.is_file())
        profile = tmp_path_factory.mktemp("lo_profile")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                f"--infilter={SOFFICE_TEXT_FILTER}",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=SOFFICE_TIMEOUT_SECONDS,
        )
        cache[fmt] = out
        return out

    return convert


# Lines the coverage check does not look for in the parse result, and why.
COVERAGE_EXCEPTIONS = {
    "header": "lines before the first point become council, date, time, place, absences, TOC",
    "furniture": "separators, page numbers, column heads ('Punkt Titel') and UI leftovers",
    "absence label": "a bare 'Fraværende:'/'Afbud:' becomes the kind of the absences after it",
    "bilag heading": "a bare 'Bilag' introduces the point's attachments",
}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _item_field_lines(item) -> list[str]:
    fields = [f"Punkt {item.number}: {item.title}", item.title, item.case_number or "",
              item.group]  # fmt: skip
    for section in item.sections:
        fields.append(section.heading)
        fields.extend(section.text.splitlines())
    fields.extend(item.attachments)
    for absence in item.absences:
        fields.append(absence.name)
    for prior in item.prior_decisions:
        fields.extend(prior.heading.splitlines())
        fields.extend(prior.text.splitlines())
    return [_fold(f) for f in fields if f]


def uncovered_lines(text: str, parsed) -> list[str]:
    """Every printed line of every point that no field of the parse result holds."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n").split("\n")
    starts = {}
    consumed = set()
    for item in parsed.items:
        starts[min([item.line, *item.header_lines])] = item
        consumed.update(item.header_lines)
        consumed.add(item.line)
    current = None
    missing = []
    for no, raw in enumerate(lines, start=1):
        if no in starts:
            current = starts[no]
            fields = _item_field_lines(current)
            joined = "\n".join(fields)
        if current is None or no in consumed:
            continue  # the header, and the lines a heading took: see COVERAGE_EXCEPTIONS
        cleaned, _ = clean_line(raw)
        folded = _fold(cleaned)
        if not folded or is_furniture(cleaned):
            continue
        label = ABSENCE_LABEL_RE.match(cleaned)
        if label and not label["names"].strip():
            continue
        if folded.rstrip(":") in BILAG_HEADINGS:
            continue
        if label and _fold(label["names"]) in joined.replace(",", " , "):
            continue
        if label and all(_fold(a.name) in folded for a in current.absences[-1:]):
            continue
        if folded in fields or folded in joined:
            continue
        missing.append(f"line {no}: {cleaned!r}")
    return missing
