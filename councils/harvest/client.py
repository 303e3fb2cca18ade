"""The HTTP client of FirstAgenda Publication's public API: polite, bounded, retrying.

Library: httpx — maintained, strict timeouts per phase (connect, read), connection reuse,
cookies, and streamed bodies (so a response is cut off at the size limit instead of being read
whole). Retries are this module's loop rather than a transport's, so every attempt, retries
included, goes through the same rate limit (requests + urllib3's ``Retry`` retries below the
session, where a rate limit cannot see them).

- **Rate limit:** at least ``REFERATER_HARVEST_MIN_INTERVAL_SECONDS`` (1 s) between the starts
  of two requests to the portal, retries included.
- **Timeouts:** ``REFERATER_HARVEST_CONNECT_TIMEOUT`` (10 s) to connect,
  ``REFERATER_HARVEST_READ_TIMEOUT`` (60 s) between two chunks of a response.
- **Retries:** up to ``REFERATER_HARVEST_RETRIES`` (3) more attempts on a timeout, a failed
  connection, 429 or a 5xx answer, after ``REFERATER_HARVEST_BACKOFF_SECONDS`` (2 s), doubling
  each time, at most ``REFERATER_HARVEST_BACKOFF_MAX_SECONDS`` (60 s); a ``Retry-After`` in
  seconds is honoured within that maximum. Other 4xx answers are not retried.
- **User-Agent:** ``Referatarkiv-harvester/1 (+<REFERATER_HARVEST_CONTACT>)`` — who we are and
  how to reach us (the site owner's e-mail by default).
- **Session:** the portal's API answers anonymous visitors once they hold the session cookie
  its front page sets (public scrapers fetch the front page first); the client does so
  before its first API call and keeps the cookies.
- **Size:** a response over the upload limit (``REFERATER_MAX_UPLOAD_MB``) is refused.
"""

from __future__ import annotations

import time
from urllib.parse import quote, urljoin, urlsplit

import httpx
from django.conf import settings

USER_AGENT_PRODUCT = "Referatarkiv-harvester/1"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK_BYTES = 64 * 1024

# Paths of the public API (relative to the portal's base URL).
COMMITTEE_LIST_PATH = "api/agenda/udvalgsliste"
MEETING_PATH = "api/agenda/dagsorden/{id}"
BILAG_PATH = "Vis/Pdf/bilag/{id}?redirectDirectlyToPdf=true"


def _setting(name: str, default):
    return getattr(settings, name, default)


def user_agent() -> str:
    contact = _setting("REFERATER_HARVEST_CONTACT", "") or _setting("SITE_OWNER_EMAIL", "")
    return f"{USER_AGENT_PRODUCT} (+{contact})" if contact else USER_AGENT_PRODUCT


def normalize_base_url(url: str) -> str:
    """``https://host/path`` → ``https://host/path/`` (http/https only)."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PortalError(f"'{url}' is not a portal address (http:// or https://…).")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


class PortalError(Exception):
    """A request to the portal failed; ``str()`` says what and where."""


class PortalHTTPError(PortalError):
    def __init__(self, status: int, url: str):
        super().__init__(f"HTTP {status} from {url}")
        self.status = status
        self.url = url


class PortalUnavailable(PortalError):
    """Timeouts, failed connections or 5xx answers until the retries ran out."""


class PortalTooLarge(PortalError):
    pass


class PortalClient:
    """One portal. ``with PortalClient(base) as portal: portal.committee_list()``.

    ``requests`` counts the HTTP requests sent (retries included).
    """

    def __init__(
        self,
        base_url: str,
        *,
        min_interval: float | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        backoff_max: float | None = None,
        max_bytes: int | None = None,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.base_url = normalize_base_url(base_url)
        self.min_interval = float(
            _setting("REFERATER_HARVEST_MIN_INTERVAL_SECONDS", 1.0)
            if min_interval is None
            else min_interval
        )
        connect = connect_timeout or _setting("REFERATER_HARVEST_CONNECT_TIMEOUT", 10.0)
        read = read_timeout or _setting("REFERATER_HARVEST_READ_TIMEOUT", 60.0)
        self.retries = int(_setting("REFERATER_HARVEST_RETRIES", 3) if retries is None else retries)
        self.backoff = float(
            _setting("REFERATER_HARVEST_BACKOFF_SECONDS", 2.0) if backoff is None else backoff
        )
        self.backoff_max = float(
            _setting("REFERATER_HARVEST_BACKOFF_MAX_SECONDS", 60.0)
            if backoff_max is None
            else backoff_max
        )
        self.max_bytes = max_bytes or _setting("REFERATER_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
        self._sleep = sleep
        self._clock = clock
        self._last_start: float | None = None
        self._session_started = False
        self.requests = 0
        self.http = httpx.Client(
            headers={"User-Agent": user_agent()},
            timeout=httpx.Timeout(read, connect=connect),
            follow_redirects=True,
            max_redirects=5,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.http.close()

    # --- the API ------------------------------------------------------------------------------
    def start_session(self) -> None:
        """Fetch the front page once: it sets the anonymous session cookie the API wants."""
        if not self._session_started:
            self._session_started = True
            self.get("", accept="text/html")

    def committee_list(self) -> bytes:
        self.start_session()
        return self.get(COMMITTEE_LIST_PATH)

    def meeting(self, meeting_id: str) -> bytes:
        self.start_session()
        return self.get(MEETING_PATH.format(id=quote(meeting_id, safe="")))

    def bilag(self, bilag_id: str) -> bytes:
        self.start_session()
        return self.get(BILAG_PATH.format(id=quote(bilag_id, safe="")), accept="application/pdf")

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    # --- one GET, politely --------------------------------------------------------------------
    def _wait_turn(self) -> None:
        if self._last_start is not None:
            pause = self._last_start + self.min_interval - self._clock()
            if pause > 0:
                self._sleep(pause)
        self._last_start = self._clock()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        delay = self.backoff * (2 ** (attempt - 1))
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        return min(delay, self.backoff_max)

    def get(self, path: str, *, accept: str = "application/json") -> bytes:
        """The body of a 2xx answer; PortalError otherwise (after the retries)."""
        url = self.url(path)
        problem, retry_after = "", None
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self._delay(attempt, retry_after))
            retry_after = None
            self._wait_turn()
            self.requests += 1
            try:
                with self.http.stream("GET", url, headers={"Accept": accept}) as response:
                    if response.status_code in RETRY_STATUSES:
                        retry_after = response.headers.get("Retry-After")
                        problem = f"HTTP {response.status_code}"
                        continue
                    if response.status_code >= 400:
                        raise PortalHTTPError(response.status_code, url)
                    return self._read(response, url)
            except httpx.TimeoutException:
                problem = "timeout"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
        raise PortalUnavailable(f"{problem} from {url} ({self.retries + 1} attempts)")

    def _read(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise PortalTooLarge(f"{url} is {int(declared):,} bytes (limit {self.max_bytes:,})")
        chunks, size = [], 0
        for chunk in response.iter_bytes(CHUNK_BYTES):
            size += len(chunk)
            if size > self.max_bytes:
                raise PortalTooLarge(f"{url} is larger than {self.max_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
