"""Layout profiles: where the layouts of Danish minutes differ, as data.

The parser's machinery is one; a profile sets its knobs for a layout family and is chosen by
signals in the text (weighted patterns; the best score wins, ``generic`` when none is clear).
A profile can also be named explicitly (``parse_referat(…, profile="sbsys")``). No rule here
names a municipality: the families are the systems that print the minutes (see
``docs/layouts.md`` for the facts behind each one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Named limits.
PROFILE_SNIFF_CHARS = 60_000  # the start of the text the signals are searched in …
PROFILE_SNIFF_LINES = 400  # … in its first lines …
PROFILE_SNIFF_LINE_CHARS = 100  # … the first characters of each
PROFILE_MIN_SCORE = 3.0  # a profile needs this much evidence to beat "generic"
PACKED_SIGNAL_WEIGHT = 1.5  # evidence from the paragraphs being packed (or not) as expected


Signal = tuple[re.Pattern, float, tuple[str, ...]]


def _signals(*triples: tuple[str, float, tuple[str, ...]]) -> tuple[Signal, ...]:
    """(pattern, weight, needles): the pattern is searched only when one of the needles (plain
    substrings it cannot match without) is in the text, which keeps detection cheap."""
    return tuple((re.compile(p, re.MULTILINE), w, needles) for p, w, needles in triples)


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    # Point heading forms and how much each is trusted: "punkt" ("Punkt 3:", "Pkt. 3",
    # "Sag nr. 3"), "dot" ("3. Titel"), "bare" (a number alone on its line, title below),
    # "space" ("3 Titel", after a "Punkt Titel" column head).
    point_forms: dict[str, float] = field(
        default_factory=lambda: {"punkt": 3.0, "dot": 1.0, "bare": 0.5, "space": 0.0}
    )
    # Where a heading without a title ("Pkt. 42", "Sag nr. 129") has it: "after", "before" or
    # "auto" (the line below unless that is a label or a heading).
    title_position: str = "auto"
    # Paragraphs printed without blank lines between them, so a blank line ends a field (the
    # decision stops there): True, False, or None to measure it on the text.
    packed: bool | None = None
    # A case reference printed on the line(s) just before a point heading belongs to it.
    case_before_point: bool = True
    signals: tuple[Signal, ...] = ()


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in [
        Profile(
            name="randers_template",
            description=(
                "FirstAgenda PDF as Randers prints it (and the seeds): 'REFERAT <udvalg> d. "
                "DD-MM-YYYY', 'Mødedato'/'Mødested', 'Indholdsfortegnelse' with page numbers, "
                "'Punkt N: titel', a KLE journal number below, paragraphs between blank lines."
            ),
            point_forms={"punkt": 4.0, "dot": 0.0, "bare": 0.0, "space": 0.0},
            packed=False,
            signals=_signals(
                (
                    r"^#*\s*\**(?:REFERAT|DAGSORDEN) [^\n]* d\. ?\d{2}-\d{2}-\d{4}",
                    3.0,
                    ("REFERAT ", "DAGSORDEN "),
                ),
                (r"^#*\s*\**Punkt \d{1,4}: ", 2.0, ("Punkt ",)),
                (r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}\s*$", 2.0, ("-",)),
                (r"^\**(?:Beslutning|BESLUTNING)\**\s*$", 1.0, ("Beslutning", "BESLUTNING")),
            ),
        ),
        Profile(
            name="firstagenda_pdf",
            description=(
                "FirstAgenda Publication's whole-meeting PDF in its packed form: the same "
                "header and 'Punkt N: titel', a GetOrganized or other case number, "
                "'Beslutninger', 'Sagsforløb' blocks, paragraphs without blank lines, an "
                "untitled teaser after the decision."
            ),
            point_forms={"punkt": 4.0, "dot": 0.0, "bare": 0.0, "space": 0.0},
            packed=True,
            signals=_signals(
                (
                    r"^(?:REFERAT|DAGSORDEN) [^\n]* d\. ?\d{2}-\d{2}-\d{4}",
                    2.0,
                    ("REFERAT ", "DAGSORDEN "),
                ),
                (r"^Punkt \d{1,4}: ", 1.0, ("Punkt ",)),
                (r"^Beslutninger\s*$", 2.0, ("Beslutninger",)),
                (r"^Sagsforløb:?\s*$", 1.0, ("Sagsforløb",)),
                (r"^Punktnummer: ?\d", 1.5, ("Punktnummer",)),
                (r"^[A-ZÆØÅ]{2,5}-\d{4}-\d{3,9}\s*$", 1.5, ("-",)),
            ),
        ),
        Profile(
            name="firstagenda_web",
            description=(
                "FirstAgenda Publication's meeting web page: 'Referat <dato> kl. <tid>', "
                "'Udvalg:/Mødedato:/Mødested:' rows, a 'Punkt Titel' table, each point's "
                "number alone on a line with the title below, 'Beslutninger', 'Sagsforløb'."
            ),
            point_forms={"punkt": 1.0, "dot": 0.0, "bare": 4.0, "space": 0.0},
            title_position="after",
            packed=True,
            signals=_signals(
                (r"^Punkt\tTitel", 3.0, ("Punkt\tTitel",)),
                (r"^Udvalg:\t", 1.5, ("Udvalg:\t",)),
                (r"^Mødedato:\t", 1.5, ("Mødedato:\t",)),
                (r"^Mødedeltagere:", 1.0, ("Mødedeltagere:",)),
                (
                    r"^(?:Referat|Dagsorden) \d{1,2}\. [a-zæøå]+ \d{4}",
                    2.0,
                    ("Referat ", "Dagsorden "),
                ),
                (r"^\d{1,3}\n\n[^\n]+\n\n[A-ZÆØÅ]{2,5}-\d{4}-\d{3,9}\n", 2.0, ("-",)),
                (r"^Beslutninger\s*$", 1.0, ("Beslutninger",)),
            ),
        ),
        Profile(
            name="sbsys",
            description=(
                "SBSYS dagsorden/referat (PDF or the portal's preview page): 'Referat til "
                "mødet i <udvalg> den <dato> kl. <tid> i <sted>', 'Åbne/Lukkede "
                "dagsordenspunkter', the KLE journal number printed above 'N. titel', "
                "'Forventet sagsgang', 'Beslutning'."
            ),
            point_forms={"punkt": 1.0, "dot": 3.0, "bare": 0.3, "space": 0.0},
            packed=False,
            case_before_point=True,
            signals=_signals(
                (r"Sbsys dagsorden preview", 4.0, ("Sbsys",)),
                (r"^(?:Referat|Dagsorden) til mødet i ", 2.0, (" til mødet i ",)),
                (r"^(?:Åbne|Lukkede) dagsordenspunkter", 2.0, ("dagsordenspunkter",)),
                (
                    r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}\s*\n\s*\n?\d{1,4}\. ",
                    3.0,
                    ("-",),
                ),
                (r"^Forventet sagsgang", 1.5, ("Forventet sagsgang",)),
            ),
        ),
        Profile(
            name="acadre",
            description=(
                "Acadre/Prism-style minutes: 'N. Titel (B)', a line 'Sagsnr.: <kommune>-<år>-"
                "<løbenr>  Dok.nr.: …  Åbent', 'Kompetence:', 'Beslutning i <udvalg> den "
                "<dato>:' followed by 'Fraværende:'."
            ),
            point_forms={"punkt": 1.0, "dot": 3.0, "bare": 0.3, "space": 0.0},
            signals=_signals(
                (r"^Sagsnr\.?:? ?\d{3}-\d{4}-\d+", 3.0, ("Sagsnr",)),
                (r"Dok\.? ?nr\.?:? ?\d{3}-\d{4}-\d+", 2.0, ("Dok",)),
                (r"^Beslutning i .{3,120} den \d", 2.0, ("Beslutning i ",)),
                (r"^Kompetence:", 1.0, ("Kompetence:",)),
            ),
        ),
        Profile(
            name="nemagenda",
            description=(
                "NemAgenda (older portals): a 'Punkt Titel' column head above every point, "
                "the point as 'N Titel' without a dot, groups such as 'DIVERSE SAGER' and "
                "'LUKKEDE SAGER', 'Møde lokation'."
            ),
            point_forms={"punkt": 1.0, "dot": 1.0, "bare": 0.0, "space": 4.0},
            packed=False,
            signals=_signals(
                (r"^Punkt Titel\s*$", 4.0, ("Punkt Titel",)),
                (r"^Møde lokation", 2.0, ("Møde lokation",)),
                (r"^(?:DIVERSE|LUKKEDE) SAGER", 1.5, (" SAGER",)),
            ),
        ),
        Profile(
            name="cms_page",
            description=(
                "A municipal website's own meeting page (HTML): '<udvalg> - Referat' or "
                "'Referat - <udvalg> den <dato>', 'Dato:/Tidspunkt:/Sted:/Lokale:' fields, "
                "points as 'N. titel', 'Pkt. N' or a title above 'Sag nr. N', decisions as "
                "'Beslutning' or '<udvalg>, <dato>, pkt. N', 'Til toppen' links."
            ),
            point_forms={"punkt": 3.0, "dot": 2.0, "bare": 0.5, "space": 0.0},
            signals=_signals(
                (r"^Til toppen\s*$", 2.0, ("Til toppen",)),
                (r"^Fold alle ud\s*$", 2.0, ("Fold alle ud",)),
                (
                    r"^(?:Dato|Tidspunkt|Sted|Lokale): ",
                    1.0,
                    ("Dato: ", "Tidspunkt: ", "Sted: ", "Lokale: "),
                ),
                (r"^[^\n]{3,120} - Referat\s*$", 2.0, (" - Referat",)),
                (r"^Referat - [^\n]{3,120} den \d", 2.0, ("Referat - ",)),
                (r"^Sag nr\. \d{1,4}\s*$", 2.0, ("Sag nr. ",)),
                (r"^Pkt\. \d{1,4}\s*$", 2.0, ("Pkt. ",)),
                (r"^[^\n]{3,80}, \d{2}-\d{2}-\d{4}, pkt\. \d+", 2.0, (", pkt. ",)),
            ),
        ),
        Profile(name="generic", description="Any other layout: every form, measured."),
    ]
}


def detect_profile(text: str, packed: bool | None = None) -> tuple[Profile, float]:
    """The profile whose signals the text shows most (``generic`` below the minimum).
    ``packed`` (paragraphs without blank lines between them, measured on the text) counts
    for the profiles that expect it."""
    # The start of the first lines is enough for the signals, and much faster to search.
    head = text[:PROFILE_SNIFF_CHARS].split("\n", PROFILE_SNIFF_LINES)[:PROFILE_SNIFF_LINES]
    sample = "\n".join(line[:PROFILE_SNIFF_LINE_CHARS] for line in head)
    best, best_score = PROFILES["generic"], 0.0
    for profile in PROFILES.values():
        if not profile.signals:
            continue
        score = sum(
            weight
            for pattern, weight, needles in profile.signals
            if any(needle in sample for needle in needles) and pattern.search(sample)
        )
        if packed is not None and profile.packed is not None and score:
            score += PACKED_SIGNAL_WEIGHT if profile.packed == packed else 0.0
        if score > best_score:
            best, best_score = profile, score
    if best_score < PROFILE_MIN_SCORE:
        return PROFILES["generic"], best_score
    return best, best_score


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(
            f"Unknown layout profile '{name}'; known: {', '.join(sorted(PROFILES))}."
        ) from None
