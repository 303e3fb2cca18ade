"""Benchmarks reuse the importer tests' LibreOffice conversions."""

from tests.importer.conftest import converted_seeds, soffice  # noqa: F401
