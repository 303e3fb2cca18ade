"""The English pages speak English: a crawl of /en/ over every page type finds no Danish UI
word in the page chrome. The minutes' own text (marked lang="da") and names from the data
(committees, people, places) are not UI and are left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from councils.models import Person
from tests import factories as f

pytestmark = pytest.mark.django_db

# Danish words of the interface; any of them (as a whole word) on an English page is a
# missing translation.
DANISH_UI_WORDS = [
    *("Søg", "Søgning", "Møder", "Møde", "Udvalg", "Beslutning", "Næste", "Forrige"),
    *("Punkt", "Sager", "Sag", "Referat", "Dagsorden", "Forside", "Bilag", "Fraværende"),
    *("Afbud", "Personer", "Resultater", "resultater", "Rettet", "Kopiér", "Mødested"),
    *("Indholdsfortegnelse", "Tilgængelighedserklæring", "Spring", "Hent", "Abonnement"),
    *("Eksempeldata", "Godkendt", "Lukket", "punkt", "møde", "sagen", "og", "af", "til"),
]
WORD = re.compile(r"\b(" + "|".join(map(re.escape, DANISH_UI_WORDS)) + r")\b")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class UIText(HTMLParser):
    """Text and labelling attributes outside lang="da" subtrees, scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, hides its content?)
        self.parts: list[str] = []

    def hidden(self) -> bool:
        return any(hides for _tag, hides in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hides = (attrs.get("lang") == "da" and tag != "html") or tag in ("script", "style")
        if not self.hidden() and not hides:
            for name in ("aria-label", "title", "placeholder", "alt"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        # close up to the matching element (a <p> or <li> may have been closed implicitly)
        if any(open_tag == tag for open_tag, _hides in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.hidden():
            self.parts.append(data)


def ui_text(html: str, names: list[str]) -> str:
    parser = UIText()
    parser.feed(html)
    text = re.sub(r"https?://\S+", " ", " ".join(parser.parts))  # addresses are not words
    for name in sorted(names, key=len, reverse=True):  # data, not UI
        text = text.replace(name, " ")
    return text


@pytest.fixture
def archive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo = f.public_demo()
    plan = demo["plan"]
    plan.decision += (  # invented text: a vote, to get the people pages and vote blocks
        "\nForslaget blev forkastet med 2 stemmer for og 5 stemmer imod. "
        "For stemte Lise Holm (Ø) og Bo Berg (F)."
    )
    plan.save()
    plan.decision = plan.decision.replace("evalueres i 2023", "evalueres i 2024")
    plan.save()  # a correction: the "Rettet" notice
    demo["person"] = Person.objects.get(name="Bo Berg")
    return demo


def data_names(demo) -> list[str]:
    from councils.models import Council, Meeting

    names = list(Council.objects.values_list("name", flat=True))
    names += list(Meeting.objects.values_list("printed_council_name", flat=True))
    names += list(Meeting.objects.values_list("location", flat=True))
    names += list(Person.objects.values_list("name", flat=True))
    return [n for n in names if n]


def pages(demo) -> dict[str, str]:
    return {
        "home": "/",
        "councils": "/udvalg/",
        "council": demo["byraad"].get_absolute_url(),
        "meeting": demo["meeting"].get_absolute_url(),
        "point": demo["plan"].get_absolute_url(),
        "closed point": demo["closed"].get_absolute_url(),
        "case": demo["case"].get_absolute_url(),
        "persons": "/personer/",
        "person": demo["person"].get_absolute_url(),
        "search": "/soeg/?q=sundhed",
        "search, nothing found": "/soeg/?q=hjemlose",
        "empty search": "/soeg/",
        "subscribe": f"/abonnement/tilmeld/?udvalg={demo['byraad'].slug}",
        "alerts": "/abonnement/",
        "404": "/udvalg/findes-ikke/",
    }


def test_english_pages_have_no_danish_ui_words(client, archive):
    names = data_names(archive)
    found = {}
    for name, path in pages(archive).items():
        response = client.get("/en" + path)
        assert response.status_code == (404 if name == "404" else 200), name
        html = response.content.decode()
        assert '<html lang="en">' in html, name
        text = ui_text(html, names)
        words = sorted(set(WORD.findall(text)))
        if words:
            found[name] = [
                text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                for m in WORD.finditer(text)
            ]
    assert found == {}, found


def test_the_check_sees_danish_chrome(client, archive, settings):
    """The crawl's check itself: the Danish page is full of the words it looks for, and the
    minutes' own text (lang="da") is not counted."""
    html = client.get(archive["meeting"].get_absolute_url()).content.decode()
    assert {"Søg", "Forside", "Udvalg"} <= set(WORD.findall(ui_text(html, [])))
    assert WORD.findall(ui_text('<p lang="da">Sagen og punkt til møde</p>', [])) == []
