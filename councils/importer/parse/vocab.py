"""The words Danish minutes are printed with: headings, labels, months, markers.

Data only (plus the compiled patterns built from it). Everything is matched on a line with
its markup removed; headings on the line casefolded with a trailing colon removed.
"""

from __future__ import annotations

import re

# Named limits.
MAX_ITEM_NUMBER_DIGITS = 6  # "Punkt 123456:" at most; the database column is a 32-bit integer
MAX_BARE_ITEM_NUMBER = 9999  # a number alone on a line is a point up to this
MAX_HEADING_CHARS = 200  # longer lines are text, never headings
MAX_TITLE_CHARS = 500  # AgendaItem.title; a longer point line is not a point heading
MAX_ATTACHMENT_TITLE_CHARS = 300  # a longer line after "Bilag" is text, not a title
MAX_COUNCIL_CHARS = 200  # a longer council name is not one
MAX_LOCATION_CHARS = 500  # Meeting.location
MAX_LOCATION_LINES = 3  # "Mødested" may continue on the next lines
MAX_HEADER_LINES = 400  # lines before the first point read as the meeting's header
TITLE_WRAP_LOOKAHEAD = 3  # lines after a point heading that may continue a wrapped title
CASE_LOOKAHEAD = 6  # content lines after a point heading searched for its case reference
CASE_LOOKBEHIND = 2  # lines before a point heading that may hold its case reference
MAX_NAME_WORDS = 6  # a name of more words is a sentence

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # English month names (portals with an English date format)
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "october": 10,
}  # fmt: skip
for _name, _num in list(MONTHS.items()):
    MONTHS.setdefault(_name[:3], _num)
MONTHS["sept"] = 9
WEEKDAYS = {
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "man", "tir", "ons", "tor", "tors", "fre", "lør", "søn",
}  # fmt: skip
MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

# --- the meeting -------------------------------------------------------------------------------
# Words that say what the document is (the first one printed in the header wins).
KIND_WORDS = {
    "referat": "referat",
    "beslutningsprotokol": "referat",
    "protokol": "referat",
    "dagsorden": "dagsorden",
    "tillægsdagsorden": "dagsorden",
}
# Labelled header fields (casefolded label, colon removed) → field.
HEADER_LABELS = {
    "mødedato": "date", "dato": "date", "mødedag": "date", "mødets dato": "date",
    "tidspunkt": "time", "mødetidspunkt": "time", "starttidspunkt": "time",
    "mødestart": "time", "start": "time", "kl": "time", "klokken": "time",
    "starttidspunkt for møde": "time", "mødetid": "time",
    "mødested": "place", "sted": "place", "lokale": "place", "mødelokale": "place",
    "mødelokation": "place", "møde lokation": "place", "adresse": "place",
    "udvalg": "council", "mødeforum": "council", "forum": "council", "råd": "council",
    "møde": "kind",
    "sluttidspunkt": "ignore", "mødet hævet": "ignore", "møde slut": "ignore",
    "mødet sluttede": "ignore", "sluttidspunkt for møde": "ignore", "udsendelsesdato": "ignore",
    "medlemmer": "members", "mødedeltagere": "members", "deltagere": "members",
    "deltagere fra bestyrelsen": "members", "til stede": "members", "fremmødte": "members",
    "bemærkninger": "remarks", "bemærkning": "remarks", "information": "remarks",
    "mødefakta": "ignore",
}  # fmt: skip
# A line that names a council: one of these words in it.
COUNCIL_WORD_RE = re.compile(
    r"(?:udvalg|råd\b|rådet|byråd|kommunalbestyrelse|regionsråd|magistrat|bestyrelse|nævn|"
    r"forum|komit[eé]|borgerrepræsentation|repræsentantskab|direktion|styregruppe|"
    r"forsamling|panel)",
    re.IGNORECASE,
)
MUNICIPALITY_RE = re.compile(
    r"^(?P<name>(?:[A-ZÆØÅ][\wæøåÆØÅ.-]*\s+){1,3}(?:Kommune|KOMMUNE|Regionskommune|"
    r"REGIONSKOMMUNE)|Region\s+[A-ZÆØÅ][\wæøå]+|REGION\s+[A-ZÆØÅ]+)\b"
)

# --- table of contents, groups, artefacts ------------------------------------------------------
TOC_HEADINGS = {
    "indholdsfortegnelse", "indhold", "dagsordenspunkter", "dagsordenpunkter", "punkter",
    "oversigt", "oversigt over punkter", "sager", "punktoversigt", "dagsorden",
    "åben dagsorden", "dagsorden (åben)", "indholdsfortegnelse (åben)",
}  # fmt: skip
# Printed before a run of points: the points after it are closed (True) or open (False).
GROUP_HEADING_RE = re.compile(
    r"^(?:(?P<closed>lukkede?\s+(?:punkter|sager|dagsordenspunkter|dagsordenpunkter|dagsorden|"
    r"møde|del|behandling)|(?:til\s+behandling\s*-\s*)?for\s+lukkede\s+døre|"
    r"lukket\s+dagsorden|lukket\s+møde)|(?P<open>åbne?\s+(?:punkter|sager|dagsordenspunkter|"
    r"dagsordenpunkter|dagsorden|møde|del|efterretningssager|beslutningssager)|"
    r"(?:til\s+(?:behandling|efterretning)\s*-\s*)?for\s+åbne\s+døre)|"
    r"(?P<other>[A-ZÆØÅ0-9 ,.&/-]{3,80}\bSAGER|SAGER\s+[A-ZÆØÅ ]{3,60}))$",
    re.IGNORECASE,
)
# Lines of page furniture kept by no field: page numbers, column heads, UI leftovers.
PAGE_ARTEFACT_RE = re.compile(
    r"^(?:Side\s+\d+\s+(?:af|/)\s+\d+|Side\s+\d+|-\s*\d+\s*-|\d+\s*/\s*\d+|Punkt\s+Titel\t*|"
    r"Pkt\.?\s+Titel\t*|Nr\.?\s+Titel\t*|Til toppen|Tilbage til toppen|Fold alle ud|"
    r"Fold alle sammen|Udskriv|Print|Titel\s+Udvalg\s+Funktioner)$",
    re.IGNORECASE,
)
SEPARATOR_RE = re.compile(r"^(?:-|[-_=*]{3,}|[–—]|[•·▪■]+)$")

# --- points ------------------------------------------------------------------------------------
# Word before the number of a point ("Punkt 3:", "Pkt. 3", "Sag nr. 3", "Dagsordenspunkt 3").
POINT_WORD = (
    r"(?:Punkt|PUNKT|Pkt\.?|PKT\.?|Dagsordenspunkt|Dagsordenpunkt|Dagsordenspkt\.?|"
    r"Sag\s+nr\.?|SAG\s+NR\.?|Sagnr\.?|Sag)"
)
BULLET_PREFIX = r"(?:[-•·▪*]\s*)?"
# Closed point markers in a title.
CLOSED_TITLE_RE = re.compile(
    r"^(?:lukket\s+(?:punkt|sag|dagsordenspunkt)\b|lukket\s*[:.-]|lukket\s*$)|"
    r"\((?:lukket|lukket\s+punkt|lukket\s+sag)\)\s*$|\s-\s*lukket\s*$",
    re.IGNORECASE,
)
STATUS_LINE_RE = re.compile(
    r"^(?P<status>åbent?|åben\s+sag|åbent\s+punkt|lukket|lukket\s+sag|lukket\s+punkt|"
    r"fortroligt?)\.?$",
    re.IGNORECASE,
)

# --- case references ---------------------------------------------------------------------------
# (system, pattern of the number alone); tried in order.
CASE_FORMS = [
    ("kle", re.compile(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}")),
    ("kle", re.compile(r"\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2})?(?:-\d{1,6}){1,2}(?:-\d{2})?")),
    ("getorganized", re.compile(r"(?:EMN|SAG|GO|DOK|SAGS)-\d{4}-\d{2,9}")),
    ("acadre", re.compile(r"\d{3}-\d{4}-\d{1,9}")),  # municipality code - year - serial
    ("edoc", re.compile(r"\d{4}-\d{5,9}")),
    ("year_serial", re.compile(r"\d{2}/\d{1,8}")),  # "17/3668"
    ("plain", re.compile(r"\d{4,12}")),  # only after a label ("Sagsnr. 249050")
    ("other", re.compile(r"[A-ZÆØÅ]{1,6}[-./]?\d[\w./-]{1,30}")),  # only after a label
]
CASE_LABEL_RE = re.compile(
    r"^(?:Sagsnr|Sags\s*nr|Sagsnummer|Sagsnummer|Sagsid|Sags-id|Sags\s*id|J\.?\s*nr|Journalnr|"
    r"Journal\s*nr|Journalnummer|Sag|Acadre\s*sagsnr|SBSYS\s*sagsnr|Sagsreference)\b\.?\s*:?\s*",
    re.IGNORECASE,
)
# A KLE-looking journal number that is malformed (warned, stored as printed).
KLE_LOOSE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}-\S{1,20}$")

# --- sections ----------------------------------------------------------------------------------
# Section headings (casefolded, trailing colon removed) → Section.Kind.
SECTION_HEADINGS = {
    "resume": "resume", "resumé": "resume", "kort resume": "resume", "kort resumé": "resume",
    "sagens kerne": "resume", "sammenfatning": "resume", "beslutningstema": "resume",
    "anledning": "resume", "baggrund": "resume", "formål": "resume", "indledning": "resume",
    "indstilling": "indstilling", "indstillinger": "indstilling",
    "forslag til beslutning": "indstilling", "beslutningspunkter": "indstilling",
    "administrationens indstilling": "indstilling", "forvaltningens indstilling": "indstilling",
    "direktionens indstilling": "indstilling", "direktørens indstilling": "indstilling",
    "indstilling fra forvaltningen": "indstilling", "det indstilles": "indstilling",
    "forslag": "indstilling",
    "beslutning": "beslutning", "beslutninger": "beslutning", "afgørelse": "beslutning",
    "udvalgets beslutning": "beslutning", "byrådets beslutning": "beslutning",
    "kommunalbestyrelsens beslutning": "beslutning", "rådets beslutning": "beslutning",
    "beslutning og protokol": "beslutning", "protokol": "beslutning",
    "protokollat": "beslutning", "beslutningsprotokol": "beslutning",
    "sagsfremstilling": "sagsfremstilling", "sagsbeskrivelse": "sagsfremstilling",
    "beskrivelse af sagen": "sagsfremstilling", "beskrivelse": "sagsfremstilling",
    "redegørelse": "sagsfremstilling", "sagsforhold": "sagsfremstilling",
    "sagens forhold": "sagsfremstilling", "fakta": "sagsfremstilling",
    "supplerende sagsfremstilling": "sagsfremstilling", "sagen": "sagsfremstilling",
    "økonomi": "oekonomi", "økonomiske konsekvenser": "oekonomi",
    "økonomi og finansiering": "oekonomi", "økonomiske forhold": "oekonomi",
    "bevillingsmæssige konsekvenser": "oekonomi", "økonomi og afledt drift": "oekonomi",
    "økonomiske og personalemæssige konsekvenser": "oekonomi", "finansiering": "oekonomi",
    "videre proces": "videre_proces", "den videre proces": "videre_proces",
    "videre forløb": "videre_proces", "det videre forløb": "videre_proces",
    "tidsplan": "videre_proces", "proces": "videre_proces", "opfølgning": "videre_proces",
}  # fmt: skip
# Known headings whose text is kept as "andet" without a warning.
OTHER_HEADINGS = {
    "lovgrundlag", "retsgrundlag", "lovgivning", "hjemmel", "høring", "høringssvar",
    "kommunikation", "borgerinddragelse", "personale", "personalemæssige konsekvenser",
    "miljø", "miljøvurdering", "effekt", "sagsgang", "forventet sagsgang",
    "sagsgang og sagstype", "beslutningskompetence", "kompetence", "historik",
    "borgmesterens afdelings påtegning", "påtegning", "fremmøde og inhabilitet",
    "konsekvensvurdering", "ligestillingsmæssige konsekvenser", "klimakonsekvenser",
    "klimavurdering", "klima", "bæredygtighed", "relation til kommunens politikker",
    "politisk behandling", "organisation", "risici", "risikovurdering", "vurdering",
    "konklusion", "begrundelse", "supplerende oplysninger", "bemærkninger", "inhabilitet",
    "udtalelse", "udtalelser", "høringsparter", "sundhedsmæssige konsekvenser",
    "administrationens vurdering", "forvaltningens vurdering", "mål", "målgruppe",
    "juridiske forhold", "jura", "tidligere beslutninger", "sagen afgøres af", "protokolbemærkning",
    "indstilling fra magistratsafdelingen", "ændringsforslag", "afstemning",
}  # fmt: skip
BILAG_HEADINGS = {
    "bilag", "bilagsliste", "bilagsfortegnelse", "vedlagte bilag", "vedhæftede bilag",
    "bilag til punktet", "bilag til sagen", "dokumenter", "vedhæftninger", "bilag funktioner",
}  # fmt: skip
# Earlier treatments: a section of "Udvalg:/Dato:/Punktnummer:" blocks.
HISTORY_HEADINGS = {"sagsforløb", "sagens forløb", "tidligere behandling", "behandlingsforløb",
                    "tidligere behandlinger", "sagshistorik"}  # fmt: skip
HISTORY_LABELS = {
    "udvalg": "council", "mødeforum": "council", "forum": "council",
    "dato": "date", "mødedato": "date",
    "punktnummer": "number", "punkt": "number", "pkt": "number", "punkt nr": "number",
}  # fmt: skip
NOT_ATTACHMENTS = {"ingen bilag", "ingen", "der er ingen bilag", "-"}

# --- decisions ---------------------------------------------------------------------------------
# "Beslutning i <udvalg> den <dato>", "Beslutning fra <udvalg>, <dato>, punkt N",
# "<Udvalgets> beslutning [i mødet] den <dato>", "Beslutning den <dato>".
DECISION_LEAD = r"(?:Beslutning(?:er)?|Afgørelse|Beslutningsprotokol|Protokol|Referat|Anbefaling)"
# "<Udvalg>, <dato>, pkt. N" and "<Udvalg> den <dato>, pkt. N".
PRIOR_TAIL = r"\s*[,;]?\s*(?:(?:pkt|punkt|sag)\.?\s*(?:nr\.?\s*)?(?P<n>\d{1,6}))?\s*[:.]?"

# --- absences ----------------------------------------------------------------------------------
# Labels of absence lists (casefolded, colon removed) → ParsedAbsence.kind.
ABSENCE_LABELS = {
    "fraværende": "fravaerende", "fravær": "fravaerende", "afbud": "afbud",
    "fraværende med afbud": "afbud", "meldt afbud": "afbud", "afbud fra": "afbud",
    "fraværende uden afbud": "fravaerende", "ikke til stede": "fravaerende",
    "ikke tilstede": "fravaerende", "fraværende i mødet": "fravaerende",
    "fraværende under behandlingen": "fravaerende", "afbud/fraværende": "afbud",
    "fraværende/afbud": "afbud", "forfald": "afbud", "udeblevet": "fravaerende",
}  # fmt: skip
ABSENCE_LABEL_RE = re.compile(
    r"^(?P<label>"
    + "|".join(sorted((re.escape(k) for k in ABSENCE_LABELS), key=len, reverse=True))
    + r")\s*(?::\s*|\t\s*|$)(?P<names>.*)$",
    re.IGNORECASE,
)
# Sentences saying someone did not take part: the names are the words before the verb.
ABSENT_VERB_RE = re.compile(
    r"\s(?:deltog\s+ikke|var\s+ikke\s+til\s+stede|var\s+fraværende|var\s+forhindret|"
    r"var\s+inhabile?|erklærede\s+sig\s+inhabile?|havde\s+meldt\s+afbud|har\s+meldt\s+afbud|"
    r"meldte\s+afbud|forlod\s+mødet|mødte\s+ikke|medvirkede\s+ikke|udeblev)\b"
)
# Point ranges after a name or in a sentence: "sag 129-138", "punkterne 12-15", "pkt. 3".
POINT_RANGE_RE = re.compile(
    r"(?:sag(?:erne)?|punkt(?:erne)?|pkt\.?|dagsordenspunkt(?:erne)?)\s*(?:nr\.?\s*)?"
    r"(?P<a>\d{1,6})(?:\s*(?:-|–|til|og)\s*(?P<b>\d{1,6}))?",
    re.IGNORECASE,
)
NAME_PARTICLES = {"de", "la", "le", "von", "van", "der", "den", "af", "da", "di", "du", "el",
                  "bin", "ibn", "al"}  # fmt: skip
# Titles printed before a name ("Rådmand Nicolaj Bang").
NAME_TITLES = {"rådmand", "borgmester", "overborgmester", "viceborgmester", "formand",
               "næstformand", "udvalgsformand", "byrådsmedlem", "medlem"}  # fmt: skip
# Words that are never (part of) a person's name: a sentence, not a list of names.
NOT_NAME_WORDS = {
    "udvalget", "byrådet", "rådet", "kommunalbestyrelsen", "magistraten", "sagen", "punktet",
    "forvaltningen", "administrationen", "borgmesteren", "formanden", "direktøren",
    "mødet", "ingen", "alle", "der", "det", "den", "som", "han", "hun", "de", "dagsordenen",
}  # fmt: skip

# --- decision outcome --------------------------------------------------------------------------
# (Outcome value, pattern on casefolded text), most specific first.
OUTCOME_RULES = [
    ("udsat", re.compile(r"\budsat\b|\budsættes\b|\budskyde[st]\b|\budskudt\b|\budsætte\b")),
    (
        "forkastet",
        re.compile(r"forkast|ikke\s+(?:godkend|tiltr|vedtag)|\bafvist|\bafslået|nedstemt"),
    ),
    ("efterretning", re.compile(r"efterretning")),
    ("tiltraadt", re.compile(r"tiltr[åa]d|tilr[åa]d|\banbefale[rs]?\b|\banbefalet")),
    ("godkendt", re.compile(r"godkend|vedtag|bevilge[st]|\bbevilget")),
    ("droeftet", re.compile(r"drøft")),
]
