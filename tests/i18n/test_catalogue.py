"""The English catalogue is complete: every msgid translated, none fuzzy, placeholders kept,
and ``makemessages`` finds no msgid the catalogue lacks (run on a copy of the sources)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the project's Python code and templates.
SOURCE_DIRS = ("councils", "referater", "templates")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%[sd]")


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_every_msgid_is_translated_and_none_is_fuzzy():
    po = entries()
    assert len(po) > 500
    untranslated = [e.msgid for e in po if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == [], f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"


def test_translations_keep_the_placeholders():
    for e in entries():
        sources = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
        wanted = sorted(set(PLACEHOLDER.findall(sources[-1])))
        translations = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        for text in translations:
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, (e.msgid, text)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext tools not installed")
def test_makemessages_would_add_no_msgid(tmp_path, settings, monkeypatch):
    """Every marked string of the code and templates is in the catalogue: makemessages on a
    copy of the sources (a few seconds) yields no msgid the committed catalogue lacks."""
    for name in SOURCE_DIRS:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    locale = tmp_path / "locale" / "en" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    shutil.copy(CATALOGUE, locale / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
    fresh = polib.pofile(str(locale / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in entries()}
    missing = sorted(
        e.msgid for e in fresh if not e.obsolete and (e.msgctxt, e.msgid) not in committed
    )
    assert missing == [], f"run makemessages -l en and translate: {missing[:10]}"
    untranslated = [e.msgid for e in fresh if not e.obsolete and not e.translated()]
    assert untranslated == []
