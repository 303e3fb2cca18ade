"""Rules about where code lives, checked on the source (AST): the public rule is stated only in
councils/models/querysets.py."""

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
    COUNCILS / "filters.py",
    *sorted((COUNCILS / "templatetags").glob("*.py")),
]
RULE_NAMES = {"status", "is_closed", "is_published", "PUBLISHED", "DRAFT", "Status"}
LOOKUP_RE = re.compile(r"(?:\w+__)*(?:status|is_closed)(?:__\w+)*")


def rule_restatements(source: str) -> list[str]:
    """Where a module names the fields or values the public rule is made of."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in RULE_NAMES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg and LOOKUP_RE.fullmatch(node.arg):
            found.append(f"line {node.value.lineno}: {node.arg}=")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and LOOKUP_RE.fullmatch(node.value)
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


@pytest.mark.parametrize("path", PUBLIC_CODE, ids=lambda p: str(p.relative_to(COUNCILS)))
def test_public_code_does_not_restate_the_public_rule(path):
    found = rule_restatements(path.read_text(encoding="utf-8"))
    assert not found, (
        f"{path.relative_to(COUNCILS)} states the public rule itself ({', '.join(found)}); "
        "call Meeting/AgendaItem/….objects.public() (councils/models/querysets.py) instead."
    )
