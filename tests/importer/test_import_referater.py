"""``manage.py import_referater``: dry-run JSON, idempotency, bad inputs, exit status."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from councils.models import Meeting, SourceDocument
from tests.importer.conftest import gold_differences, load_gold, seed_names

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_referater", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.parametrize("seed", seed_names(), indirect=True)
def test_dry_run_json_equals_gold(seed, gold_dir):
    out, _err, error = run(seed, "--dry-run", "--json")
    assert error is None
    assert gold_differences(json.loads(out), load_gold(gold_dir, seed.name)) == []
    assert Meeting.objects.count() == 0 and SourceDocument.objects.count() == 0


def test_dry_run_json_of_several_files_is_a_list(seeds_dir, gold_dir):
    out, _err, error = run(seeds_dir, "--dry-run", "--json")
    assert error is None
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == len(list(seeds_dir.iterdir()))
    for entry in data:
        assert gold_differences(entry, load_gold(gold_dir, entry["source"])) == []


def test_importing_the_seeds_twice_changes_nothing(seeds_dir):
    n = len([p for p in seeds_dir.iterdir() if p.is_file()])
    out, _err, error = run(seeds_dir)
    assert error is None
    assert f"imported: {n}, updated: 0, unchanged: 0, failed: 0" in out
    before = row_counts()
    out, _err, error = run(seeds_dir)
    assert error is None
    assert f"imported: 0, updated: 0, unchanged: {n}, failed: 0" in out
    assert row_counts() == before


def _blank_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="hemmelig", owner_password="ejer")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_INPUTS = {
    "tom.txt": (b"", "empty"),
    "stoej.txt": (bytes(range(256)) * 8, "binary data"),
    "referat.xlsx": (b"PK\x03\x04 regneark", "File type '.xlsx' is not accepted"),
    "scannet.pdf": (_blank_pdf(), "no text layer — scanned PDF? run OCR first"),
    "kode.pdf": (_encrypted_pdf(), "password-protected"),
    "afbrudt.pdf": (_blank_pdf()[:300], "truncated"),
    "ingen-overskrift.txt": (b"Punkt 1: Noget\n\nBeslutning\n\nGodkendt\n", "REFERAT"),
    "ingen-punkter.md": (
        "REFERAT Byrådet d. 01-02-2024\n\nMødested Rådhuset\n".encode(),
        "No points",
    ),
    "for-stor.txt": (b"REFERAT " + b"x" * 5000, "limit is"),
}


def test_bad_inputs_fail_clearly_and_good_files_still_import(tmp_path, seed_files, settings):
    settings.REFERATER_MAX_UPLOAD_BYTES = 4000
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _message) in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    good = min(seed_files, key=lambda p: p.stat().st_size)
    settings.REFERATER_MAX_UPLOAD_BYTES = max(4000, good.stat().st_size + 1)
    (folder / "for-stor.txt").write_bytes(b"REFERAT " + b"x" * settings.REFERATER_MAX_UPLOAD_BYTES)
    out, _err, error = run(folder, good)
    assert error is not None and error.returncode == 1
    assert f"imported: 1, updated: 0, unchanged: 0, failed: {len(BAD_INPUTS)}" in out
    failed_lines = {
        line.split(":", 1)[0]: line for line in out.splitlines() if line.startswith("FAILED")
    }
    assert len(failed_lines) == len(BAD_INPUTS)
    for name, (_data, message) in BAD_INPUTS.items():
        line = failed_lines[f"FAILED {folder / name}"]
        assert message in line, line
    # No rows from the bad files: only the good one is in the archive.
    assert Meeting.objects.count() == 1
    assert list(SourceDocument.objects.values_list("original_name", flat=True)) == [good.name]


def test_each_bad_input_alone_exits_1_and_writes_nothing(tmp_path):
    before = row_counts()
    for name, (data, message) in BAD_INPUTS.items():
        if name == "for-stor.txt":
            continue
        path = tmp_path / name
        path.write_bytes(data)
        out, _err, error = run(path)
        assert error is not None and error.returncode == 1, name
        assert message in out, (name, out)
    assert row_counts() == before


def test_status_draft(seed_files):
    _out, _err, error = run(seed_files[0], "--status", "draft")
    assert error is None
    assert Meeting.objects.get().status == Meeting.Status.DRAFT


def test_an_unexpected_error_in_one_file_does_not_stop_the_others(seed_files, monkeypatch):
    from councils.importer import service

    def batch_fails(*args, **kwargs):  # writing the batch together fails …
        raise RuntimeError("deadlock detected")

    real = service.import_accepted

    def flaky(accepted, **kwargs):  # … and, one by one, so does the first file
        if accepted.name == seed_files[0].name:
            raise RuntimeError("disk full")
        return real(accepted, **kwargs)

    monkeypatch.setattr(service, "load_meetings", batch_fails)
    monkeypatch.setattr(service, "import_accepted", flaky)
    out, _err, error = run(*seed_files[:2])
    assert error is not None and error.returncode == 1
    assert "imported: 1, updated: 0, unchanged: 0, failed: 1" in out
    assert f"FAILED {seed_files[0]}: unexpected error (RuntimeError: disk full)" in out
    assert SourceDocument.objects.count() == 1


def test_import_files_gives_the_same_result_as_one_by_one(seed_files, tmp_path):
    """Batch import: new meetings together; repeats, corrections and bad files one by one."""
    from councils.importer import import_files

    first = seed_files[0].read_bytes()
    corrected = first.replace(b"\n\n", b"\n\n\n", 1)  # same meeting, other bytes
    files = [(p.read_bytes(), p.name) for p in seed_files]
    files += [(first, "repeat.txt"), (b"", "empty.txt"), (corrected, "corrected.txt")]
    results = import_files(files)
    outcomes = [getattr(r, "outcome", type(r).__name__) for r in results]
    assert outcomes == ["imported"] * len(seed_files) + ["unchanged", "FileRefused", "updated"]
    assert Meeting.objects.count() == len(seed_files)
    assert SourceDocument.objects.filter(superseded_by__isnull=False).count() == 1
    before = row_counts()
    again = import_files(files[: len(seed_files)])
    assert [r.outcome for r in again] == ["unchanged"] * len(seed_files)
    assert row_counts() == before


def test_refused_files_print_the_intakes_command_line(seed_files, tmp_path, bounded):
    from tests.files.factories import HTML_PAGE, encrypted_pdf, pdf, zip_bomb_docx

    folder = tmp_path / "ind"
    folder.mkdir()
    (folder / "bombe.docx").write_bytes(zip_bomb_docx(100_000_000))
    (folder / "samlet.pdf").write_bytes(pdf(5000))
    (folder / "hemmelig.pdf").write_bytes(encrypted_pdf())
    (folder / "forklædt.pdf").write_bytes(HTML_PAGE)
    (folder / seed_files[0].name).write_bytes(seed_files[0].read_bytes())
    with bounded(seconds=30, megabytes=128):
        out, _err, error = run(folder)
    assert error is not None and error.returncode == 1
    assert "imported: 1, updated: 0, unchanged: 0, failed: 4" in out
    lines = {line.split(": ", 1)[0]: line for line in out.splitlines() if line.startswith("FAILED")}
    assert "unpacks to more than 100 times" in lines[f"FAILED {folder / 'bombe.docx'}"]
    assert "The PDF has 5000 pages; the limit is 2000" in lines[f"FAILED {folder / 'samlet.pdf'}"]
    assert "password-protected" in lines[f"FAILED {folder / 'hemmelig.pdf'}"]
    assert "named .pdf but contains an HTML page" in lines[f"FAILED {folder / 'forklædt.pdf'}"]
    assert SourceDocument.objects.count() == 1


def test_import_paths_reports_each_file_to_the_callback(seed_files, tmp_path):
    from councils.importer.service import import_paths

    (tmp_path / "tom.txt").write_bytes(b"")
    seen = []
    result = import_paths(
        [seed_files[0], tmp_path], status="draft", report=lambda f, done, total: seen.append(
            (f.path.name, f.outcome, done, total)
        )
    )
    # An empty file is refused as it is read, before its batch is imported.
    assert seen == [("tom.txt", "failed", 1, 2), (seed_files[0].name, "imported", 2, 2)]
    assert result.counts == {"imported": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert Meeting.objects.get().status == Meeting.Status.DRAFT
    dry = import_paths([seed_files[1]], dry_run=True)
    assert [f.outcome for f in dry.files] == ["parsed"] and Meeting.objects.count() == 1
