"""The public pages: content, visibility rules, query budgets, error pages, languages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from councils.models import AgendaItem, Meeting, Person
from tests import factories as f

from .conftest import CLOSED_CASE, SECRET_WORDS

QUERY_BUDGET = 10  # per page type, whatever the size of the data
# The point and meeting pages also look up their neighbours (previous/next point, previous/next
# meeting of the council): two small queries each, added to their budget.
NEIGHBOUR_QUERIES = 2
# Every page asks once whether the archive holds generated sample data ("Eksempeldata").
SAMPLE_MARKER_QUERIES = 1


def public_urls(site) -> list[str]:
    meeting, plan = site["meeting"], site["plan"]
    return [
        reverse("councils:home"),
        reverse("councils:council_list"),
        site["byraad"].get_absolute_url(),
        site["udvalg"].get_absolute_url(),
        site["udvalg"].get_absolute_url() + "?aar=2021",
        meeting.get_absolute_url(),
        site["earlier"].get_absolute_url(),
        site["first"].get_absolute_url(),
        plan.get_absolute_url(),
        site["closed"].get_absolute_url(),
        site["earlier_item"].get_absolute_url(),
        site["case"].get_absolute_url(),
        # open data and alerts (HTML pages; feeds, calendars, API: tests/feeds, tests/oparl)
        reverse("councils:alerts_subscribe") + "?udvalg=" + site["byraad"].slug,
        reverse("councils:alerts_subscribe") + "?sag=" + site["case"].number,
        reverse("councils:alerts"),
        reverse("councils:person_list"),
        Person.objects.get(name="Peter Jensen").get_absolute_url(),  # absent from a point
        Person.objects.get(name="Hanne Hansen").get_absolute_url(),  # from the meeting
    ]


def body(response) -> str:
    return response.content.decode()


def main_of(html: str) -> str:
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def text_of(html: str) -> str:
    """Visible text, tags removed and whitespace folded (for order and phrase checks)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- visibility ------------------------------------------------------------------------------


def test_every_public_page_renders(client, site):
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_closed_and_draft_words_appear_in_no_response(client, site, prefix):
    for url in public_urls(site):
        html = body(client.get(prefix + url))
        for word in SECRET_WORDS:
            assert word not in html, f"{word!r} leaked on {prefix + url}"
        assert CLOSED_CASE not in html, f"closed point's case leaked on {url}"


def test_closed_point_shows_only_number_and_lukket_punkt(client, site):
    closed = site["closed"]
    html = body(client.get(closed.get_absolute_url()))
    assert "Punkt 3: Lukket punkt" in html
    meeting_html = body(client.get(site["meeting"].get_absolute_url()))
    assert text_of(meeting_html).count("Punkt 3: Lukket punkt") >= 2  # TOC and the point
    article = re.search(r'<article[^>]*id="punkt-3".*?</article>', meeting_html, re.S).group(0)
    assert "Beslutning" not in article and "Bilag" not in article and "Sag " not in article


def test_drafts_are_404(client, site):
    draft = site["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(site["draft_item"].get_absolute_url()).status_code == 404
    draft_only = f.council("Kun kladder")
    f.meeting(draft_only, status=Meeting.Status.DRAFT)
    assert client.get(draft_only.get_absolute_url()).status_code == 404


def test_a_case_with_only_closed_or_draft_points_is_404(client, site):
    assert client.get(reverse("councils:case", args=[CLOSED_CASE])).status_code == 404
    only_draft = f.case("01.02.03-B04-5-22")
    f.item(site["draft"], number=2, title="x", case=only_draft)
    assert client.get(only_draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("councils:case", args=["99.99.99-Z99-1-99"])).status_code == 404


def test_unknown_meeting_date_and_point_are_404(client, site):
    url = reverse("councils:meeting", args=[site["byraad"].slug, datetime.date(2000, 1, 1)])
    assert client.get(url).status_code == 404
    url = reverse("councils:item", args=[site["byraad"].slug, datetime.date(2021, 12, 6), 99])
    assert client.get(url).status_code == 404
    assert client.get("/udvalg/findes-ikke/").status_code == 404


def test_counts_count_closed_points_but_not_their_content(client, site):
    html = text_of(body(client.get(site["byraad"].get_absolute_url())))
    assert "3 (heraf 1 lukket)" in html
    home = text_of(body(client.get("/")))
    # published points: 1 (gammel) + 1 (earlier) + 3 (meeting, one closed); drafts not counted
    assert "5 dagsordenspunkter" in home
    assert "3 møder" in home
    assert "1 sag" in home  # the closed point's case is not counted


# --- page content -----------------------------------------------------------------------------


def test_home_has_search_box_latest_meetings_and_councils(client, site):
    html = body(client.get("/"))
    search_url = reverse("councils:search")
    forms = re.findall(r'<form[^>]*role="search"[^>]*action="([^"]+)"', html)
    assert forms.count(search_url) == 2  # header and home page
    assert re.search(r'<label for="home-q">[^<]+</label>', html)
    assert 'id="home-q" name="q"' in html
    assert site["meeting"].get_absolute_url() in html
    assert "Socialudvalget" in html and "Byrådet" in html


def test_every_page_has_header_search_footer_and_language_switch(client, site, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/referater-test"
    settings.SITE_OWNER_EMAIL = "referater@example.dk"
    for url in public_urls(site):
        html = body(client.get(url))
        assert '<html lang="da">' in html
        assert 'href="#indhold"' in html and 'id="indhold"' in html
        assert re.search(r'<label for="header-q">', html)
        assert 'href="https://www.was.digst.dk/referater-test">Tilgængelighedserklæring' in html
        assert "mailto:referater@example.dk" in html
        # The language switch is a plain link (no form: no CSRF cookie on public pages).
        assert re.search(r'<a href="/en/[^"]*" hreflang="en" lang="en">English</a>', html)
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url


def test_canonical_and_opengraph(client, site):
    plan = site["plan"]
    response = client.get(plan.get_absolute_url() + "?utm=x")
    html = body(response)
    canonical = "http://testserver" + plan.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Punkt 2: Plan for området">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'hreflang="en" href="http://testserver/en' + plan.get_absolute_url() in html
    council_html = body(client.get(site["udvalg"].get_absolute_url() + "?aar=2021"))
    assert f'href="http://testserver{site["udvalg"].get_absolute_url()}"' in council_html


def test_page_titles_say_where_you_are(client, site):
    def title(url):
        return re.search(r"<title>(.*?)</title>", body(client.get(url)), re.S).group(1).strip()

    assert title("/") == "Forside – Referatarkiv"
    assert title(reverse("councils:council_list")) == "Udvalg og råd – Referatarkiv"
    assert title(site["byraad"].get_absolute_url()) == "Byrådet – Referatarkiv"
    assert title(site["meeting"].get_absolute_url()) == "Byrådet 6. december 2021 – Referatarkiv"
    assert title(site["plan"].get_absolute_url()) == (
        "Punkt 2: Plan for området – Byrådet 6. december 2021 – Referatarkiv"
    )
    assert title(site["case"].get_absolute_url()) == (
        "Sag 27.15.00-A08-1-21: Plan for området – Referatarkiv"
    )


def test_council_list_groups_by_kind_active_and_historical(client, site):
    html = text_of(main_of(body(client.get(reverse("councils:council_list")))))
    html = html.split("“Tidligere”.", 1)[1]  # after the introduction
    assert html.index("Byråd") < html.index("Byrådet") < html.index("Udvalg ")
    assert html.index("Udvalg ") < html.index("Socialudvalget") < html.index(" Råd ")
    tidligere = html.index("Tidligere")
    assert html.index(" Råd ") < tidligere < html.index("Ældrerådet 2010-2013")


def test_council_page_shows_one_year_at_a_time_with_years_as_navigation(client, site):
    udvalg = site["udvalg"]
    f.meeting(udvalg, start=datetime.datetime(2019, 5, 3, 9, 0, tzinfo=f.CPH))
    f.meeting(udvalg, start=datetime.datetime(2019, 9, 3, 9, 0, tzinfo=f.CPH))
    html = body(client.get(udvalg.get_absolute_url()))
    # the newest year by default, the others as links with their number of meetings
    assert "<caption>2021</caption>" in html and "<caption>2019</caption>" not in html
    nav = re.search(r'<nav class="year-nav".*?</nav>', html, re.S).group(0)
    assert text_of(nav).split() == ["2021", "(1", "møde)", "2019", "(2", "møder)"]
    assert 'href="/udvalg/socialudvalget/?aar=2021" aria-current="page"' in nav
    assert "Plan for området" in html  # recent decisions
    filtered = body(client.get(udvalg.get_absolute_url() + "?aar=2019"))
    assert "<caption>2019</caption>" in filtered and "<caption>2021</caption>" not in filtered
    assert filtered.count("3. maj 2019") + filtered.count("3. september 2019") == 2
    assert "<title>Socialudvalget 2019 – Referatarkiv</title>" in filtered
    bad = client.get(udvalg.get_absolute_url() + "?aar=1850")
    assert bad.status_code == 200
    bad_html = body(bad)
    assert "Der er ingen møder i år 1850" in bad_html
    assert "<caption>2021</caption>" in bad_html  # the newest year instead


def test_meeting_page_shows_everything_in_order(client, site):
    meeting, plan = site["meeting"], site["plan"]
    html = body(client.get(meeting.get_absolute_url()))
    text = text_of(html)
    assert "Byrådet 2018 - 2021" in text  # printed council name
    assert "Mandag 6. december 2021, kl. 16:30" in text
    assert "Byrådssalen, Rådhuset" in text
    assert "Afbud Hanne Hansen" in text
    for n in (1, 2, 3):
        assert f'href="#punkt-{n}"' in html and f'id="punkt-{n}"' in html
    article = re.search(r'<article[^>]*id="punkt-2".*?</article>', html, re.S).group(0)
    a = text_of(article)
    # the decision first, with its badge, then decisions of other committees, then sections
    order = [
        "Beslutning Godkendt",
        "planen evalueres i 2023",
        "Fraværende: Peter Jensen",
        "Behandlet i Socialudvalget 2. november 2021, pkt. 4",
        "Behandlet i Økonomiudvalget 23. november 2021, pkt. 9",
        "Resume",
        "Kort resumé",
        "Sagsfremstilling",
        "Indstilling",
        "Bilag",
        "Planens tekst",
        "Høringssvar samlet",
    ]
    positions = [a.index(s) for s in order]
    assert positions == sorted(positions)
    assert a.count("Godkendt med følgende bemærkning") == 1  # beslutning section not repeated
    assert '<span class="badge badge--godkendt">Godkendt</span>' in article
    earlier_url = site["earlier_item"].get_absolute_url()
    assert f'<a href="{earlier_url}">Behandlet i Socialudvalget' in article
    assert "<a" not in article.split("Behandlet i Økonomiudvalget")[0][-40:]
    assert "<ul><li>punkt et<ul><li>underpunkt</li></ul></li><li>punkt to</li></ul>" in article
    assert "<ol><li>at planen godkendes</li><li>at den offentliggøres</li></ol>" in article
    assert '<th scope="col">Budget</th>' in article and "<td>9,5</td>" in article
    assert "Tabel 1: Udgifter</caption>" in article
    assert f'href="{plan.case.get_absolute_url()}"' in article
    assert f'href="{plan.get_absolute_url()}"' in article
    # The meeting has a closed point, so its original file (which prints everything) is not
    # offered; see tests/views/test_downloads.py.
    assert "Hent det oprindelige referat" not in html


def test_item_notices_include_is_at_the_top_of_each_point(client, site, settings):
    from django.template.loaders.locmem import Loader  # noqa: F401 - documents intent

    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"councils/includes/item_notices.html": "NOTICE-{{ item.number }}"},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    html = body(client.get(site["meeting"].get_absolute_url()))
    for n in (1, 2, 3):
        assert re.search(rf'id="punkt-{n}"[^>]*>\s*NOTICE-{n}\s*<h2', html)
    item_html = body(client.get(site["plan"].get_absolute_url()))
    assert re.search(r'<article[^>]*>\s*NOTICE-2\s*<p class="kicker"', item_html)


def test_meeting_without_source_file_has_no_download(client, site):
    html = body(client.get(site["earlier"].get_absolute_url()))
    assert "Hent det oprindelige referat" not in html
    doc = f.source_document(with_file=False)
    site["earlier"].source_document = doc
    site["earlier"].save()
    assert "Hent det oprindelige referat" not in body(
        client.get(site["earlier"].get_absolute_url())
    )


def test_point_page_has_sidebar_with_the_case_timeline(client, site):
    plan = site["plan"]
    html = body(client.get(plan.get_absolute_url()))
    aside = re.search(r"<aside.*?</aside>", html, re.S).group(0)
    text = text_of(aside)
    assert "Sagens forløb" in text
    assert text.index("Socialudvalget, 2. november 2021, punkt 4") < text.index(
        "Byrådet, 6. december 2021, punkt 2"
    )
    assert f'href="{site["earlier_item"].get_absolute_url()}"' in aside
    assert 'aria-current="page"' in aside
    assert "Kladde" not in aside
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    for url in (
        "/",
        "/udvalg/",
        site["byraad"].get_absolute_url(),
        site["meeting"].get_absolute_url(),
    ):
        assert f'href="{url}"' in crumbs


def test_case_page_is_a_timeline_oldest_first(client, site):
    case = site["case"]
    html = body(client.get(case.get_absolute_url()))
    text = text_of(html)
    assert text.index("Socialudvalget, 2. november 2021, punkt 4") < text.index(
        "Byrådet, 6. december 2021, punkt 2"
    )
    assert "Tiltrådt" in text and "Anbefales." in text
    assert 'href="https://www.kle-online.dk/emneplan/27/15/00/">27.15.00 på kle-online.dk' in html
    assert "Socialudvalget, Byrådet" in text or "Byrådet, Socialudvalget" in text


def test_case_url_with_lowercase_facet_redirects_to_the_printed_form(client, site):
    response = client.get(reverse("councils:case", args=["27.15.00-a08-1-21"]))
    assert response.status_code == 301
    assert response.headers["Location"] == site["case"].get_absolute_url()


# --- query budgets ------------------------------------------------------------------------------


@pytest.fixture
def big_archive(db):
    council = f.council("Store udvalg")
    case = f.case("27.15.00-A08-1-21")
    meeting = f.full_meeting(council, points=20, case_obj=None)
    # 30 appearances of one case, across two councils
    other = f.council("Andet udvalg")
    base = datetime.datetime(2018, 1, 8, 15, 0, tzinfo=f.CPH)
    items = []
    for n in range(30):
        m = f.meeting(council if n % 2 else other, start=base + datetime.timedelta(days=14 * n))
        items.append(f.item(m, number=n + 1, title=f"Sagens punkt {n}", case=case))
        f.prior_decision(items[-1])
    closed = f.item(meeting, number=99, title="Lukket", is_closed=True, case=case)
    return {"council": council, "meeting": meeting, "case": case, "items": items, "closed": closed}


def test_meeting_page_query_budget(client, big_archive, assert_max_db_queries):
    meeting = big_archive["meeting"]
    assert meeting.items.count() == 21
    with assert_max_db_queries(
        QUERY_BUDGET + NEIGHBOUR_QUERIES + SAMPLE_MARKER_QUERIES
    ):
        response = client.get(meeting.get_absolute_url())
    html = body(response)
    assert html.count('<article class="point') == 21
    assert html.count("Behandlet i Økonomiudvalget") == 20
    assert html.count("Punktfraværende") == 20
    assert html.count("Bilag til punkt") == 20


def test_point_page_query_budget(client, big_archive, assert_max_db_queries):
    item = big_archive["items"][15]
    with assert_max_db_queries(
        QUERY_BUDGET + NEIGHBOUR_QUERIES + SAMPLE_MARKER_QUERIES
    ):
        response = client.get(item.get_absolute_url())
    aside = re.search(r"<aside.*?</aside>", body(response), re.S).group(0)
    # the nearest treatments only (5 before, this one, 5 after), and a link to all 30
    assert aside.count("<li") == 11
    assert "Vis alle 30 behandlinger" in text_of(aside)


def test_case_page_query_budget(client, big_archive, assert_max_db_queries):
    with assert_max_db_queries(QUERY_BUDGET):
        response = client.get(big_archive["case"].get_absolute_url())
    html = body(response)
    assert html.count('class="timeline__entry"') == 30  # the closed point is left out


def test_list_pages_query_budget(client, big_archive, assert_max_db_queries):
    for n in range(15):
        f.council(f"Ekstra udvalg {n}")
        f.meeting(f.council(f"Råd {n}", kind="raad"))
    council = big_archive["council"]
    for url in ("/", reverse("councils:council_list"), council.get_absolute_url()):
        with assert_max_db_queries(QUERY_BUDGET):
            assert client.get(url).status_code == 200


# --- error pages ---------------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_404_page_is_danish_and_has_no_debug_output(client, db):
    response = client.get("/udvalg/findes-ikke/2021-01-01/")
    assert response.status_code == 404
    html = body(response)
    assert "Siden findes ikke" in html
    assert '<html lang="da">' in html
    assert "Traceback" not in html and "urlpatterns" not in html
    assert 'name="robots" content="noindex"' in html


@override_settings(DEBUG=False)
def test_500_page_is_danish_and_has_no_stack_trace(db):
    from django.test import Client

    client = Client(raise_request_exception=False)
    with pytest.MonkeyPatch.context() as mp:
        from councils.views import public

        def boom(*args, **kwargs):
            raise RuntimeError("secret internals")

        mp.setattr(public, "_public_meetings", boom)
        response = client.get("/")
    assert response.status_code == 500
    html = body(response)
    assert "Der opstod en fejl" in html and '<html lang="da">' in html
    assert "secret internals" not in html and "Traceback" not in html


# --- outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "label"),
    [
        (AgendaItem.Outcome.GODKENDT, "Godkendt"),
        (AgendaItem.Outcome.EFTERRETNING, "Taget til efterretning"),
        (AgendaItem.Outcome.UDSAT, "Udsat"),
    ],
)
def test_outcome_badge(client, db, outcome, label):
    point = f.item(decision="Noget blev besluttet.", decision_outcome=outcome)
    html = body(client.get(point.get_absolute_url()))
    assert f'<span class="badge badge--{outcome}">{label}</span>' in html


# --- English ---------------------------------------------------------------------------------


def test_english_pages_have_lang_en_and_translated_chrome(client, site):
    for url in public_urls(site):
        response = client.get("/en" + url)
        assert response.status_code == 200, url
        html = body(response)
        assert '<html lang="en">' in html
        assert "Skip to content" in html and "Accessibility statement" in html
        assert "Search the minutes" in html
        assert 'hreflang="da" lang="da">Dansk</a>' in html
        assert "Spring til indhold" not in html
    meeting_html = text_of(body(client.get("/en" + site["meeting"].get_absolute_url())))
    assert "Contents" in meeting_html and "Item 3: Closed item" in meeting_html
    assert "Decision Approved" in meeting_html
    assert "Considered by Økonomiudvalget" in meeting_html


def test_english_links_stay_english_and_canonical_is_the_english_url(client, site):
    url = site["plan"].get_absolute_url()
    html = body(client.get("/en" + url))
    assert f'<link rel="canonical" href="http://testserver/en{url}">' in html
    assert f'href="/en{site["meeting"].get_absolute_url()}"' in html
    assert '<meta property="og:locale" content="en_GB">' in html


def test_language_switch_links_to_the_translated_path(client, site):
    url = site["meeting"].get_absolute_url() + "?x=1"
    html = body(client.get("/en" + url))
    assert f'<a href="{url.replace("&", "&amp;")}" hreflang="da" lang="da">Dansk</a>' in html
    assert f'<a href="/en{url}" hreflang="en" lang="en">English</a>' in body(client.get(url))
    assert '<html lang="da">' in body(client.get(url))


def test_danish_content_is_marked_lang_da_on_english_pages(client, site):
    html = body(client.get("/en" + site["meeting"].get_absolute_url()))
    assert 'Item 2: <span lang="da">Plan for området</span>' in html
    assert '<div class="decision__text" lang="da"><p>Godkendt med' in html
    assert '<h3 lang="da">Sagsfremstilling</h3>' in html
    assert '<ol class="attachments__list" lang="da">' in html
    case_html = body(client.get("/en" + site["case"].get_absolute_url()))
    assert '<span lang="da">Plan for området</span></h1>' in case_html


def test_decision_of_a_committee_matched_to_a_draft_is_not_linked(client, site):
    f.prior_decision(
        site["plan"], council_name="Kommende udvalg", matched_item=site["draft_item"], text="x"
    )
    html = body(client.get(site["plan"].get_absolute_url()))
    assert "Behandlet i Kommende udvalg" in html
    assert site["draft"].get_absolute_url() not in html


def test_bilag_with_a_file_links_to_it_with_its_size(client, site):
    from django.core.files.base import ContentFile

    attachment = site["plan"].attachments.first()
    attachment.size = 2048
    attachment.sha256 = "a" * 64
    attachment.file.save("plan.pdf", ContentFile(b"x" * 2048))
    html = body(client.get(site["plan"].get_absolute_url()))
    url = attachment.get_absolute_url()
    assert "/punkt-" in url and url.endswith("/bilag-1/")
    assert f'<a href="{url}">Planens tekst</a>' in html
    assert "(2,0\xa0KB)" in html
