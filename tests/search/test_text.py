"""Danish tokenising, folding, stemming and safe highlighting (no database)."""

from councils.search.snippets import excerpt, marked_indices
from councils.search.text import (
    MARK_END,
    MARK_START,
    document_fields,
    fold,
    marked_to_html,
    stem,
    stemmed,
    tokens,
)


def test_danish_letters_fold_case_but_are_not_stripped():
    assert fold("ÆRØ ÅRHUS") == "ærø århus"
    assert stem("Hjemløshed") == stem("hjemløse") == "hjemløs"
    assert stem("båd") != stem("bad")


def test_aa_ae_oe_are_not_folded_to_danish_letters():
    assert stem("Aarhus") != stem("Århus")
    assert stem("Aeroe") != stem("Ærø")


def test_tokens_split_like_fts5_unicode61():
    assert tokens("ACT-projektets 27.15.00-A08, snake_case") == [
        "ACT", "projektets", "27", "15", "00", "A08", "snake", "case",
    ]
    assert stemmed("Psykiatriens Hus") == "psykiatri hus"


def test_marks_become_mark_tags_and_everything_else_is_escaped():
    text = f"<script>x</script> {MARK_START}hjemløse{MARK_END} & <b>"
    assert marked_to_html(text) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>hjemløse</mark> &amp; &lt;b&gt;"
    )


def test_unbalanced_marks_are_balanced():
    assert marked_to_html(f"{MARK_START}a {MARK_START}b") == "<mark>a b</mark>"
    assert marked_to_html(f"a{MARK_END} b") == "a b"


def test_marks_in_source_text_are_removed_before_indexing():
    class Item:
        title = f"a{MARK_START}b"
        decision = ""
        case_id = None

    fields = document_fields(Item(), [], [], [])
    assert MARK_START not in fields.title


def test_marked_indices_and_excerpt_map_back_to_original_words():
    highlighted = f"ord {MARK_START}hjemløs{MARK_END} borg {MARK_START}bolig{MARK_END}"
    assert marked_indices(highlighted) == [1, 3]
    text = "Ordet hjemløse, borgere & boliger"
    assert excerpt(text, {1, 3}) == (
        f"Ordet {MARK_START}hjemløse{MARK_END}, borgere & {MARK_START}boliger{MARK_END}"
    )


def test_excerpt_cuts_around_the_matches():
    text = " ".join(f"ord{i}" for i in range(100))
    out = excerpt(text, {60}, words=10)
    assert out.startswith("… ") and out.endswith(" …")
    assert f"{MARK_START}ord60{MARK_END}" in out


def test_a_stem_starts_its_folded_word():
    """``python_marks`` skips stemming words that start with no stem sought: right only
    because Snowball Danish removes letters from the end (suffixes, undoubling, -igst, -løst)."""
    import re
    from pathlib import Path

    words = {"løst", "kærligst", "Hjemløse", "BOGGEN", "udviklingen", "Ærø", "aftalt",
             "vindmøllerne", "indstillingen", "godkendt", "elsker", "lighed"}
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    for path in sorted(seeds.rglob("*.txt"))[:50] if seeds.is_dir() else []:
        words.update(re.findall(r"[^\W_]+", path.read_text(errors="ignore")))
    assert [w for w in words if not fold(w).startswith(stem(w))] == []


def test_python_marks_mark_words_by_stem_and_prefix():
    from councils.search.query import parse_query
    from councils.search.snippets import python_marks

    text = "Hjemløse borgere og hjemløshed i kommunens boliger; hjemløsestrategien nu."
    # "hjemløs" (7 letters) is also a prefix: the compound is marked.
    assert python_marks(text, parse_query("hjemløse")) == {0, 3, 7}
    assert python_marks(text, parse_query("bolig")) == {6}  # "bol": exact stems only
    assert python_marks(text, parse_query('"kommunens boliger"')) == {5, 6}
    assert python_marks(text, parse_query("skole")) == set()
