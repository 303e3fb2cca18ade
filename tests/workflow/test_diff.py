import pytest

from councils.models import AgendaItem
from councils.staff.diff import diff_meetings, find_conflicts, word_diff_html
from councils.staff.serialize import meeting_as_dict
from tests import factories as f


def meeting_dict(items, **kwargs):
    return {
        "source": "r.txt",
        "council": "Socialudvalget",
        "date": "2015-03-25",
        "start_time": "15:00",
        "location": "Rådhuset",
        "items": items,
        **kwargs,
    }


def item(number, title="Punkt", decision="Godkendt.", **kwargs):
    return {
        "number": number,
        "title": title,
        "case_number": None,
        "decision": decision,
        "decision_outcome": "godkendt",
        "is_closed": False,
        "attachments": [],
        "absences": [],
        "prior_decisions": [],
        "sections": [],
        **kwargs,
    }


def test_word_diff_marks_changed_words_and_escapes_html():
    html = word_diff_html("Godkendt <b>.", "Godkendt med 5 stemmer <b>.")
    assert "<ins>med 5 stemmer </ins>" in html or "<ins>med" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_diff_lists_added_removed_and_changed_points_with_decision_flag():
    old = meeting_dict([item(1, "A"), item(2, "B"), item(3, "C")])
    new = meeting_dict(
        [item(1, "A"), item(2, "B", decision="Forkastet."), item(4, "D")], location="Byrådssalen"
    )
    diff = diff_meetings(old, new)
    assert [i.number for i in diff.added] == [4]
    assert [i.number for i in diff.removed] == [3]
    assert [i.number for i in diff.changed] == [2]
    changed = diff.changed[0]
    assert changed.decision_changed
    assert changed.changes[0].field == "decision"
    assert "<del>Godkendt.</del>" in changed.changes[0].html
    assert [c.field for c in diff.meeting_changes] == ["location"]


def test_identical_meetings_have_an_empty_diff():
    m = meeting_dict([item(1, sections=[{"kind": "resume", "heading": "Resume", "text": "x"}])])
    assert diff_meetings(m, m).is_empty


pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_meeting(socialudvalget):
    meeting = f.meeting(socialudvalget)
    f.item(meeting, number=1, title="Dagsorden", decision="Godkendt.")
    f.item(meeting, number=2, title="Budget", decision="Godkendt.")
    AgendaItem.history.all().delete()  # as after a bulk import without history
    return meeting


def test_no_conflicts_without_editor_changes(imported_meeting):
    new = meeting_as_dict(imported_meeting)
    new["items"][1]["decision"] = "Forkastet."
    assert find_conflicts(imported_meeting, new) == []


def test_editor_change_that_the_file_would_overwrite_is_a_conflict(imported_meeting, editor):
    budget = imported_meeting.items.get(number=2)
    budget.decision = "Godkendt med rettelse."
    budget._history_user = editor
    budget.save()
    new = meeting_as_dict(imported_meeting)
    new["items"][1]["decision"] = "Godkendt."  # the file still says what was imported
    new["items"][1]["title"] = "Budget 2016"  # the editor did not touch the title
    conflicts = find_conflicts(imported_meeting, new)
    assert [(c.item_number, c.field) for c in conflicts] == [(2, "decision")]
    c = conflicts[0]
    assert (c.editor_value, c.file_value, c.imported_value) == (
        "Godkendt med rettelse.",
        "Godkendt.",
        "Godkendt.",
    )
    assert c.edited_by == "redaktoer"
    # A file that agrees with the editor is no conflict.
    new["items"][1]["decision"] = "Godkendt med rettelse."
    assert find_conflicts(imported_meeting, new) == []


def test_unknown_import_value_makes_every_differing_edited_field_a_conflict(socialudvalget):
    meeting = f.meeting(socialudvalget)
    it = f.item(meeting, number=1, decision="Godkendt.")
    it.decision = "Redigeret."
    it.save()
    # Data edited before versions were kept: the history starts with the edit.
    it.history.filter(history_type="+").delete()
    new = meeting_as_dict(meeting)
    new["items"][0]["decision"] = "Fra filen."
    assert [c.field for c in find_conflicts(meeting, new)] == ["decision"]
