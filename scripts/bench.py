#!/usr/bin/env python3
"""``make bench``: every public page at 10k, 100k and 1M points, on PostgreSQL, in one table.

    make bench                      # SIZE=10k,100k (default)
    make bench SIZE=10k,100k,1m     # the 1M database takes a long while to build the first time
    make bench SIZE=tiny            # 500 points: a smoke run (tests/benchmarks/test_bench_smoke.py)

For each size a database ``ref_bench_<size>`` is built once (kept between runs; rebuilt when it
holds fewer points) by the search benchmark's bulk builder (``test_bench_search.build``: real
parsed referater from ``generate_referater`` as a content pool, points written by set-based
SQL, search vectors computed once per pool point). Then, for that size:

1. **latency and SQL per page**, in a child process with production settings (``DEBUG=0``)
   through Django's test client, page cache off: ``RUNS`` requests per page after one warm-up,
   p50/p95 in ms, and the number of SQL queries of one request;
2. **search per query kind** (rare, medium and common words, phrases, journal numbers, chosen
   from the database's own titles) p50/p95, beside the same words with ``icontains`` on the ORM
   (the ratio);
3. **req/s under 16 clients** with wrk (``WRK_SECONDS`` per page) through gunicorn (2 workers,
   ``tests.benchmarks.bench_settings`` = the production settings plus a bare view), Redis as the
   shared cache: every page *cold* (page cache off: each request renders) and *cached* (page
   cache on, warmed), and the bare Django view ``/bench/bare/`` in the same run.

Each size's children and servers have their own cache key prefix (``bench-<database>``),
and the shared cache is flushed before each of them: the cached aggregates (home counts, a
council's years, a case's outline) are computed by the first request of each page, as on a
server after a change of the archive.

Once per run: **import** of ``IMPORT_FILES`` generated referater into a fresh database
``ref_bench_import`` with ``manage.py import_referater`` (files/s, peak RSS by /usr/bin/time).

The table and the machine (cores, RAM, load average before and after) are printed and written
to ``docs/benchmarks.md`` (``BENCH_OUT``). Environment: ``SIZE``, ``BENCH_PG`` (server URL
without a database, default ``postgres://postgres@127.0.0.1:5432``), ``BENCH_REDIS``
(default ``redis://127.0.0.1:6379/3``), ``RUNS`` (20), ``WRK_SECONDS`` (5), ``IMPORT_FILES``
(1000; 0 skips), ``BENCH_SEARCH_POOL_FILES`` (300 generated referater as the content pool),
``BENCH_DB_PREFIX`` (``ref_bench_``: database names), ``BENCH_PORT`` (8765),
``REUSE`` (sizes whose figures of an earlier run, kept in ``var/bench/results-<size>.json``,
are reported again instead of measured, e.g. ``REUSE=10k,100k,import SIZE=10k,100k,1m``;
``import`` reuses the import's).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"tiny": 500, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
RUNS = int(os.environ.get("RUNS", "20"))
WRK_SECONDS = int(os.environ.get("WRK_SECONDS", "5"))
WRK_CLIENTS = 16
IMPORT_FILES = int(os.environ.get("IMPORT_FILES", "1000"))
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "docs" / "benchmarks.md"))
PAGES = ["home", "council", "meeting", "point", "case", "search"]
SEARCH_KINDS = ["rare", "medium", "common", "phrase", "journal"]
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ICONTAINS_QUERIES = int(os.environ.get("ICONTAINS_QUERIES", "2"))  # per kind
ICONTAINS_TIMEOUT_MS = 30_000  # an icontains query cancelled after this counts as this long
REUSE = {s.strip().lower() for s in os.environ.get("REUSE", "").split(",") if s.strip()}
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "var" / "bench"))
# Databases are <prefix><size> and <prefix>import: two runs on one server need two prefixes.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "ref_bench_")

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "CACHE_URL": REDIS,
    "LOG_LEVEL": "ERROR",
    "BENCH_SEARCH_POOL_FILES": os.environ.get("BENCH_SEARCH_POOL_FILES", "300"),
    "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
}


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


# --- child commands (run with DATABASE_URL set) -----------------------------------------------


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referater.settings")
    import django

    django.setup()


def cmd_build(points: int) -> dict:
    """Create and fill the database of DATABASE_URL with ``points`` points (kept if full)."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    _django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from councils.models import AgendaItem

    have = AgendaItem.objects.count()
    if have >= points:
        return {"points": have, "built_s": 0}
    from tests.benchmarks.test_bench_search import build

    start = time.monotonic()
    build(connection, points)
    return {"points": AgendaItem.objects.count(), "built_s": round(time.monotonic() - start)}


def _urls() -> dict[str, str]:
    """One URL per page type: the council with the most meetings, its newest meeting, a point
    of the longest case, that case, a search for a medium-frequency word."""
    from django.db.models import Count
    from django.urls import reverse

    from councils.models import AgendaItem, Case, Council, Meeting

    council = (
        Council.objects.public().with_meeting_counts().order_by("-meeting_count", "pk").first()
    )
    meeting = Meeting.objects.public().for_council(council).order_by("-start").first()
    case = (
        Case.objects.public()
        .annotate(n=Count("items"))
        .order_by("-n", "pk")
        .first()
    )
    point = case.timeline().select_related("meeting__council")
    point = point[point.count() // 2]
    any_point = AgendaItem.objects.public().open().filter(meeting=meeting).first()
    return {
        "home": reverse("councils:home"),
        "council": council.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "point": point.get_absolute_url(),
        "case": case.get_absolute_url(),
        "search": reverse("councils:search") + "?q=" + _words()["medium"][0],
        "_case_treatments": case.timeline().count(),
        "_council_meetings": council.meeting_count,
        "_meeting_points": meeting.items.count(),
        "_any_point": any_point.get_absolute_url() if any_point else "",
    }


_WORDS = None


def _words() -> dict[str, list[str]]:
    """Queries per kind from the database's own titles (deterministic)."""
    global _WORDS
    if _WORDS is not None:
        return _WORDS
    from collections import Counter

    from councils.models import AgendaItem, Case
    from councils.search.text import is_stop_word

    titles = list(
        AgendaItem.objects.public().open().order_by("pk").values_list("title", flat=True)[:5000]
    )
    df = Counter()
    for title in titles:
        df.update({w.lower() for w in re.findall(r"[^\W\d_]{5,}", title) if not is_stop_word(w)})
    by_df = sorted(df.items(), key=lambda kv: (kv[1], kv[0]))
    words = [w for w, _n in by_df]
    n = len(words)
    phrases = []
    for title in titles[::50]:
        pair = re.findall(r"[^\W\d_]{4,}", title)[:2]
        if len(pair) == 2 and not any(is_stop_word(w) for w in pair):
            phrase = f'"{pair[0]} {pair[1]}"'
            if phrase not in phrases:
                phrases.append(phrase)
    cases = list(Case.objects.order_by("pk").values_list("number", flat=True)[:500])
    _WORDS = {
        "rare": words[:5],
        "medium": words[n // 2 : n // 2 + 5],
        "common": words[-5:],
        "phrase": phrases[:5],
        "journal": [cases[i * len(cases) // 5] for i in range(5)] if cases else [],
    }
    return _WORDS


def cmd_probe() -> dict:
    _django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.REFERATER_PAGE_CACHE = False
    urls = _urls()
    client = Client()
    pages = {}
    for name in PAGES:
        url = urls[name]
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = [
            q for q in captured if settings.DATABASE_CACHE_TABLE not in q["sql"]
        ]
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        pages[name] = {
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "queries": len(queries),
            "kb": len(response.content) / 1024,
        }
    search, icontains = {}, {}
    from urllib.parse import urlencode

    from django.db import OperationalError
    from django.db.models import Q

    from councils.models import AgendaItem

    for kind, queries in _words().items():
        times = []
        for q in queries:
            client.get("/soeg/?" + urlencode({"q": q}))  # counts and facets cached after this
            for _ in range(3):
                start = time.perf_counter()
                assert client.get("/soeg/?" + urlencode({"q": q})).status_code == 200
                times.append((time.perf_counter() - start) * 1000)
        slow = []
        with connection.cursor() as cursor:  # icontains scans everything: bounded
            cursor.execute(f"SET statement_timeout = {ICONTAINS_TIMEOUT_MS}")
        for q in queries[:ICONTAINS_QUERIES]:
            start = time.perf_counter()
            qs = AgendaItem.objects.public().open()
            for word in re.findall(r"[^\W_][^\s\"]*", q):
                qs = qs.filter(
                    Q(title__icontains=word)
                    | Q(decision__icontains=word)
                    | Q(sections__text__icontains=word)
                )
            qs = qs.distinct()
            try:
                qs.count()
                list(qs.order_by("-meeting__start")[:25])
                slow.append((time.perf_counter() - start) * 1000)
            except OperationalError:  # cancelled by the timeout: at least that long
                connection.close()
                slow.append(float(ICONTAINS_TIMEOUT_MS))
                with connection.cursor() as cursor:
                    cursor.execute(f"SET statement_timeout = {ICONTAINS_TIMEOUT_MS}")
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
        if times:
            search[kind] = {"p50": statistics.median(times), "p95": percentile(times, 95)}
            icontains[kind] = {"p50": statistics.median(slow), "p95": max(slow)}
    return {"urls": urls, "pages": pages, "search": search, "icontains": icontains,
            "search_profile": _search_profile(client)}


def _search_profile(client) -> dict:
    """Where a search request's time goes, per query kind (p50 ms over the kind's queries):
    count + facets (cold: the cache cleared), facet labels, rank (the first page's ids and
    scores), snippets (the hits' rows and headlines), and the whole warm request; rendering
    and the rest = request - rank - snippets - facet labels (counts are cached when warm)."""
    from urllib.parse import urlencode

    from django.core.cache import cache

    from councils.search import search

    profile = {}
    for kind, queries in _words().items():
        parts = {"count": [], "facets": [], "rank": [], "snippets": [], "request": []}
        for q in queries:
            cache.clear()
            results = search(q)
            start = time.perf_counter()
            results.total  # noqa: B018 - the counts and facets' one pass
            parts["count"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            results.facets  # noqa: B018
            parts["facets"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            rows = list(results.ordered().values_list("item_id", "score")[:25])
            parts["rank"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            results._hits(rows)
            parts["snippets"].append((time.perf_counter() - start) * 1000)
            client.get("/soeg/?" + urlencode({"q": q}))
            start = time.perf_counter()
            client.get("/soeg/?" + urlencode({"q": q}))
            parts["request"].append((time.perf_counter() - start) * 1000)
        if parts["request"]:
            p50 = {k: statistics.median(v) for k, v in parts.items()}
            p50["render"] = max(0.0, p50["request"] - p50["rank"] - p50["snippets"]
                                - p50["facets"])
            profile[kind] = p50
    return profile


# --- the orchestrator ----------------------------------------------------------------------------


def child(args: list[str], db: str, **env) -> dict:
    # Each database its own cache keys: the shared cache's versions and aggregates (counts,
    # a case's outline) of one size must never answer for another.
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], capture_output=True)
    environment = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": f"{PG}/{db}",
                   "CACHE_KEY_PREFIX": f"bench-{db}", **env}
    result = subprocess.run(
        [sys.executable, __file__, *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-6000:])
        raise SystemExit(f"bench child {args} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def gunicorn(db: str, page_cache: bool):
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "DATABASE_URL": f"{PG}/{db}",
        "CACHE_KEY_PREFIX": f"bench-{db}",
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bench_settings",
        "REFERATER_PAGE_CACHE": "1" if page_cache else "0",
    }
    exe = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    proc = subprocess.Popen(
        [exe, "-w", "2", "-b", f"127.0.0.1:{PORT}", "--timeout", "120", "referater.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CLIENTS}", f"-d{WRK_SECONDS}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {
        "rps": rps,
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def throughput(db: str, urls: dict) -> dict:
    result = {}
    for mode, page_cache in (("cold", False), ("cached", True)):
        subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], capture_output=True)
        proc = gunicorn(db, page_cache)
        try:
            base = f"http://127.0.0.1:{PORT}"
            result[f"bare_{mode}"] = wrk(base + "/bench/bare/")
            for name in PAGES:
                url = base + quote(urls[name], safe=":/?&=%~+")
                for _ in range(3):  # warm: both workers, the page cache
                    urllib.request.urlopen(url, timeout=60).read()
                result[f"{name}_{mode}"] = wrk(url)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return result


def import_bench() -> dict:
    if IMPORT_FILES <= 0:
        return {}
    files = ROOT / "var" / "bench" / f"referater-{IMPORT_FILES}"
    env = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": f"{PG}/{DB_PREFIX}import"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not files.is_dir() or len(list(files.iterdir())) < IMPORT_FILES:
        subprocess.run(
            [*manage, "generate_referater", "--count", str(IMPORT_FILES), "--out", str(files),
             "--seed", "1"],
            env=env, check=True, capture_output=True,
        )
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_PREFIX}import WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_PREFIX}import")
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    media = ROOT / "var" / "bench" / "media"
    shutil.rmtree(media, ignore_errors=True)
    env["MEDIA_ROOT"] = str(media)
    start = time.monotonic()
    run = subprocess.run(
        ["/usr/bin/time", "-f", "RSS_KB=%M", *manage, "import_referater", str(files)],
        env=env, capture_output=True, text=True,
    )
    elapsed = time.monotonic() - start
    rss = int(re.search(r"RSS_KB=(\d+)", run.stderr).group(1))
    return {"files": IMPORT_FILES, "seconds": elapsed, "rate": IMPORT_FILES / elapsed,
            "rss_mb": rss / 1024, "status": run.returncode}


def machine() -> dict:
    mem = Path("/proc/meminfo").read_text()
    total = int(re.search(r"MemTotal:\s+(\d+)", mem).group(1)) / 1024 / 1024
    return {"cores": os.cpu_count(), "ram_gb": round(total, 1),
            "load": " ".join(Path("/proc/loadavg").read_text().split()[:3])}


def fmt(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def report(sizes, results, imports, before, after) -> str:
    labels = list(sizes)
    first, last = labels[0], labels[-1]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/bench.py`; see its docstring for the method). "
        "Sizes: " + ", ".join(f"{k} ({results[k]['points']:,} points)" for k in labels) + ".",
        "",
        f"Machine: {before['cores']} cores, {before['ram_gb']} GB RAM; load average "
        f"{before['load']} at the start, {after['load']} at the end (the machine is shared: "
        "figures under load are noisy).",
        "",
        "Each size measured at: " + "; ".join(
            f"{k} {results[k].get('measured', {}).get('at', '?')} (load "
            f"{results[k].get('measured', {}).get('load', '?')})" for k in labels) + ".",
        "",
        "## Pages",
        "",
        "Latency: Django test client, production settings, page cache off (every request "
        f"renders), {RUNS} requests after a warm-up. req/s: wrk, {WRK_CLIENTS} connections, "
        f"{WRK_SECONDS} s, gunicorn 2 workers; *cold* = page cache off, *cached* = page cache on.",
        "",
    ]
    head = ["page"]
    for k in labels:
        head += [f"p50 ms {k}", f"p95 ms {k}", f"SQL {k}", f"req/s cold {k}",
                 f"req/s cached {k}"]
    head += [f"p95 {last}/{first}"]
    lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for name in PAGES:
        row = [name]
        for k in labels:
            p = results[k]["pages"][name]
            t = results[k]["throughput"]
            row += [fmt(p["p50"]), fmt(p["p95"]), str(p["queries"]),
                    fmt(t[f"{name}_cold"]["rps"]), fmt(t[f"{name}_cached"]["rps"])]
        growth = results[last]["pages"][name]["p95"] / results[first]["pages"][name]["p95"]
        row.append(f"{growth:.2f}×")
        lines.append("| " + " | ".join(row) + " |")
    row = ["bare Django view"]
    for k in labels:
        t = results[k]["throughput"]
        row += ["", "", "", fmt(t["bare_cold"]["rps"]), fmt(t["bare_cached"]["rps"])]
    lines.append("| " + " | ".join(row + [""]) + " |")
    lines += ["", "Cached req/s as a share of the bare view's (same run, same server):", ""]
    for k in labels:
        t = results[k]["throughput"]
        bare = t["bare_cached"]["rps"]
        shares = ", ".join(
            "{} {:.0f} %".format(n, 100 * t[n + "_cached"]["rps"] / bare) for n in PAGES
        )
        cold = 100 * t["meeting_cold"]["rps"] / t["bare_cold"]["rps"]
        errors = sum(v["errors"] + v["timeouts"] for v in t.values())
        lines.append(f"- {k}: {shares}; uncached meeting page {cold:.0f} % of bare; "
                     f"errors/timeouts {errors}")
    lines += ["", "Pages measured (per size): " + "; ".join(
        f"{k}: council with {results[k]['urls']['_council_meetings']:,} meetings, case with "
        f"{results[k]['urls']['_case_treatments']:,} treatments, meeting with "
        f"{results[k]['urls']['_meeting_points']} points" for k in labels) + ".", ""]
    lines += ["## Search per query kind", "",
              "Through the view (/soeg/, warm: counts and facets cached after the first "
              "request), 5 queries × 3 runs per kind; icontains: the same words on the ORM "
              f"(title, decision, sections), {ICONTAINS_QUERIES} per kind, cancelled after "
              f"{ICONTAINS_TIMEOUT_MS // 1000} s (then counted as that long).", ""]
    head = ["kind"]
    for k in labels:
        head += [f"p50 ms {k}", f"p95 ms {k}", f"icontains p50 ms {k}", f"ratio {k}"]
    lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for kind in SEARCH_KINDS:
        row = [kind]
        for k in labels:
            s = results[k]["search"].get(kind)
            i = results[k]["icontains"].get(kind)
            if not s:
                row += ["–"] * 4
                continue
            row += [fmt(s["p50"]), fmt(s["p95"]), fmt(i["p50"]), f"{i['p50'] / s['p50']:.0f}×"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", f"### Where a search's time goes ({last}, p50 ms per query kind)", "",
              "count + facets: the one pass over the matches (cold; cached afterwards for "
              "two minutes); labels: the facets' councils; rank: the first page's ids and "
              "scores; snippets: the hits' rows and headlines; request: the whole warm "
              "request; render: request − rank − snippets − labels (template, FilterSet, "
              "middleware).", "",
              "| kind | count + facets (cold) | labels | rank | snippets | render | request |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for kind in SEARCH_KINDS:
        p = results[last].get("search_profile", {}).get(kind)
        if p:
            lines.append(f"| {kind} | {fmt(p['count'])} | {fmt(p['facets'])} | "
                         f"{fmt(p['rank'])} | {fmt(p['snippets'])} | {fmt(p['render'])} | "
                         f"{fmt(p['request'])} |")
    lines += ["", "## Import", ""]
    if imports:
        lines.append(
            f"`import_referater` of {imports['files']:,} generated referater into an empty "
            f"PostgreSQL database: {imports['seconds']:.1f} s, **{imports['rate']:.1f} "
            f"referater/s**, peak RSS **{imports['rss_mb']:.0f} MB** (exit {imports['status']}"
            f"; measured {imports.get('measured', {}).get('at', '?')}, load "
            f"{imports.get('measured', {}).get('load', '?')})."
        )
    else:
        lines.append("Not measured in this run (IMPORT_FILES=0).")
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "build":
        print(json.dumps(cmd_build(int(sys.argv[2]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        print(json.dumps(cmd_probe()))
        return
    labels = [s.strip().lower() for s in os.environ.get("SIZE", "10k,100k").split(",") if s]
    sizes = {k: SIZES[k] for k in labels}
    before = machine()
    subprocess.run(  # production settings serve the manifest's hashed static files
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput"],
        env={**os.environ, **PRODUCTION_ENV}, check=True, capture_output=True,
    )
    results = {}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for label, points in sizes.items():
        db = f"{DB_PREFIX}{label}"
        saved = RESULTS_DIR / f"results-{label}.json"
        if label in REUSE and saved.exists():  # measured by an earlier run (its load is noted)
            results[label] = json.loads(saved.read_text())
            print(f"{label}: reusing the figures of {saved}", flush=True)
            continue
        t0 = time.monotonic()
        built = child(["build", str(points)], db)
        print(f"{label}: {built['points']:,} points in {db} (built in {built['built_s']} s)",
              flush=True)
        probe = child(["probe"], db)
        print(f"{label}: pages and search measured ({time.monotonic() - t0:.0f} s)", flush=True)
        probe["throughput"] = throughput(db, probe["urls"])
        probe["points"] = built["points"]
        probe["measured"] = {"at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                             **machine()}
        results[label] = probe
        saved.write_text(json.dumps(probe, default=str))
        print(f"{label}: wrk done ({time.monotonic() - t0:.0f} s)", flush=True)
    saved_import = RESULTS_DIR / "results-import.json"
    if "import" in REUSE and saved_import.exists():
        imports = json.loads(saved_import.read_text())
    else:
        imports = import_bench()
        if imports:
            imports["measured"] = {"at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                   **machine()}
            saved_import.write_text(json.dumps(imports))
    after = machine()
    text = report(sizes, results, imports, before, after)
    print(text)
    OUT.write_text(text)
    (RESULTS_DIR / "benchmarks.json").write_text(json.dumps(
        {"sizes": sizes, "results": results, "import": imports, "machine": [before, after]},
        indent=1, default=str))
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
