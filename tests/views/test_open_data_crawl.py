"""A crawl over every URL of the sitemap, the feeds, the calendars, the OParl API and the
exports on an archive with closed points and drafts: none of their words appears anywhere."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.files.base import ContentFile
from django.urls import reverse

from councils.models import Case, Council, Meeting
from tests import factories as f

from .conftest import CLOSED_CASE, SECRET_WORDS

URL_RE = re.compile(r"http://testserver(/[^\s\"'<>\\]*)")
HIDDEN = [*SECRET_WORDS, CLOSED_CASE, "Fortroligfilindhold", "Kladdebilagstitel", "hemmelig.pdf"]


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


def seeds(site) -> list[str]:
    urls = ["/robots.txt", "/sitemap.xml", "/oparl/v1.1/"]
    for prefix in ("", "/en"):
        urls += [
            prefix + reverse("councils:feed_meetings"),
            prefix + reverse("councils:feed_meetings_rss"),
            prefix + reverse("councils:calendar"),
        ]
    for council in Council.objects.all():  # drafts-only councils too: they must answer 404
        slug = council.slug
        for name in (
            "feed_council", "feed_council_rss", "feed_decisions", "feed_decisions_rss",
            "calendar_council",
        ):  # fmt: skip
            urls.append(reverse(f"councils:{name}", args=[slug]))
    for case in Case.objects.all():
        urls += [
            reverse("councils:feed_case", args=[case.number]),
            reverse("councils:feed_case_rss", args=[case.number]),
        ]
    for meeting in Meeting.objects.select_related("council"):
        date = meeting.start.astimezone(f.CPH).date()
        urls.append(reverse("councils:meeting_json", args=[meeting.council.slug, date]))
    for query in (
        "q=plan",
        "q=Fortroligtitel",
        "q=Kladdetitel",
        f"q={CLOSED_CASE}",
        "udfald=godkendt",
        "q=punkt&sortering=dato",
    ):
        for name in ("feed_search", "feed_search_rss", "export_csv", "export_json"):
            urls.append(f"{reverse(f'councils:{name}')}?{query}")
    return urls


def test_no_closed_or_draft_word_in_any_open_data_url(client, site):
    closed_bilag = site["closed"].attachments.get()
    closed_bilag.file.save("hemmelig.pdf", ContentFile(b"Fortroligfilindhold"))
    draft_bilag = f.attachment(site["draft_item"], title="Kladdebilagstitel")
    draft_bilag.file.save("kladde.pdf", ContentFile(b"Fortroligfilindhold"))
    open_bilag = site["plan"].attachments.order_by("order").first()
    open_bilag.file.save("plan.pdf", ContentFile(b"%PDF-1.4 offentlig"))

    initial = seeds(site)
    queue, seen, followed, statuses = list(initial), set(), set(), {}
    while queue:
        url = html.unescape(queue.pop())
        if url in seen or urlsplit(url).path.startswith(("/admin/", "/static/")):
            continue
        seen.add(url)
        response = client.get(url)
        statuses[url] = response.status_code
        text = body_of(response)
        kind = response.get("Content-Type", "")
        if kind.startswith("text/calendar"):
            text = text.replace("\r\n ", "")  # unfold long lines (RFC 5545)
        if response.status_code == 200 and not kind.startswith("text/html"):
            assert not response.cookies, f"{url} sets a cookie"
            found = set(URL_RE.findall(text)) - seen  # follow what the open data links to
            followed |= found
            queue += found
        text = text.replace(urlsplit(url).path, "")  # a 404 page echoing the address asked for
        for values in parse_qs(urlsplit(url).query).values():  # a search echoing its words
            for value in values:
                text = text.replace(value, "").replace(urlencode({"q": value})[2:], "")
        for word in HIDDEN:
            assert word not in text, f"{word!r} leaked at {url}"
    assert len(seen) > 60
    # Everything the open data links to answers 200; of the URLs we made up, only those of
    # drafts and closed points do not.
    assert {u for u in followed if statuses[u] != 200} == set()
    broken = {u for u, code in statuses.items() if code != 200}
    draft_only = Council.objects.get(name="Kladdeudvalgsnavn").slug
    draft_json = reverse("councils:meeting_json", args=["socialudvalget", "2022-01-10"])
    for url in broken:
        assert draft_only in url or CLOSED_CASE in url or url == draft_json, (url, statuses[url])
    assert site["plan"].get_absolute_url() in seen
    assert open_bilag.get_absolute_url() in seen  # the API's file links were followed
