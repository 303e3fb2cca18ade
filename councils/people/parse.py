"""Votes and participation printed in a decision's text. Pure and deterministic: no Django.

``parse_decision(text)`` returns the ballots (afstemninger) and the participation sentences
the text prints, and nothing it does not print: a name is taken only where it stands as the
subject of a vote or participation sentence, a party letter only where it is printed, a count
only where it is printed. The forms recognised (sources in ``docs/layouts.md``, "Votes and
participation"):

- counts: "Forslaget blev forkastet med 2 stemmer for og 5 stemmer imod", "vedtaget med 25
  stemmer mod 6", "med 16 mod 15 stemmer", "med 5 stemmer for, 2 imod og 1 undlod at stemme",
  "med stemmerne 5-2", "enstemmigt vedtaget";
- labels: "For stemte: A, B og C (V)", "Imod stemte Enhedslisten (Ø)", "For: 20 (Navn (A),
  …)", "Undlod at stemme 5 (…)", "Hverken for eller imod stemte 5 (ALT)", "For <forslaget>
  stemte 11 (…)", several in one sentence separated by commas;
- sentences: "<navne> stemte for/imod", "… undlod at stemme", "… stemte blankt", "… kunne
  (ikke) tiltræde indstillingen", "… kan (ikke) anbefale", "… tog forbehold";
- majorities: "Et flertal bestående af A, C og V (6) anbefaler …", "Et flertal (navne) stemte
  for", "Et mindretal (O) stemte imod", "Anbefales af et flertal bestående af V, B og A";
- a header "Der blev stemt om forslaget:" starts a ballot; the vote lines after it belong to it;
- participation: "<navne> deltog ikke i (sagens) behandling(en)", "… var forhindret i at
  deltage", "… var ikke til stede", "… forlod mødet", "… var/erklærede sig inhabil", "… var
  fraværende", "… havde meldt afbud", "… udeblev", "… deltog under punktet", "… deltog i
  stedet", "… mødte som stedfortræder"; names may carry an apposition ("Dorte Hansen,
  centerleder for …, deltog under punktet"), kept as the role.

Voters are persons (two to six capitalised words, "(A)" kept as their party), party letters
("A", "(Ø)", "LA"), or groups as printed ("Enhedslisten", "Liste B", "Venstres byrådsgruppe"
→ "Venstre"). A list with anything else in it (a sentence, a number) is not a list of voters,
and the sentence gives no rows.

Not recognised: votes printed as tables, votes in decisions of *other* committees (prior
decisions: they concern another meeting), "Navn, K" (a party letter after a comma), counts in
words beyond twenty, protocol remarks ("tilkendegav, at …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from councils.importer.parse.vocab import (
    MAX_NAME_WORDS,
    NAME_PARTICLES,
    NAME_TITLES,
    NOT_NAME_WORDS,
)

from .names import MAX_NAME_CHARS, clean_text, split_party

# Named limits.
MAX_DECISION_CHARS = 100_000  # a longer decision is read up to here
MAX_SENTENCE_CHARS = 3_000  # a longer "sentence" is no vote or participation sentence
MAX_VOTERS = 200  # names in one list
MAX_MOTION_CHARS = 200  # "Ændringsforslaget", "indstillingens beslutningspunkt 5" …
MAX_ROLE_CHARS = 300  # "centerleder for Center for …"
MAX_SENTENCE_KEPT_CHARS = 2_000  # the printed sentence stored with a row


class Choice:
    FOR = "for"
    AGAINST = "imod"
    ABSTAIN = "undlod"  # undlod at stemme, hverken for eller imod, blank
    RESERVATION = "forbehold"  # tog forbehold


class Result:
    ADOPTED = "vedtaget"
    REJECTED = "forkastet"


class Kind:
    ABSENT = "fravaerende"
    AFBUD = "afbud"
    NOT_PRESENT = "deltog_ikke"  # deltog ikke, var forhindret, var ikke til stede
    LEFT = "forlod"
    INHABIL = "inhabil"
    PRESENT = "deltog"  # deltog under punktet, deltog i stedet, mødte som stedfortræder


@dataclass(frozen=True)
class Voter:
    """A person (``name``), or a group: a party letter alone (``party``) or a group's name as
    printed (``group``, with the party letter if one is printed after it)."""

    name: str = ""
    party: str = ""
    group: str = ""
    role: str = ""

    @property
    def is_person(self) -> bool:
        return bool(self.name)

    @property
    def label(self) -> str:
        """As it would be printed: "Anne Holm (A)", "Enhedslisten (Ø)", "Ø"."""
        main = self.name or self.group
        if main and self.party and self.party not in main.split():
            return f"{main} ({self.party})"
        return main or self.party


@dataclass
class ParsedVote:
    choice: str
    voter: Voter
    motion: str = ""  # what this sentence says it was about, when it says so


@dataclass
class ParsedBallot:
    text: str  # the sentences, as printed (joined by newlines)
    motion: str = ""
    result: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    unanimous: bool = False
    votes: list[ParsedVote] = field(default_factory=list)

    def count(self, choice: str) -> int | None:
        return {
            Choice.FOR: self.votes_for,
            Choice.AGAINST: self.votes_against,
            Choice.ABSTAIN: self.votes_abstain,
        }.get(choice)

    def set_count(self, choice: str, value: int | None) -> None:
        if value is None:
            return
        if choice == Choice.FOR:
            self.votes_for = value
        elif choice == Choice.AGAINST:
            self.votes_against = value
        elif choice == Choice.ABSTAIN:
            self.votes_abstain = value

    @property
    def has_counts(self) -> bool:
        return any(c is not None for c in (self.votes_for, self.votes_against, self.votes_abstain))

    @property
    def is_empty(self) -> bool:
        return not (self.votes or self.has_counts or self.unanimous or self.result)


@dataclass
class ParsedParticipation:
    kind: str
    name: str
    party: str = ""
    role: str = ""
    sentence: str = ""


@dataclass
class ParsedDecision:
    ballots: list[ParsedBallot] = field(default_factory=list)
    participations: list[ParsedParticipation] = field(default_factory=list)

    @property
    def persons(self) -> list[tuple[str, str]]:
        """(name, party) of every person named, in order, each once."""
        seen, out = set(), []
        for ballot in self.ballots:
            for vote in ballot.votes:
                if vote.voter.is_person and vote.voter.name not in seen:
                    seen.add(vote.voter.name)
                    out.append((vote.voter.name, vote.voter.party))
        for p in self.participations:
            if p.name not in seen:
                seen.add(p.name)
                out.append((p.name, p.party))
        return out


# --- words -------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "nul": 0, "en": 1, "én": 1, "et": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
    "tyve": 20,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

# Danish parties by name (to tell "Radikale Venstre" from a person); never used to add a
# letter that is not printed.
PARTY_NAMES = (
    "socialdemokratiet", "socialdemokraterne", "radikale venstre", "det radikale venstre",
    "konservative", "det konservative folkeparti", "konservative folkeparti", "nye borgerlige",
    "socialistisk folkeparti", "liberal alliance", "kristendemokraterne", "moderaterne",
    "dansk folkeparti", "venstre", "enhedslisten", "alternativet", "danmarksdemokraterne",
    "veganerpartiet", "frie grønne", "borgernes parti", "slesvigsk parti", "stram kurs",
    "de konservative", "de radikale", "løsgænger", "løsgængere",
)  # fmt: skip
_GROUP_ENDINGS = ("listen", "liste", "partiet", "parti", "demokraterne", "listens")
_GROUP_NOUN_RE = re.compile(
    r"\s+(?:byrådsgrupper?|byrådsgruppen|kommunalbestyrelsesgrupper?|grupper?|gruppen|"
    r"byrådsmedlemmer|medlemmer|repræsentanter)$",
    re.IGNORECASE,
)
_LISTE_RE = re.compile(r"^[Ll]iste\s+(?P<letter>[A-ZÆØÅ]{1,3})$")
_LETTER_RE = re.compile(r"^[A-ZÆØÅ]{1,3}$|^ALT$|^UFG$|^Alt$")
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÆØÅÄÖÜÉ][\wæøåÆØÅäöüéè'’.-]*|[A-ZÆØÅ]\.)$")
# Words that start no person's name in a vote or participation sentence.
NOT_FIRST_WORDS = NOT_NAME_WORDS | {
    "for", "imod", "et", "en", "flertallet", "mindretallet", "flertal", "mindretal", "liste",
    "forslaget", "ændringsforslaget", "indstillingen", "beslutningen", "medlemmerne",
    "gruppen", "partiet", "repræsentanterne", "samtlige", "begge", "øvrige", "resten",
    "herefter", "derefter", "endvidere", "desuden", "hvorefter", "som", "efter", "under",
}  # fmt: skip

# --- sentences ---------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "pkt", "nr", "jf", "kl", "ca", "evt", "inkl", "ekskl", "mv", "mfl", "fl", "vedr", "ang",
    "stk", "bl.a", "f.eks", "m.fl", "m.v", "jvf", "dvs", "mht", "iht", "hhv", "pga", "tlf",
    "div", "obs",
}  # fmt: skip
_VOTE_WORDS = {"for", "imod", "undlod", "hverken", "blank", "blanke", "afstod"}
_SPLIT_CANDIDATE_RE = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ(])")
_ENUMERATOR_RE = re.compile(r"^(?:\(?\d{1,2}[.)]|[a-h]\)|ad\s+\d{1,2}\.?|[-–•·*])\s*", re.I)


def split_sentences(text: str) -> list[str]:
    """Lines, then sentences: a full stop before a capital, except after an initial ("Kim E.
    Jensen") or an abbreviation ("pkt.", "bl.a."); enumerators ("1.", "a)", "-") dropped."""
    out = []
    for line in (text or "")[:MAX_DECISION_CHARS].splitlines():
        line = clean_text(line)
        start = 0
        for match in _SPLIT_CANDIDATE_RE.finditer(line):
            before = line[start : match.start()].rsplit(" ", 2)
            last = before[-1]
            word = last.lstrip("(").casefold()
            following = line[match.end() :].split(" ", 1)[0].strip("(:,").casefold()
            initial = (
                len(last) == 1
                and last.isupper()
                and (len(before) == 1 or before[-2][:1].isupper())
                and following not in _VOTE_WORDS
            )  # "Kim E. Jensen", not "… A og C. Imod stemte …"
            if initial or word in _ABBREVIATIONS or word.isdigit():
                continue
            out.append(line[start : match.start() + 1])
            start = match.end()
        out.append(line[start:])
    sentences = []
    for sentence in out:
        sentence = sentence.strip()
        while True:
            stripped = _ENUMERATOR_RE.sub("", sentence, count=1).strip()
            if stripped == sentence:
                break
            sentence = stripped
        if sentence:
            sentences.append(sentence)
    return sentences


# --- lists of voters and names --------------------------------------------------------------


def _split_top(text: str, words=(" og ", " samt ", " & ")) -> list[tuple[str, str]]:
    """(separator before, part) at commas and semicolons (and ``words``) outside
    parentheses."""
    parts, depth, start, sep = [], 0, 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            word = next((w for w in words if text.startswith(w, i)), None)
            if word:
                parts.append((sep, text[start:i]))
                sep, start = word.strip(), i + len(word)
                i = start
                continue
            if ch in ",;":
                parts.append((sep, text[start:i]))
                sep, start = ch, i + 1
        i += 1
    parts.append((sep, text[start:]))
    return [(s, p.strip()) for s, p in parts if p.strip()]


def _is_person(words: list[str]) -> bool:
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return False
    if words[0].casefold() in NOT_FIRST_WORDS or words[0].casefold() in NAME_PARTICLES:
        return False
    for word in words:
        folded = word.casefold()
        if folded in NAME_PARTICLES:
            continue
        if folded in NOT_NAME_WORDS or not _NAME_WORD_RE.match(word):
            return False
    return not all(w.casefold() in NAME_PARTICLES for w in words)


def _strip_genitive(name: str) -> str:
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _as_group(text: str) -> str | None:
    """The group a part names, as printed (genitive of a "…s byrådsgruppe" dropped), or None."""
    folded = text.casefold()
    for party in PARTY_NAMES:
        if folded == party or folded.startswith(party + " "):
            return text
    words = text.split()
    if not words or not all(w[0].isupper() or w.casefold() in NAME_PARTICLES for w in words):
        return None
    if words[-1].casefold().endswith(_GROUP_ENDINGS):
        return text
    return None


@dataclass
class _Listed:
    voters: list[Voter]
    count: int | None = None


def parse_voters(
    text: str, *, persons_only: bool = False, lists_groups: bool = False
) -> _Listed | None:
    """The voters of a list ("A, B og C (V)", "(A, B, F)", "Liste F og Ø", "Socialdemokratiets
    byrådsgruppe", "A, C, N og V (6)"), or None when the text is not such a list.

    A comma part that starts in lower case is an apposition of the name before it ("Dorte
    Hansen, centerleder for Børn og Unge, …") and becomes its role. ``persons_only``: groups
    are refused; ``lists_groups``: a single capitalised word is a group as printed (in a
    labelled list such as "For stemte 11 (Konservative, …)", never as a sentence's subject)."""
    text = clean_text(text).strip(" .:;")
    if not text or len(text) > MAX_SENTENCE_CHARS:
        return None
    count = None
    whole = re.fullmatch(r"\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)", text)
    if whole:
        text = whole["inner"].strip()
    tail = re.search(r"\s*\((?P<n>\d{1,3})\)$", text)
    if tail:  # "A, C, N og V (6)": the count of the whole list
        count = int(tail["n"])
        text = text[: tail.start()].strip()
    voters: list[Voter] = []
    for _sep, segment in _split_top(text, words=()):
        segment = re.sub(r"^(?:og|samt)\s+", "", segment.strip(" .:-–"))
        if not segment:
            continue
        if segment[0].islower():
            if not voters or not voters[-1].is_person:
                return None
            last = voters[-1]
            role = f"{last.role}, {segment}" if last.role else segment
            voters[-1] = Voter(last.name, last.party, last.group, role[:MAX_ROLE_CHARS])
            continue
        parts = [p for _s, p in _split_top(segment, words=(" og ", " samt ", " & "))]
        nouns = [bool(_GROUP_NOUN_RE.search(p)) for p in parts]
        for index, part in enumerate(parts):
            genitive_group = index + 1 < len(parts) and nouns[index + 1] and part.endswith("s")
            voter = _voter(part, persons_only, genitive_group, lists_groups)
            if voter is None:
                return None
            voters.append(voter)
            if len(voters) > MAX_VOTERS:
                return None
    if not voters:
        return None
    return _Listed(voters, count)


def _voter(
    part: str, persons_only: bool, genitive_group: bool, lists_groups: bool
) -> Voter | None:
    """One voter: a party letter, "Liste B", a group, or a person (see ``parse_voters``)."""
    part = part.strip(" .:-–")
    if not part or not part[0].isupper() and not part.startswith("("):
        return None
    paren = re.fullmatch(r"\((?P<inner>[^()]{1,40})\)", part)
    if paren:  # "(O)": a party letter in parentheses
        inner = paren["inner"].strip()
        return None if persons_only or not _LETTER_RE.match(inner) else Voter(party=inner)
    main, party = split_party(part)
    role = ""
    note = re.search(r"\s*\((?P<inner>[^()]{0,60})\)$", main)
    if note:  # "(formand)", "(1)"
        if not note["inner"].strip().isdigit():
            role = note["inner"].strip()
        main = main[: note.start()].strip()
    words = main.split()
    if len(words) > 2 and words[0].casefold() in NAME_TITLES:
        role, words = role or words[0], words[1:]
        main = " ".join(words)
    if not persons_only:
        if _LETTER_RE.match(main):
            return Voter(party=main)
        liste = _LISTE_RE.match(main)
        if liste:
            return Voter(party=liste["letter"], group=main)
        noun = _GROUP_NOUN_RE.search(main)
        if noun or genitive_group:
            base = _strip_genitive(main[: noun.start()] if noun else main).strip()
            if base and base[0].isupper():
                return Voter(group=base[:MAX_NAME_CHARS], party=party)
            return None
        group = _as_group(main)
        if group:
            return Voter(group=group[:MAX_NAME_CHARS], party=party)
    if _is_person(words):
        return Voter(name=main[:MAX_NAME_CHARS], party=party, role=role[:MAX_ROLE_CHARS])
    if not persons_only and words and words[0].casefold() in NOT_FIRST_WORDS:
        return None
    if (
        lists_groups
        and len(words) == 1
        and _NAME_WORD_RE.match(words[0])
        and words[0].casefold() not in NOT_FIRST_WORDS
    ):
        return Voter(group=main, party=party)  # "Konservative", a local list: as printed
    return None


# --- ballots -------------------------------------------------------------------------------------


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.casefold()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text)


_RESULT_RE = re.compile(
    r"\b(?P<adopted>vedtaget|vedtoges|vedtages|godkendt|godkendtes|tiltrådt|anbefalet|"
    r"anbefales|indstilles)\b|\b(?P<rejected>forkastet|forkastedes|faldt|nedstemt|afvist|"
    r"bortfaldt)\b",
    re.IGNORECASE,
)
_COUNT_PATTERNS = [
    # "med 25 stemmer mod 6", "med 16 mod 15 stemmer"
    (re.compile(rf"\bmed\s+(?P<a>{_NUM})\s+(?:stemmer\s+)?mod\s+(?P<b>{_NUM})\b", re.I), "ab"),
    # "med stemmerne 5-2"
    (re.compile(r"\bstemmerne\s+(?P<a>\d{1,3})\s*[-–]\s*(?P<b>\d{1,3})\b", re.I), "ab"),
    (re.compile(rf"\b(?P<n>{_NUM})\s+(?:stemmer?\s+for|stemte\s+for|for)\b(?!\s+(?:og|eller)\s+imod\s+stemte)", re.I), Choice.FOR),  # noqa: E501
    (re.compile(rf"\b(?P<n>{_NUM})\s+(?:stemmer?\s+imod|stemte\s+imod|imod)\b", re.I), Choice.AGAINST),  # noqa: E501
    (
        re.compile(
            rf"\b(?P<n>{_NUM})\s+(?:stemmer?\s+)?(?:undlod(?:\s+at\s+stemme)?|der\s+undlod|"
            r"stemte\s+hverken\s+for\s+eller\s+imod|hverken\s+for\s+eller\s+imod|"
            r"blanke?(?:\s+stemmer)?|stemte\s+blankt|afstod|stemmer\s+blankt)",
            re.I,
        ),
        Choice.ABSTAIN,
    ),
]
_COUNT_CONTEXT_RE = re.compile(
    rf"stemme|stemte|\bmed\s+{_NUM}\s+(?:for|mod)\b", re.IGNORECASE
)
_UNANIMOUS_RE = re.compile(r"\benstemmig(?:t|e)?\b", re.IGNORECASE)
_HEADER_RE = re.compile(
    r"^(?:der\s+blev\s+(?:stemt|foretaget\s+afstemning)|der\s+stemmes|afstemning)\s+om\s+"
    r"(?P<motion>.{1,200}?)\s*:?$",
    re.IGNORECASE,
)
_LABELS = {
    "for": Choice.FOR,
    "imod": Choice.AGAINST,
    "hverken for eller imod": Choice.ABSTAIN,
    "undlod at stemme": Choice.ABSTAIN,
    "undlod": Choice.ABSTAIN,
    "undlader at stemme": Choice.ABSTAIN,
    "blank": Choice.ABSTAIN,
    "blanke": Choice.ABSTAIN,
    "blankt": Choice.ABSTAIN,
    "afstod": Choice.ABSTAIN,
}
_LABEL_WORDS = r"(?P<label>hverken\s+for\s+eller\s+imod|undlod\s+at\s+stemme|undlader\s+at\s+stemme|undlod|imod|for|blanke?|blankt|afstod)"  # noqa: E501
# "For stemte …", "For forslaget stemte …", "Undlod at stemme: …"
_LABEL_STEMTE_RE = re.compile(
    rf"^{_LABEL_WORDS}(?:\s+(?P<motion>(?:(?!\bstemte\b)[^:().]){{1,120}}?))?\s+stemte\b\s*:?\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_LABEL_COLON_RE = re.compile(rf"^{_LABEL_WORDS}\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_LABEL_BARE_RE = re.compile(
    r"^(?P<label>undlod\s+at\s+stemme|hverken\s+for\s+eller\s+imod)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_CLAUSE_SPLIT_RE = re.compile(
    r",\s+(?=(?:og\s+)?(?:imod|for|hverken\s+for\s+eller\s+imod|undlod\s+at\s+stemme|blanke?)"
    r"(?:\s+\S+){0,3}?\s+stemte\b)|,\s+(?=(?:imod|for|undlod|blanke?)\s*:)",
    re.IGNORECASE,
)
_COUNT_LEAD_RE = re.compile(
    rf"^(?P<n>{_NUM})(?:\s+(?:medlemmer|stemmer|stemme))?\b\s*(?P<rest>.*)$", re.IGNORECASE
)
# "<subject> stemte for …" and the positions printed instead of a vote.
_VERBS = [
    (r"stemte\s+hverken\s+for\s+eller\s+imod", Choice.ABSTAIN),
    (r"stemte\s+blankt", Choice.ABSTAIN),
    (r"undlod\s+at\s+stemme", Choice.ABSTAIN),
    (r"stemte\s+for", Choice.FOR),
    (r"stemte\s+imod", Choice.AGAINST),
    (r"(?:kunne|kan)\s+ikke\s+(?:tiltræde|anbefale|godkende|støtte)", Choice.AGAINST),
    (r"(?:anbefaler|anbefalede|tiltræder|godkender|støtter)\s+ikke", Choice.AGAINST),
    (r"(?:kunne|kan)\s+(?:tiltræde|anbefale|godkende|støtte)", Choice.FOR),
    (r"(?:anbefaler|anbefalede|tiltræder|tiltrådte|godkender|godkendte|støtter|støttede)", Choice.FOR),  # noqa: E501
    (r"(?:tog|tager)\s+forbehold", Choice.RESERVATION),
]
_VERB_RE = re.compile(
    r"\s(?P<verb>" + "|".join(f"(?:{v})" for v, _c in _VERBS) + r")\b", re.IGNORECASE
)
_VERB_CHOICES = [(re.compile(rf"^{v}$", re.IGNORECASE), c) for v, c in _VERBS]
# "Anbefales af et flertal bestående af V, B og A."
_PASSIVE_RE = re.compile(
    r"^(?:[A-ZÆØÅ]\w*\s+)?(?:blev\s+)?(?P<verb>anbefales|anbefalet|godkendes|godkendt|"
    r"tiltrædes|tiltrådt|vedtages|vedtaget|indstilles\s+(?:godkendt|tiltrådt))\s+af\s+"
    r"(?P<subject>.+)$",
    re.IGNORECASE,
)
_MAJORITY_RE = re.compile(
    r"^(?P<which>et\s+flertal|flertallet|et\s+mindretal|mindretallet)"
    r"(?:\s+(?:i|af)\s+(?:udvalget|byrådet|kommunalbestyrelsen|rådet|magistraten|"
    r"borgerrepræsentationen|økonomiudvalget))?"
    r"(?:\s+(?:bestående\s+af|på)\s+(?P<list>.+?)|\s*(?P<paren>\(.+\)))?\s*$",
    re.IGNORECASE,
)
_REASON_RE = re.compile(
    r"\s*(?:,\s*|\s)(?:idet|da|fordi|hvilket|men|mens|således|under\s+henvisning|med\s+"
    r"henvisning|i\s+overensstemmelse|jf\.|som\s+følge)\b.*$",
    re.IGNORECASE,
)


def _motion(text: str) -> str:
    """What a vote was on, as printed after the verb ("indstillingen", "forslaget",
    "indstillingens beslutningspunkt 5"); the reason after it ("idet …") left out."""
    text = _REASON_RE.sub("", text.strip())
    text = re.split(r",|;|\s+og\s+(?!\d)", text, maxsplit=1)[0]
    return text.strip(" .:")[:MAX_MOTION_CHARS]


def _result(text: str) -> str:
    match = _RESULT_RE.search(text)
    if not match:
        return ""
    return Result.ADOPTED if match["adopted"] else Result.REJECTED


@dataclass
class _Clause:
    """What one sentence says about a ballot."""

    kind: str  # "header", "counts", "votes"
    motion: str = ""
    result: str = ""
    counts: dict = field(default_factory=dict)
    unanimous: bool = False
    votes: list[ParsedVote] = field(default_factory=list)


_PAREN_AFTER_RE = re.compile(r"\s*\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def _counts(sentence: str) -> tuple[dict[str, int], list[ParsedVote]]:
    """The counts a sentence prints, and the voters printed in parentheses right after a
    count ("3 stemmer for (Ø og F)")."""
    if not _COUNT_CONTEXT_RE.search(sentence):
        return {}, []
    found: dict[str, int] = {}
    votes: list[ParsedVote] = []
    for pattern, choice in _COUNT_PATTERNS:
        for match in pattern.finditer(sentence):
            if choice == "ab":
                found.setdefault(Choice.FOR, _number(match["a"]))
                found.setdefault(Choice.AGAINST, _number(match["b"]))
                continue
            if choice in found:
                continue
            found[choice] = _number(match["n"])
            paren = _PAREN_AFTER_RE.match(sentence, match.end())
            listed = parse_voters(paren["inner"], lists_groups=True) if paren else None
            if listed:
                votes.extend(ParsedVote(choice, v) for v in listed.voters)
    return {k: v for k, v in found.items() if v is not None}, votes


def _label_clause(clause: str) -> _Clause | None:
    """ "For stemte 11 (…)", "Imod: 6 (…)", "Undlod at stemme Navn" → votes of one choice."""
    match = (
        _LABEL_STEMTE_RE.match(clause)
        or _LABEL_COLON_RE.match(clause)
        or _LABEL_BARE_RE.match(clause)
    )
    if not match:
        return None
    label = re.sub(r"\s+", " ", match["label"].casefold())
    choice = _LABELS[label]
    motion = (match.groupdict().get("motion") or "").strip()
    if motion and motion.casefold() in ("at stemme",):
        motion = ""
    rest = match["rest"].strip().rstrip(".")
    count = None
    lead = _COUNT_LEAD_RE.match(rest)
    if lead and lead["n"]:
        count, rest = _number(lead["n"]), lead["rest"].strip()
    if rest.startswith(("–", "-", "—")):
        rest = ""  # "For stemte tre medlemmer – Navn, K, …": not a list we read
    rest = _REASON_RE.sub("", rest).strip()
    votes = []
    if rest:
        listed = parse_voters(rest, lists_groups=True)
        if listed is None:
            if count is None:
                return None
        else:
            votes = [ParsedVote(choice, v, motion) for v in listed.voters]
            count = count if count is not None else listed.count
    elif count is None:
        return None
    result = _Clause("votes", motion=motion, votes=votes)
    if count is not None and choice != Choice.RESERVATION:
        result.counts[choice] = count
    return result


def _verb_clause(sentence: str) -> _Clause | None:
    """ "<navne> stemte imod …", "Et flertal bestående af A og V (6) anbefaler …"."""
    body = sentence.rstrip(".")
    passive = _PASSIVE_RE.match(body)
    if passive:
        subject, choice, tail = passive["subject"], Choice.FOR, ""
    else:
        match = _VERB_RE.search(" " + body)
        if not match:
            return None
        subject = body[: max(0, match.start() - 1)].strip().rstrip(",")
        verb = re.sub(r"\s+", " ", match["verb"])
        choice = next(c for pattern, c in _VERB_CHOICES if pattern.match(verb))
        tail = body[match.end() - 1 :]
    count = None
    majority = _MAJORITY_RE.match(subject)
    votes: list[ParsedVote] = []
    motion = _motion(tail)
    if majority:
        listed_text = majority["list"] or majority["paren"]
        if listed_text:
            listed = parse_voters(listed_text)
            if listed is None:
                return None
            votes = [ParsedVote(choice, v, motion) for v in listed.voters]
            count = listed.count
    else:
        listed = parse_voters(subject)
        if listed is None:
            return None
        votes = [ParsedVote(choice, v, motion) for v in listed.voters]
        count = listed.count
    clause = _Clause("votes", motion=motion, votes=votes)
    if count is not None and choice != Choice.RESERVATION:
        clause.counts[choice] = count
    if not votes and not clause.counts and not majority:
        return None
    return clause


def _ballot_clauses(sentence: str) -> list[_Clause]:
    """What a sentence says about a ballot (nothing for other sentences)."""
    if len(sentence) > MAX_SENTENCE_CHARS:
        return []
    header = _HEADER_RE.match(sentence)
    if header:
        return [_Clause("header", motion=_motion(header["motion"]))]
    clauses: list[_Clause] = []
    for part in _CLAUSE_SPLIT_RE.split(sentence):
        labelled = _label_clause(part.strip().removeprefix("og ").strip())
        if labelled is None:
            clauses = []
            break
        clauses.append(labelled)
    if clauses:
        return clauses
    counts, count_votes = _counts(sentence)
    unanimous = bool(_UNANIMOUS_RE.search(sentence))
    if counts or unanimous:
        motion_match = re.match(
            r"^(?P<motion>[A-ZÆØÅ][\wæøå-]*(?:\s+[\wæøå.-]+){0,10}?)\s+(?:blev\s+)?(?:enstemmigt\s+)?"
            r"(?:vedtaget|forkastet|godkendt|tiltrådt|anbefalet|anbefales|faldt|vedtoges|"
            r"forkastedes|nedstemt|afvist)\b",
            sentence,
        )
        motion = motion_match["motion"] if motion_match else ""
        if _UNANIMOUS_RE.fullmatch(motion):
            motion = ""
        clause = _Clause(
            "counts",
            motion=motion,
            result=_result(sentence),
            counts=counts,
            unanimous=unanimous,
            votes=count_votes,
        )
        # "… forkastet med 2 for og 5 imod. For stemte …" is two sentences; one sentence may
        # also carry both ("… med 2 stemmer for (A og B) …" is not read).
        return [clause]
    verb = _verb_clause(sentence)
    return [verb] if verb else []


def _new_ballot(sentence: str) -> ParsedBallot:
    return ParsedBallot(text=sentence[:MAX_SENTENCE_KEPT_CHARS])


def _absorb(ballot: ParsedBallot, clause: _Clause) -> None:
    reservations_only = clause.votes and all(
        v.choice == Choice.RESERVATION for v in clause.votes
    )
    if not reservations_only:  # what a reservation concerns is not what was voted on
        ballot.motion = ballot.motion or clause.motion
    ballot.result = ballot.result or clause.result
    ballot.unanimous = ballot.unanimous or clause.unanimous
    for choice, value in clause.counts.items():
        if ballot.count(choice) is None:
            ballot.set_count(choice, value)
    for vote in clause.votes:
        if vote.motion and vote.motion == ballot.motion:
            vote = ParsedVote(vote.choice, vote.voter, "")
        ballot.votes.append(vote)


def _conflicts(ballot: ParsedBallot, clause: _Clause) -> bool:
    """A clause that cannot belong to the ballot before it: counts it already has, or a
    second counts sentence."""
    if clause.kind == "counts" and ballot.has_counts:
        return True
    return any(
        ballot.count(choice) is not None and ballot.count(choice) != value
        for choice, value in clause.counts.items()
    )


# --- participation ----------------------------------------------------------------------------

_PARTICIPATION_VERBS = [
    (r"deltog\s+ikke|medvirkede\s+ikke|var\s+ikke\s+til\s+stede|var\s+forhindret", Kind.NOT_PRESENT),  # noqa: E501
    (r"var\s+inhabile?|erklærede\s+sig\s+inhabile?|blev\s+erklæret\s+inhabile?|"
     r"anså\s+sig\s+(?:selv\s+)?(?:for\s+)?inhabile?|blev\s+fundet\s+inhabile?|"
     r"var\s+erklæret\s+inhabile?", Kind.INHABIL),
    (r"forlod\s+(?:mødet|salen|lokalet|byrådssalen)", Kind.LEFT),
    (r"havde\s+meldt\s+afbud|har\s+meldt\s+afbud|meldte\s+afbud|havde\s+afbud", Kind.AFBUD),
    (r"var\s+fraværende|mødte\s+ikke|udeblev", Kind.ABSENT),
    (r"(?:deltog|mødte)\s+som\s+stedfortræder|deltog\s+i\s+stedet|deltog\s+(?:under|i)\s+"
     r"(?:behandlingen|punktet|sagens\s+behandling|punktets\s+behandling|drøftelsen|dette\s+"
     r"punkt|denne\s+sag|sagen|mødet\s+under|punkt\s+\d|punkterne|mødet\s+fra)|deltog"
     r"(?=\s*(?:[.,;]|$))|var\s+til\s+stede\s+under", Kind.PRESENT),
]  # fmt: skip
_PARTICIPATION_RE = re.compile(
    r"\s(?P<verb>" + "|".join(f"(?:{v})" for v, _k in _PARTICIPATION_VERBS) + r")\b",
    re.IGNORECASE,
)
_PARTICIPATION_KINDS = [
    (re.compile(rf"^(?:{v})", re.IGNORECASE), k) for v, k in _PARTICIPATION_VERBS
]
_NEXT_CLAUSE_RE = re.compile(r",\s*(?:og|men|mens|hvorefter)\s+|;\s*|,\s+(?=[A-ZÆØÅ])")
_PARTICIPATION_HINT_RE = re.compile(
    r"deltog|medvirkede|til\s+stede|forhindret|inhabil|forlod|afbud|fraværende|mødte|udeblev",
    re.IGNORECASE,
)


def _participations(sentence: str) -> list[ParsedParticipation]:
    if len(sentence) > MAX_SENTENCE_CHARS or not _PARTICIPATION_HINT_RE.search(sentence):
        return []
    found: list[ParsedParticipation] = []
    padded = " " + sentence
    previous_end = None
    for match in _PARTICIPATION_RE.finditer(padded):
        if previous_end is None:
            subject = padded[: match.start()]
        else:
            between = padded[previous_end : match.start()]
            clause = _NEXT_CLAUSE_RE.search(between)
            if not clause:
                previous_end = match.end()
                continue
            subject = between[clause.end() :]
        previous_end = match.end()
        verb = re.sub(r"\s+", " ", match["verb"])
        kind = next(k for pattern, k in _PARTICIPATION_KINDS if pattern.match(verb))
        listed = parse_voters(subject.strip().rstrip(","), persons_only=True)
        if listed is None:
            continue
        text = sentence[:MAX_SENTENCE_KEPT_CHARS]
        for voter in listed.voters:
            found.append(ParsedParticipation(kind, voter.name, voter.party, voter.role, text))
    return found


# --- the whole decision ----------------------------------------------------------------------


_HINT_RE = re.compile(
    r"stem|deltog|inhabil|forlod|fravær|afbud|tiltr|forbehold|anbefal|flertal|mindretal|"
    r"udeblev|mødte|medvirkede|forhindret|til\s+stede|godkend|støtte|\bimod\b|^for\s*:|"
    r"undlod|blank|enstemmig|afstod|vedtag|forkast|\bfaldt\b",
    re.IGNORECASE,
)


def parse_decision(text: str) -> ParsedDecision:
    """The ballots and participation sentences of a decision (see the module docstring)."""
    result = ParsedDecision()
    if not text or not _HINT_RE.search(text):
        return result
    ballot: ParsedBallot | None = None
    chained = False  # the sentence before belonged to ``ballot``
    for sentence in split_sentences(text):
        if not _HINT_RE.search(sentence):  # "Godkendt.", "Taget til efterretning." …
            chained = False
            continue
        clauses = _ballot_clauses(sentence)
        if clauses:
            for clause in clauses:
                if clause.kind == "header" or ballot is None or not chained:
                    ballot = _new_ballot(sentence)
                    result.ballots.append(ballot)
                elif _conflicts(ballot, clause):
                    ballot = _new_ballot(sentence)
                    result.ballots.append(ballot)
                elif sentence not in ballot.text.split("\n"):
                    ballot.text = (ballot.text + "\n" + sentence)[:MAX_SENTENCE_KEPT_CHARS]
                _absorb(ballot, clause)
                chained = True
            continue
        chained = False
        result.participations.extend(_participations(sentence))
    result.ballots = [b for b in result.ballots if not b.is_empty]
    return result
