"""sitemap.xml and robots.txt, read with an XML parser: every public page, nothing else."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from councils.models import AgendaItem, Case, Council, Meeting
from tests import factories as f

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITEMAP_BUDGET = 3  # per sitemap page; the index runs one aggregate per section


def xml_of(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_urls(client) -> dict[str, str]:
    """{page path: lastmod} over every sitemap of the index."""
    index = xml_of(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    found = {}
    for sitemap in index.findall("s:sitemap", NS):
        assert sitemap.find("s:lastmod", NS) is not None
        urlset = xml_of(client, path_of(sitemap.find("s:loc", NS).text))
        for url in urlset.findall("s:url", NS):
            loc = path_of(url.find("s:loc", NS).text)
            assert loc not in found, f"{loc} listed twice"
            found[loc] = url.find("s:lastmod", NS).text
    return found


def public_pages() -> set[str]:
    pages = {reverse("councils:home"), reverse("councils:council_list")}
    pages |= {c.get_absolute_url() for c in Council.objects.public()}
    pages |= {m.get_absolute_url() for m in Meeting.objects.public().select_related("council")}
    items = AgendaItem.objects.public().select_related("meeting__council")
    pages |= {i.get_absolute_url() for i in items}
    pages |= {c.get_absolute_url() for c in Case.objects.public()}
    return pages


def test_sitemap_lists_every_public_page_and_nothing_else(client, site):
    found = sitemap_urls(client)
    assert set(found) == public_pages()
    for url in (
        site["draft"].get_absolute_url(),
        site["draft_item"].get_absolute_url(),
        reverse("councils:case", args=["00.01.00-A00-9-21"]),  # only a closed point has it
        reverse("councils:council", args=[Council.objects.get(name="Kladdeudvalgsnavn").slug]),
    ):
        assert url not in found
    assert site["closed"].get_absolute_url() in found  # its page is public (redacted)
    for path in found:
        assert client.get(path).status_code == 200, path
    lastmod = found[site["meeting"].get_absolute_url()]
    assert lastmod == site["meeting"].updated_at.date().isoformat()
    assert all(found.values())


def test_sitemap_is_split_at_the_named_limit(client, site, settings):
    settings.SITEMAP_MAX_URLS = 2
    index = xml_of(client, "/sitemap.xml")
    locs = [path_of(s.find("s:loc", NS).text) for s in index.findall("s:sitemap", NS)]
    assert "/sitemap-punkter.xml?p=3" in locs  # 5 points: 3 pages of 2
    assert set(sitemap_urls(client)) == public_pages()


def test_robots_txt_points_to_the_sitemap_and_keeps_admin_and_search_out(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/soeg/", "/en/soeg/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the archive itself stays crawlable


@pytest.mark.parametrize("meetings", [1, 20])
def test_sitemap_query_budget(client, db, django_assert_max_num_queries, meetings):
    council = f.council("Sitemapudvalget")
    for n in range(meetings):
        m = f.meeting(council)
        f.item(m, case=f.case(f"27.15.00-A08-{n + 1}-21"))
    for section in ("sider", "udvalg", "moeder", "punkter", "sager"):
        with django_assert_max_num_queries(SITEMAP_BUDGET):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200
    with django_assert_max_num_queries(2 * 5):
        assert client.get("/sitemap.xml").status_code == 200
