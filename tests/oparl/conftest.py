"""The OParl 1.1 schemas (read from ../shared/oparl-1.1-schema, never copied) and a validator
that follows their non-standard ``"schema"`` key into embedded objects."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from jsonschema import Draft7Validator, FormatChecker

from tests import factories as f
from tests.conftest import SHARED
from tests.views.conftest import client, danish, media_root, site  # noqa: F401

SCHEMA_DIR = SHARED / "oparl-1.1-schema"


def _checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("url")
    def is_url(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return datetime.datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("date", raises=ValueError)
    def is_date(value) -> bool:
        if not isinstance(value, str):
            return True
        return bool(datetime.date.fromisoformat(value))

    return checker


class OParlValidator:
    """Validates an object against the schema of its ``type`` and, following ``"schema"``,
    every embedded object against its own; checks ``created``/``modified`` on each."""

    def __init__(self, schemas: dict[str, dict]):
        self.schemas = schemas
        self.checker = _checker()
        self.validated: list[str] = []  # types seen, embedded ones too

    def errors(self, obj: dict, schema_name: str | None = None, path: str = "") -> list[str]:
        if not isinstance(obj, dict):
            return [f"{path or 'object'} is not an object"]
        kind = str(obj.get("type", "")).rsplit("/", 1)[-1]
        name = schema_name or f"{kind}.json"
        if name not in self.schemas:
            return [f"{path}: no schema {name} for type {obj.get('type')!r}"]
        schema = self.schemas[name]
        validator = Draft7Validator(schema, format_checker=self.checker)
        found = [
            f"{path}/{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(obj)
        ]
        for required in ("created", "modified"):
            if required not in obj:
                found.append(f"{path}: {name} has no {required!r} (the spec requires it)")
        self.validated.append(name.removesuffix(".json"))
        for key, spec in schema.get("properties", {}).items():
            value = obj.get(key)
            if value is None:
                continue
            if "schema" in spec and isinstance(value, dict):
                found += self.errors(value, _json(spec["schema"]), f"{path}/{key}")
            items = spec.get("items") or {}
            if "schema" in items and isinstance(value, list):
                for n, element in enumerate(value):
                    found += self.errors(element, _json(items["schema"]), f"{path}/{key}/{n}")
        return found

    def validate(self, obj: dict, schema_name: str | None = None) -> None:
        problems = self.errors(obj, schema_name)
        assert not problems, "\n".join(problems)


def _json(name: str) -> str:
    return name if name.endswith(".json") else f"{name}.json"


@pytest.fixture(scope="session")
def oparl_schemas() -> dict[str, dict]:
    if not SCHEMA_DIR.is_dir():
        pytest.skip(
            f"OParl 1.1 schemas not found in {SCHEMA_DIR}: they live beside the repository in "
            "../shared/oparl-1.1-schema (set REFERATER_SHARED_DIR to point elsewhere)"
        )
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.json")}


@pytest.fixture
def oparl(oparl_schemas) -> OParlValidator:
    return OParlValidator(oparl_schemas)


@pytest.fixture
def archive(site):  # noqa: F811 (the imported fixture)
    """The page tests' archive plus files: a bilag file on an open point and one on the closed
    point, and a public original file (a meeting without closed points)."""
    plan_bilag = site["plan"].attachments.order_by("order").first()
    plan_bilag.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"))
    closed_bilag = site["closed"].attachments.get()
    closed_bilag.file.save("hemmelig.pdf", ContentFile(b"%PDF-1.4 Fortroligfil"))
    draft_item = site["draft_item"]
    draft_bilag = f.attachment(draft_item, title="Kladdebilag")
    draft_bilag.file.save("kladde.pdf", ContentFile(b"%PDF-1.4 kladde"))
    source = f.source_document(b"Referat af udvalgets mode", name="udvalg.txt")
    site["earlier"].source_document = source
    site["earlier"].save()
    return {**site, "plan_bilag": plan_bilag, "closed_bilag": closed_bilag, "source": source}
