"""Rules about where code lives, checked on the source (AST): the public rule is stated only in
councils/models/querysets.py; models import nothing from search, views or staff."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

COUNCILS = Path(__file__).resolve().parents[2] / "councils"

# Public outputs: they must call the public querysets, never restate the rule.
PUBLIC_CODE = [
    *sorted((COUNCILS / "views").glob("*.py")),
    *sorted((COUNCILS / "search").glob("*.py")),
    # open data and alerts: feeds, calendars, sitemap, OParl, alert mails
    *sorted((COUNCILS / "feeds").glob("*.py")),
    *sorted((COUNCILS / "oparl").glob("*.py")),
    *sorted((COUNCILS / "alerts").glob("*.py")),
    COUNCILS / "filters.py",
    *sorted((COUNCILS / "templatetags").glob("*.py")),
]
RULE_NAMES = {"status", "is_closed", "is_published", "PUBLISHED", "DRAFT", "Status"}
LOOKUP_RE = re.compile(r"(?:\w+__)*(?:status|is_closed)(?:__\w+)*")


def test_the_open_data_packages_are_checked():
    checked = {p.parent.name for p in PUBLIC_CODE}
    assert {"feeds", "oparl", "alerts"} <= checked
    assert len([p for p in PUBLIC_CODE if p.parent.name == "oparl"]) >= 3


RESPONSE_CALLS = {"HttpResponse", "JsonResponse", "StreamingHttpResponse", "render"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def rule_restatements(source: str) -> list[str]:
    """Where a module names the fields or values the public rule is made of."""
    found = []
    tree = ast.parse(source)
    # Keys of dict literals name data (a JSON response's "status"), not a lookup.
    dict_keys = {id(k) for d in ast.walk(tree) if isinstance(d, ast.Dict) for k in d.keys if k}
    # ``status=`` of an HTTP response is its status code.
    response_keywords = {
        id(k)
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and _called_name(call) in RESPONSE_CALLS
        for k in call.keywords
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in RULE_NAMES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.keyword)
            and node.arg
            and LOOKUP_RE.fullmatch(node.arg)
            and id(node) not in response_keywords
        ):
            found.append(f"line {node.value.lineno}: {node.arg}=")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and LOOKUP_RE.fullmatch(node.value)
            and id(node) not in dict_keys
        ):
            found.append(f"line {node.lineno}: {node.value!r}")
    return found


def test_the_checker_finds_restatements():
    source = (
        "Meeting.objects.filter(status=Meeting.Status.PUBLISHED)\n"
        "items.filter(is_closed=False)\n"
        "Q(meetings__status='published')\n"
        "items.values('meeting__status')\n"
        "x = item.is_closed\n"
        "y = meeting.is_published\n"
    )
    assert len(rule_restatements(source)) == 8
    assert rule_restatements("AgendaItem.objects.public().open()\n'Lukket punkt'\n") == []
    assert rule_restatements("JsonResponse({'status': 'ok'}, status=503)\n") == []


@pytest.mark.parametrize("path", PUBLIC_CODE, ids=lambda p: str(p.relative_to(COUNCILS)))
def test_public_code_does_not_restate_the_public_rule(path):
    found = rule_restatements(path.read_text(encoding="utf-8"))
    assert not found, (
        f"{path.relative_to(COUNCILS)} states the public rule itself ({', '.join(found)}); "
        "call Meeting/AgendaItem/….objects.public() (councils/models/querysets.py) instead."
    )


# --- models know nothing of search, views or staff -----------------------------------------------

FORBIDDEN = ("councils.search", "councils.views", "councils.staff")


def imported_modules(path: Path) -> list[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved), also
    inside functions."""
    package = ".".join(path.relative_to(COUNCILS.parent).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return names


def test_the_import_checker_resolves_relative_imports():
    path = COUNCILS / "models" / "archive.py"
    names = imported_modules(path)
    assert "councils.journal" in names and "councils.models.querysets" in names
    assert "councils.signals.councils_merged" in names


@pytest.mark.parametrize(
    "path", sorted((COUNCILS / "models").glob("*.py")), ids=lambda p: p.name
)
def test_models_import_nothing_from_search_views_or_staff(path):
    bad = [n for n in imported_modules(path) if n.startswith(FORBIDDEN)]
    assert not bad, f"councils/models/{path.name} imports {bad}; send a signal instead"
