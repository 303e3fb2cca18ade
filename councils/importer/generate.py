"""Realistic referat files in the project's own words, for demo data, tests and benchmarks.

``generate_referat(seed, index)`` returns the text of one referat (plain text or Markdown
layout, alternating) and what the parser must find in it. File ``index`` of seed ``seed`` is
always the same bytes, whatever else is generated (each file has its own random stream), so
``--count 10`` is a prefix of ``--count 10000``. Pure Python, no Django.

Everything here is invented: councils, people, places, topics and texts.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path

COUNCILS = [
    ("Byrådet", ["Byrådet"]),
    ("Økonomiudvalget", ["Økonomiudvalget", "Økonomiudvalget 2022 - 2025"]),
    ("Teknik- og Miljøudvalget", ["Teknik- og Miljøudvalget"]),
    ("Børne- og Skoleudvalget", ["Børne- og Skoleudvalget", "Børne- og Skoleudvalget 2018-2021"]),
    ("Socialudvalget", ["Socialudvalget", "Socialudvalget inkl. beskæftigelsesområdet"]),
    ("Kultur- og Fritidsudvalget", ["Kultur- og Fritidsudvalget"]),
    ("Sundheds- og Ældreudvalget", ["Sundheds- og Ældreudvalget"]),
    ("Plan- og Boligudvalget", ["Plan- og Boligudvalget"]),
    ("Klima- og Naturudvalget", ["Klima- og Naturudvalget"]),
    ("Beskæftigelsesudvalget", ["Beskæftigelsesudvalget"]),
    ("Ældrerådet", ["Ældrerådet"]),
    ("Handicaprådet", ["Handicaprådet"]),
    ("Integrationsrådet", ["Integrationsrådet"]),
]
PLACES = [
    "Rådhuset, Byrådssalen",
    "Mødelokale 2.14, Rådhuset",
    "Borgerservice, lokale Ådalen",
    "Kulturhuset, sal B",
    "Materielgården, kantinen",
    "Sundhedscentret, mødelokale Øst",
    "Rådhuset, Udvalgsværelse 3",
]
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
FIRST = [
    "Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Hans", "Ida", "Jens",
    "Karen", "Lars", "Maja", "Niels", "Olivia", "Peter", "Rikke", "Søren", "Tove", "Ulla",
    "Vagn", "Winnie", "Åse", "Jørgen", "Bjørk", "Mette", "Kasper", "Lone", "Mads", "Sofie",
]  # fmt: skip
LAST = [
    "Holm", "Juhl", "Bæk", "Søndergaard", "Dalsgaard", "Krogh", "Lund", "Mølgaard", "Vestergaard",
    "Østergaard", "Brandt", "Friis", "Kjær", "Skov", "Thomsen", "Aagaard", "Hvid", "Ravn",
]  # fmt: skip
PARTIES = ["A", "V", "C", "F", "Ø", "O", "B", "I", "K", "Å", "D"]
TOPICS = [
    "cykelstien langs Nørreåen",
    "renovering af svømmehallen i Vestbyen",
    "ny daginstitution i Østervang",
    "budgetopfølgning for første halvår",
    "affaldssortering i etageboliger",
    "klimatilpasning ved havnen",
    "madservice til hjemmeboende ældre",
    "ungdomsskolens sommertilbud",
    "tilskud til lokale foreninger",
    "digital postløsning for borgere",
    "helhedsplan for bymidten",
    "trafiksikkerhed ved skolerne",
    "bosteder for unge med særlige behov",
    "vintertjeneste og glatførebekæmpelse",
    "udlejning af kommunale lokaler",
    "flere praktikpladser i kommunen",
    "biblioteksfilial i Nordby",
    "nyt plejecenter ved Skovparken",
    "strategi for frivillighed",
    "energirenovering af skoler",
]
TITLE_FORMS = [
    "Orientering om {t}",
    "Godkendelse af {t}",
    "Høring om {t}",
    "Anlægsbevilling til {t}",
    "Status på {t}",
    "Forslag om {t}",
    "Evaluering af {t}",
]
FACETS = ["A", "G", "P", "S", "K"]
SENTENCES = [
    "Forvaltningen har undersøgt sagen og lagt vægt på borgernes behov.",
    "Projektet har været drøftet med de berørte foreninger og skolebestyrelser.",
    "Der er afsat midler i budgettet for indeværende år, men udgiften kan stige.",
    "Erfaringerne fra andre kommuner viser, at indsatsen virker bedst i små grupper.",
    "Sagen har været i offentlig høring i fire uger, og der kom elleve høringssvar.",
    "Medarbejderne har peget på, at arbejdsgangene kan gøres enklere.",
    "Tidsplanen forudsætter, at entreprenøren kan begynde efter sommerferien.",
    "Der er tale om en forsøgsordning, som evalueres efter to år.",
    "Forvaltningen anbefaler, at løsningen indgår i den kommende budgetlægning.",
    "Borgerne har givet udtryk for stor tilfredshed med det nuværende tilbud.",
    "Udgifterne fordeles mellem drift og anlæg som vist i tabellen nedenfor.",
    "Området er omfattet af lokalplanen fra 2019, som ikke skal ændres.",
    "Ældrerådet og Handicaprådet får sagen til udtalelse inden den endelige behandling.",
    "Kommunen modtager tilskud fra en statslig pulje til en del af projektet.",
    "Der er indgået aftale med to lokale virksomheder om praktikpladser.",
    "Ordningen kræver ingen ændringer i de gældende kvalitetsstandarder.",
    "Den samlede ventetid er faldet fra ti til seks uger i løbet af året.",
    "Bygningen har behov for ny ventilation og nye vinduer i de kommende år.",
]
SUBHEADINGS = ["Baggrund", "Løsningsforslag", "Høring", "Tidsplan", "Lovgrundlag", "Kommunikation"]
BULLETS = [
    "bedre belysning på stierne",
    "flere siddepladser ved stoppestederne",
    "kortere ventetid på visitation",
    "fælles indkøb af materialer",
    "tydeligere skiltning ved indgangene",
    "åbent hus for borgerne to gange om året",
]
ATTACHMENTS = [
    "Notat om økonomi",
    "Tidsplan for projektet",
    "Høringssvar samlet",
    "Kort over området",
    "Evalueringsrapport",
    "Udkast til aftale",
    "Præsentation fra mødet",
    "Skitseforslag",
]
OUTCOME_TEXTS = {
    "godkendt": ["Godkendt.", "Indstillingen blev godkendt.", "1. Godkendt.\n2. Godkendt."],
    "tiltraadt": ["Tiltrådt.", "Indstilles tiltrådt.", "Anbefales over for byrådet."],
    "efterretning": ["Taget til efterretning.", "Orienteringen blev taget til efterretning."],
    "droeftet": ["Drøftet.", "Udvalget drøftede sagen og gav input til forvaltningen."],
    "udsat": ["Udsat til næste møde.", "Sagen blev udsat."],
    "forkastet": ["Indstillingen blev forkastet med 4 stemmer for og 5 stemmer imod."],
    "andet": ["Udvalget ønsker en ny sag om emnet i foråret.", "Punktet blev behandlet."],
}
OUTCOME_WEIGHTS = [30, 15, 25, 12, 6, 4, 8]
CASE_POOL_SIZE = 400  # recurring journal numbers per seed


@dataclass
class GeneratedReferat:
    filename: str
    text: str
    council: str  # as printed
    canonical_council: str
    date: datetime.date
    start_time: str
    location: str
    items: list[dict] = field(default_factory=list)  # the gold fields + "outcome", "closed"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _date_text(d: datetime.date) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def _journal(rng: random.Random, year: int) -> str:
    return (
        f"{rng.randint(0, 88):02d}.{rng.randint(0, 20):02d}.{rng.randint(0, 20):02d}-"
        f"{rng.choice(FACETS)}{rng.randint(0, 40):02d}-{rng.randint(1, 30)}-{year % 100:02d}"
    )


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(SENTENCES, k=min(sentences, len(SENTENCES))))


def meeting_slot(seed: int, index: int) -> tuple[int, datetime.date]:
    """Council number and date of file ``index``: unique (council, date) pairs per seed."""
    council_no = index % len(COUNCILS)
    week = index // len(COUNCILS)
    base = datetime.date(2015, 1, 5) + datetime.timedelta(days=(seed % 7) * 7)
    return council_no, base + datetime.timedelta(weeks=week, days=(index * 3) % 5)


def first_item_number(seed: int, index: int) -> int:
    return random.Random(f"first:{seed}:{index}").randint(1, 120)


def case_pool(seed: int) -> list[str]:
    """Journal numbers that recur across meetings (a case's timeline)."""
    rng = random.Random(f"cases:{seed}")
    return [_journal(rng, rng.randint(2014, 2024)) for _ in range(CASE_POOL_SIZE)]


def earlier_meeting(seed: int, index: int, council_no: int) -> tuple[int, datetime.date] | None:
    """File index and date of an earlier generated meeting of another council, if any."""
    week = index // len(COUNCILS)
    for candidate_week in (week, week - 1):
        other = candidate_week * len(COUNCILS) + council_no
        if 0 <= other < index:
            return other, meeting_slot(seed, other)[1]
    return None


def generate_referat(seed: int, index: int, *, target_kb: int = 30) -> GeneratedReferat:
    rng = random.Random(f"referat:{seed}:{index}")
    markdown = index % 2 == 1
    council_no, date = meeting_slot(seed, index)
    canonical, printed_names = COUNCILS[council_no]
    printed = rng.choice(printed_names)
    hour = rng.choice([8, 9, 13, 15, 16, 17, 19])
    minute = rng.choice([0, 0, 15, 30])
    start = f"{hour:02d}:{minute:02d}"
    place = rng.choice(PLACES)
    members = [_name(rng) for _ in range(9)]
    absent_all = [rng.choice(members)] if rng.random() < 0.3 else []
    n_items = max(2, round(target_kb / 3) + rng.randint(-2, 2))
    first_number = first_item_number(seed, index)
    plans = []
    for offset in range(n_items):
        number = first_number + offset
        closed = offset == n_items - 2 and rng.random() < 0.25
        if closed:
            title = f"Lukket punkt: {rng.choice(['Salg af ejendom', 'Personalesag', 'Udbud'])}"
        elif offset == 0:
            title = "Godkendelse af dagsorden"
        elif offset == n_items - 1:
            title = "Eventuelt"
        else:
            title = rng.choice(TITLE_FORMS).format(t=rng.choice(TOPICS))
        plans.append((number, title, closed))

    out: list[str] = []
    w = out.append
    year = date.year
    if markdown:
        w(f"# **REFERAT {printed} d. {date:%d-%m-%Y}**\n")
        w(f"**Mødedato** {WEEKDAYS[date.weekday()]} d. {date:%d}. {MONTHS[date.month - 1]} "
          f"{year} kl. {start}\n")  # fmt: skip
        w(f"**Mødested** {place}\n")
        w("## **Indholdsfortegnelse**\n")
    else:
        w(f"\nREFERAT {printed} d. {date:%d-%m-%Y}\n")
        w(f"Mødedato {WEEKDAYS[date.weekday()]} d. {date:%d}. {MONTHS[date.month - 1]} {year} "
          f"kl. {start}\n")  # fmt: skip
        w(f"Mødested {place}\n")
        w("Indholdsfortegnelse\n")
    toc = []
    for page, (_number, title, _closed) in enumerate(plans, start=3):
        shown = title if len(title) < 50 or rng.random() < 0.7 else title[:45]
        toc.append(f"{shown}.....\t{page}" if shown == title else f"{shown}\t{page}")
    w("\n".join(toc) + "\n")

    context = {"seed": seed, "index": index, "council_no": council_no, "cases": case_pool(seed)}
    items = []
    for number, title, closed in plans:
        item, text = _item(
            rng, markdown, number, title, closed, members, absent_all, date, year, context
        )
        items.append(item)
        w(text)
    ext = "md" if markdown else "txt"
    return GeneratedReferat(
        filename=f"referat_{seed}_{index:06d}.{ext}",
        text="\n".join(out),
        council=printed,
        canonical_council=canonical,
        date=date,
        start_time=start,
        location=place,
        items=items,
    )


def _heading(markdown: bool, rng: random.Random, word: str, level: str = "##") -> str:
    if markdown:
        return f"{level} {word}\n"
    return f"{word.upper() if rng.random() < 0.3 else word}\n"


def _item(rng, markdown, number, title, closed, members, absent_all, date, year, context):
    out: list[str] = []
    w = out.append
    w(f"{'#' if rng.random() < 0.5 else '##'} Punkt {number}: {title}\n" if markdown
      else f"Punkt {number}: {title}\n")  # fmt: skip
    if closed:
        case = None
    elif rng.random() < 0.6:
        case = rng.choice(context["cases"])
    else:
        case = _journal(rng, year - rng.randint(0, 3))
    outcome = rng.choices(list(OUTCOME_TEXTS), weights=OUTCOME_WEIGHTS)[0]
    decision_lines = rng.choice(OUTCOME_TEXTS[outcome]).split("\n")
    if not closed and rng.random() < 0.15:
        a, b = rng.sample(members, 2)
        decision_lines.append(
            f"Ændringsforslaget blev forkastet med 2 stemmer for og 7 stemmer imod. "
            f"For stemte {a} ({rng.choice(PARTIES)}) og {b} ({rng.choice(PARTIES)})."
        )
    not_taking_part = None
    if not closed and rng.random() < 0.1:
        not_taking_part = rng.choice(members)
        decision_lines.append(f"{not_taking_part} deltog ikke i sagens behandling.")
    attachments = []
    priors = []
    absent = list(absent_all)
    if not_taking_part and not_taking_part not in absent:
        absent.append(not_taking_part)  # said in the decision, also listed as absent
    if closed:
        w(_heading(markdown, rng, "Beslutning"))
        w("\n".join(decision_lines) + "\n")
    else:
        w(f"{case}\n")
        bilag_first = not markdown and rng.random() < 0.2
        if rng.random() < 0.5:
            attachments = rng.sample(ATTACHMENTS, k=rng.randint(1, 3))
        if bilag_first and attachments:
            w(_heading(markdown, rng, "Bilag"))
            w("\n".join(attachments) + "\n")
            w(f"{title}\n")  # the point's title repeated after the bilag, as printed
        w(_heading(markdown, rng, "Resume"))
        w(_paragraph(rng, 3) + "\n")
        if rng.random() < 0.3:
            w("-\n")
        indstilling = [
            f"{k}. at {rng.choice(['forslaget godkendes', 'orienteringen tages til efterretning', 'sagen drøftes', 'der gives en anlægsbevilling på 1,2 mio. kr.'])}"  # noqa: E501
            for k in range(1, rng.randint(1, 3) + 1)
        ]
        if rng.random() < 0.5:
            w(_heading(markdown, rng, "Indstilling:" if markdown else "INDSTILLING:", "###"))
        w("Forvaltningen indstiller til udvalget\n")
        w("\n".join(indstilling) + "\n")
        if rng.random() < 0.3:
            other_no = rng.choice([n for n in range(len(COUNCILS)) if n != context["council_no"]])
            other = COUNCILS[other_no][0]
            earlier = earlier_meeting(context["seed"], context["index"], other_no)
            if earlier is not None and rng.random() < 0.7:
                # Refers to a point of a meeting that is generated too (linked on import).
                prior_date = earlier[1]
                prior_number = first_item_number(context["seed"], earlier[0]) + rng.randint(1, 2)
            else:
                prior_date = date - datetime.timedelta(days=rng.randint(6, 30))
                prior_number = rng.randint(1, 90)
            lead = (
                f"Beslutning fra {other}, {_date_text(prior_date)}, pkt. {prior_number}:"
                if rng.random() < 0.5
                else f"{other}, {_date_text(prior_date)}, pkt. {prior_number}:"
            )
            prior_lines = [rng.choice(["Anbefales.", "Indstilles godkendt.", "Tiltrådt."])]
            if rng.random() < 0.4:
                prior_lines.append(f"Fraværende: {rng.choice(members)}")
            w(f"{lead}\n")
            w("\n".join(prior_lines) + "\n")
            priors.append(
                {
                    "council": other,
                    "date": prior_date.isoformat(),
                    "item_number": prior_number,
                    "text": "\n".join(prior_lines),
                }
            )
        w(_heading(markdown, rng, "Beslutning"))
        w("\n".join(decision_lines) + "\n")
        w(_heading(markdown, rng, "Sagsfremstilling"))
        for _ in range(rng.randint(4, 7)):
            if rng.random() < 0.3:
                w(f"{rng.choice(SUBHEADINGS)}\n")
            w(_paragraph(rng, rng.randint(3, 6)) + "\n")
        if rng.random() < 0.5:
            w("Forvaltningen foreslår blandt andet:\n")
            picks = rng.sample(BULLETS, k=3)
            w(f"- {picks[0]}\n- {picks[1]}\n  - {picks[2]}\n")
        if rng.random() < 0.4:
            rows = [("År", "Drift", "Anlæg"), *[(str(year + k), str(rng.randint(1, 900)),
                    str(rng.randint(0, 5000))) for k in range(3)]]  # fmt: skip
            if markdown:
                table = [f"| {' | '.join(rows[0])} |", "|---|---|---|"]
                table += [f"| {' | '.join(r)} |" for r in rows[1:]]
            else:
                table = ["\t".join(r) for r in rows]
            w("\n".join(table) + "\n")
        if rng.random() < 0.2:
            # A paragraph cut in two by a page break (blank line mid-sentence).
            w("Arbejdet følger den plan, som udvalget vedtog, og forvaltningen vil\n")
            w("løbende orientere om fremdriften i projektet.\n")
        w(_heading(markdown, rng, "Økonomi"))
        w(rng.choice(["Sagen har ingen økonomiske konsekvenser.", _paragraph(rng, 2)]) + "\n")
        if rng.random() < 0.3:
            w(_heading(markdown, rng, "Videre proces"))
            w(_paragraph(rng, 2) + "\n")
        if attachments and not bilag_first:
            w(_heading(markdown, rng, "Bilag"))
            w("\n".join(attachments) + "\n")
    if absent:
        w(f"Fraværende: {', '.join(absent)}\n" if rng.random() < 0.5
          else "Fraværende:\n" + "\n".join(absent) + "\n")  # fmt: skip
    item = {
        "number": number,
        "title": title,
        "case_number": case,
        "decision": "\n".join(decision_lines),
        "attachments": attachments,
        "absent": absent,
        "prior_decisions": priors,
        "outcome": outcome,
        "closed": closed,
    }
    return item, "\n".join(out)


def write_referater(out_dir: Path | str, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` referater to ``out_dir`` (existing identical files are left alone)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        generated = generate_referat(seed, index)
        path = out / generated.filename
        data = generated.text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths
