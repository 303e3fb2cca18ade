"""A fake FirstAgenda Publication portal of ours: data generated here in the shape of the public
API (``docs/layouts.md``), served by a real HTTP server on 127.0.0.1.

Nothing here is downloaded: committees, meetings, points, HTML fields and bilag PDFs are made
up by ``build_portal``. The server behaves like the real portal where the client depends on
it: the front page sets an anonymous session cookie, and without it the API answers 401 and
a bilag URL returns an HTML login page (200); ``faults`` and ``delays`` make answers fail or
hang, ``requests`` records what the server saw (time, path, User-Agent).
"""

from __future__ import annotations

import datetime
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tests.files.factories import pdf

CPH = ZoneInfo("Europe/Copenhagen")
ZERO = "00000000-0000-0000-0000-000000000000"
COOKIE = "FirstAgendaSession"
COUNCILS = ("Byrådet", "Teknisk Udvalg", "Børne- og Skoleudvalget")
PLACES = ("Byrådssalen, Rådhuset", "Mødelokale 2, Rådhuset", "Skolen, Lærerværelset")


def guid(*parts) -> str:
    """A stable GUID for the parts (the same data every time)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(str(p) for p in parts)))


@dataclass
class Meeting:
    id: str
    council: int  # index in COUNCILS
    number: int  # 0-based within the council
    start: datetime.datetime
    kind: str  # "dagsorden" or "referat"
    released: str
    variant: str  # "danish", "english" or "one_field": how the points are written


@dataclass
class PortalData:
    meetings: dict[str, Meeting] = field(default_factory=dict)
    bilag: dict[str, bytes] = field(default_factory=dict)
    # id → raw bytes served instead of the generated JSON (e.g. broken JSON)
    raw_meetings: dict[str, bytes] = field(default_factory=dict)
    extra_list_entries: dict[int, list[dict]] = field(default_factory=dict)

    def committee_list(self) -> bytes:
        groups = []
        for index, name in enumerate(COUNCILS):
            meetings = [m for m in self.meetings.values() if m.council == index]
            entries = [_list_entry(m) for m in sorted(meetings, key=lambda m: m.start)]
            entries.extend(self.extra_list_entries.get(index, []))
            groups.append(
                {
                    "Id": guid("udvalg", index),
                    "Navn": name,
                    "OrganisationId": guid("organisation"),
                    "Historisk": False,
                    "Moeder": entries,
                }
            )
        return json.dumps(
            {"Udvalg": {"Aktuelle politiske udvalg": groups}}, ensure_ascii=False
        ).encode()

    def meeting_json(self, meeting_id: str) -> bytes | None:
        if meeting_id in self.raw_meetings:
            return self.raw_meetings[meeting_id]
        meeting = self.meetings.get(meeting_id)
        return None if meeting is None else json.dumps(_meeting(meeting, self)).encode()

    def release_referat(self, meeting_id: str, when: str = "2030-01-01T09:00:00+01:00"):
        """The portal publishes the referat of a meeting whose agenda it had (same id)."""
        meeting = self.meetings[meeting_id]
        meeting.kind = "referat"
        meeting.released = when


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _list_entry(m: Meeting) -> dict:
    return {
        "Id": m.id,
        "Navn": "Referat" if m.kind == "referat" else "Dagsorden",
        "Dato": _iso(m.start),
        "Sted": PLACES[m.council],
        "ReleasedDate": m.released,
        "Afsluttet": m.kind == "referat",
        "IsSupplementaryAgenda": False,
    }


def _html_fields(m: Meeting, n: int) -> list[tuple[str, str]]:
    fields = [
        ("Resume", f"<p>Punkt {n} på mødet nr. {m.number + 1} handler om sag {n}.</p>"),
        (
            "Sagsfremstilling",
            f"<p>Forvaltningen har undersøgt sagen om <strong>skolevej {m.number}</strong>.</p>"
            f"<p>Der er afsat <em>{100 + n} mio. kr.</em> i budgettet.</p>"
            "<ul><li>Første forhold</li><li>Andet forhold</li></ul>",
        ),
        ("Indstilling", "<p>Direktionen indstiller, at sagen godkendes.</p>"),
    ]
    if m.kind == "referat":
        decision = "Godkendt." if n != 3 else "Taget til efterretning."
        fields.append(("Beslutning", f"<p>{decision}</p>"))
    return fields


def _point(m: Meeting, n: int, data: PortalData) -> dict:
    point_id = guid("punkt", m.id, n)
    closed = n == 4
    title = {
        1: "Godkendelse af dagsorden",
        2: f"Budget for skolevej {m.number}",
        3: f"Orientering om trafik {m.number}",
        4: "Lukket punkt: Personalesag",
    }[n]
    bilag = []
    if n in (2, 3, 4):
        for k in range(1 if n == 2 else 2):
            bilag_id = guid("bilag", m.id, n, k)
            name = f"Bilag {k + 1} til punkt {n}"
            bilag.append({"Id": bilag_id, "Navn": name, "Order": k + 1})
            data.bilag.setdefault(
                bilag_id, pdf(1, f"{name} - moede {m.number} i udvalg {m.council}")
            )
    case = (
        f"00.01.00-A00-{m.number + 1}-25"
        if n == 2
        else (f"EMN-2025-00{m.number:04d}" if n == 3 else "")
    )
    fields = [] if closed else _html_fields(m, n)
    if m.variant == "one_field" and fields:
        html = "".join(f"<h3>{heading}</h3>{body}" for heading, body in fields)
        felter = [{"Html": html}]
    else:
        felter = [{"Navn": heading, "Html": body} for heading, body in fields]
    if not closed:
        felter.append({"Navn": "Sagsfremstilling (PDF)", "DocumentId": guid("dok", point_id)})
    if m.variant == "english":
        return {
            "Id": point_id,
            "Number": n,
            "Caption": title,
            "CaseNumber": case,
            "IsPublic": not closed,
            "Felter": felter,
            "Bilag": bilag,
        }
    return {
        "Id": point_id,
        "Punktnummer": str(n),
        "Navn": title,
        "Sagsnummer": case,
        "IsOpen": not closed,
        "Felter": felter,
        "Bilag": bilag,
    }


def _meeting(m: Meeting, data: PortalData) -> dict:
    return {
        "Id": m.id,
        "Udvalg": {"Id": guid("udvalg", m.council), "Navn": COUNCILS[m.council]},
        "Moede": {
            "Id": ZERO,  # the portal's meeting payload carries a zero GUID here
            "Navn": "Referat" if m.kind == "referat" else "Dagsorden",
            "Dato": _iso(m.start),
            "Sted": PLACES[m.council],
            "ReleasedDate": m.released,
        },
        "TillaegsDagsorden": False,
        "Dagsordenpunkter": [_point(m, n, data) for n in range(1, 5)],
    }


def build_portal(councils: int = 3, meetings: int = 20, future: int = 6) -> PortalData:
    """``councils`` × ``meetings``: the last ``future`` of each council are agendas of coming
    meetings, the others referater of past ones; each has 4 points (one closed) and 3 bilag
    on its open points (and 2 on the closed one, which are never to be fetched)."""
    data = PortalData()
    today = datetime.datetime.now(CPH).replace(hour=0, minute=0, second=0, microsecond=0)
    variants = ("danish", "english", "one_field")
    for c in range(councils):
        for k in range(meetings):
            days = (k - (meetings - future)) * 7 + 3 + c
            start = (today + datetime.timedelta(days=days)).replace(hour=16 + c % 2)
            kind = "dagsorden" if k >= meetings - future else "referat"
            meeting_id = guid("moede", c, k)
            data.meetings[meeting_id] = Meeting(
                id=meeting_id,
                council=c,
                number=k,
                start=start,
                kind=kind,
                released=_iso(start - datetime.timedelta(days=5)),
                variant=variants[c % len(variants)],
            )
    for meeting in data.meetings.values():  # generate the bilag bytes
        _meeting(meeting, data)
    return data


# --- the server ----------------------------------------------------------------------------------
@dataclass
class Seen:
    at: float  # time.monotonic() when the request arrived
    path: str
    user_agent: str
    cookie: bool


class FakePortal:
    """``with FakePortal(data) as portal: portal.url`` — a ThreadingHTTPServer on loopback."""

    def __init__(self, data: PortalData):
        self.data = data
        self.requests: list[Seen] = []
        self.faults: dict[str, list[int]] = {}  # path → statuses answered first, one each
        self.delays: dict[str, list[float]] = {}  # path → seconds to hang first, one each
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def paths(self, prefix: str = "") -> list[str]:
        return [seen.path for seen in self.requests if seen.path.startswith(prefix)]

    def _take(self, table: dict, path: str):
        with self._lock:
            queue = table.get(path)
            return queue.pop(0) if queue else None

    def _handler(self):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body in one write (else the client waits for a delayed ACK).
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                path = parts.path
                has_cookie = f"{COOKIE}=" in (self.headers.get("Cookie") or "")
                with portal._lock:
                    portal.requests.append(
                        Seen(time.monotonic(), path, self.headers.get("User-Agent", ""), has_cookie)
                    )
                delay = portal._take(portal.delays, path)
                if delay:
                    time.sleep(delay)
                status = portal._take(portal.faults, path)
                if status:
                    return self._send(status, b"Service Unavailable", "text/plain")
                if path == "/":
                    return self._send(
                        200,
                        b"<!doctype html><title>Dagsordener</title>",
                        "text/html",
                        {"Set-Cookie": f"{COOKIE}=anonym; Path=/; HttpOnly"},
                    )
                if path.startswith("/Vis/Pdf/bilag/"):
                    if not has_cookie:  # like the real portal: a login page, not the PDF
                        return self._send(200, b"<!doctype html><p>Log ind</p>", "text/html")
                    body = portal.data.bilag.get(path.rsplit("/", 1)[-1])
                    if body is None:
                        return self._send(404, b"Not found", "text/plain")
                    return self._send(200, body, "application/pdf")
                if not path.startswith("/api/"):
                    return self._send(404, b"Not found", "text/plain")
                if not has_cookie:
                    return self._send(401, b'{"Message": "Unauthorized"}', "application/json")
                if path == "/api/agenda/udvalgsliste":
                    return self._send(200, portal.data.committee_list(), "application/json")
                if path.startswith("/api/agenda/dagsorden/"):
                    body = portal.data.meeting_json(path.rsplit("/", 1)[-1])
                    if body is None:
                        return self._send(404, b'{"Message": "Not found"}', "application/json")
                    return self._send(200, body, "application/json; charset=utf-8")
                return self._send(404, b"Not found", "text/plain")

            def _send(self, status, body, content_type, headers=None):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        return Handler
