"""The referat generator: deterministic, varied, and parsed back to what it generated."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from councils.importer.generate import generate_referat
from councils.importer.parse import parse_referat
from councils.models import AgendaItem, Meeting, PriorDecision

GENERATED = 60


def test_same_seed_same_bytes(tmp_path):
    for folder in ("a", "b"):
        call_command(
            "generate_referater", "--count", "6", "--out", tmp_path / folder, "--seed", "7",
            stdout=io.StringIO(),
        )  # fmt: skip
    a = sorted((tmp_path / "a").iterdir())
    b = sorted((tmp_path / "b").iterdir())
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    other = generate_referat(8, 0).text
    assert other != a[0].read_text(encoding="utf-8")


def test_a_file_does_not_depend_on_how_many_are_generated():
    assert generate_referat(1, 3).text == generate_referat(1, 3).text
    assert [generate_referat(1, i).filename for i in range(4)] == [
        "referat_1_000000.txt",
        "referat_1_000001.md",
        "referat_1_000002.txt",
        "referat_1_000003.md",
    ]


@pytest.mark.parametrize("index", range(GENERATED))
def test_generated_file_parses_back_to_what_was_generated(index):
    generated = generate_referat(5, index)
    parsed = parse_referat(generated.text, generated.filename)
    data = parsed.to_json()
    assert (data["council"], data["date"], data["start_time"], data["location"]) == (
        generated.council,
        generated.date.isoformat(),
        generated.start_time,
        generated.location,
    )
    assert len(parsed.items) == len(generated.items)
    for got, (item, expected) in zip(
        data["items"], zip(parsed.items, generated.items, strict=True), strict=True
    ):  # noqa: E501
        for key in ("number", "title", "case_number", "attachments", "absent", "prior_decisions"):
            assert got[key] == expected[key], (expected["number"], key)
        assert got["decision"] == (expected["decision"] or None)
        assert item.decision_outcome == expected["outcome"]
        assert item.is_closed == expected["closed"]
    unexpected = {w.code for w in parsed.warnings} - {"outcome_other"}
    assert unexpected == set(), [w.message for w in parsed.warnings]


def test_generated_set_is_varied():
    files = [generate_referat(2, i) for i in range(GENERATED)]
    items = [item for f in files for item in f.items]
    texts = "\n".join(f.text for f in files)
    assert {f.filename.rsplit(".", 1)[1] for f in files} == {"txt", "md"}
    assert len({f.council for f in files}) >= 10
    assert len({f.canonical_council for f in files}) < len({f.council for f in files})
    assert len({f.date.year for f in [generate_referat(2, i * 200) for i in range(20)]}) >= 5
    assert any(i["closed"] for i in items)
    assert any(i["prior_decisions"] for i in items)
    assert any(i["absent"] for i in items)
    assert any(i["attachments"] for i in items)
    assert len({i["outcome"] for i in items}) == 7
    assert "stemmer imod" in texts and "deltog ikke i sagens behandling" in texts
    assert "\n  - " in texts and "|---|" in texts and "\t" in texts
    assert "RESUME" in texts and "## Resume" in texts and "### Indstilling:" in texts
    case_numbers = [i["case_number"] for i in items if i["case_number"]]
    assert len(set(case_numbers)) < len(case_numbers)  # cases recur across meetings


@pytest.mark.django_db
def test_sample_data_imports_through_the_importer_and_is_idempotent(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    call_command("sample_data", "--count", "15", "--out", tmp_path / "s", stdout=out)
    assert "imported 15" in out.getvalue()
    assert Meeting.objects.published().count() == 15
    assert AgendaItem.objects.count() > 60
    assert PriorDecision.objects.filter(matched_item__isnull=False).exists()
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    out = io.StringIO()
    call_command("sample_data", "--count", "15", "--out", tmp_path / "s", stdout=out)
    assert "imported 0, updated 0, unchanged 15, failed 0" in out.getvalue()
    assert counts == {m._meta.label: m._default_manager.count() for m in apps.get_models()}
