"""The real client against the fake portal on loopback: rate limit, retries, timeouts, session,
User-Agent, limits."""

from __future__ import annotations

import socket
import time

import pytest

from councils.harvest.client import (
    PortalClient,
    PortalError,
    PortalHTTPError,
    PortalTooLarge,
    PortalUnavailable,
    normalize_base_url,
    user_agent,
)

LIST = "/api/agenda/udvalgsliste"


def client_for(portal, **kwargs) -> PortalClient:
    kwargs.setdefault("min_interval", 0.0)
    kwargs.setdefault("backoff", 0.01)
    kwargs.setdefault("retries", 3)
    kwargs.setdefault("read_timeout", 2.0)
    kwargs.setdefault("backoff_max", 1.0)
    return PortalClient(portal.url, **kwargs)


def test_front_page_first_then_the_api_with_its_cookie_and_our_user_agent(
    harvest_settings, fake_portal
):
    with client_for(fake_portal) as portal:
        body = portal.committee_list()
    assert body.startswith(b'{"Udvalg"')
    first, second = fake_portal.requests
    assert (first.path, first.cookie) == ("/", False)
    assert (second.path, second.cookie) == (LIST, True)
    assert second.user_agent == "Referatarkiv-harvester/1 (+drift@example.org)"
    assert user_agent() == second.user_agent


def test_without_the_session_cookie_the_api_refuses(harvest_settings, fake_portal):
    with client_for(fake_portal) as portal:
        with pytest.raises(PortalHTTPError) as caught:
            portal.get(LIST)  # no front page first
    assert caught.value.status == 401
    assert len(fake_portal.requests) == 1  # a 4xx is not retried


def test_retries_a_503_with_back_off_then_succeeds(harvest_settings, fake_portal):
    fake_portal.faults[LIST] = [503, 503]
    with client_for(fake_portal, backoff=0.05) as portal:
        assert portal.committee_list().startswith(b"{")
        assert portal.requests == 4  # front page + three attempts
    times = [s.at for s in fake_portal.requests if s.path == LIST]
    assert len(times) == 3
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert gaps[0] >= 0.05 - 0.005 and gaps[1] >= 0.10 - 0.005  # 1×, then 2× the back-off


def test_gives_up_after_the_retries_saying_why(harvest_settings, fake_portal):
    fake_portal.faults[LIST] = [502] * 10
    with client_for(fake_portal, retries=2) as portal:
        with pytest.raises(PortalUnavailable, match=r"HTTP 502 from .* \(3 attempts\)"):
            portal.committee_list()
    assert len(fake_portal.paths(LIST)) == 3


def test_a_timeout_is_retried(harvest_settings, fake_portal):
    fake_portal.delays[LIST] = [1.0]
    with client_for(fake_portal, read_timeout=0.3) as portal:
        assert portal.committee_list().startswith(b"{")
    assert len(fake_portal.paths(LIST)) == 2


def test_a_portal_that_always_hangs_fails_with_timeout(harvest_settings, fake_portal):
    fake_portal.delays[LIST] = [1.0] * 3
    with client_for(fake_portal, read_timeout=0.2, retries=2) as portal:
        with pytest.raises(PortalUnavailable, match="timeout"):
            portal.committee_list()
    assert len(fake_portal.paths(LIST)) == 3


def test_rate_limit_between_every_request(harvest_settings, fake_portal, portal_data):
    fake_portal.faults[LIST] = [503]  # a retry, too, waits its turn
    interval = 0.2
    sent = []  # when the client hands each request to the network (the server's arrival
    # times add the busy machine's scheduling delays, which the client cannot control)
    with client_for(fake_portal, min_interval=interval, backoff=0.0) as portal:
        portal.http.event_hooks["request"].append(lambda request: sent.append(time.monotonic()))
        portal.committee_list()
        for meeting_id in sorted(portal_data.meetings)[:3]:
            portal.meeting(meeting_id)
    assert len(fake_portal.requests) == 6
    assert len(sent) == 6
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    assert min(gaps) >= interval - 0.05, gaps
    assert sent[-1] - sent[0] >= 5 * interval - 0.05


def test_the_default_rate_limit_comes_from_the_settings(harvest_settings):
    harvest_settings.REFERATER_HARVEST_MIN_INTERVAL_SECONDS = 1.5
    sleeps = []
    clock = iter([10.0, 10.2, 13.0]).__next__
    portal = PortalClient("https://example.org", sleep=sleeps.append, clock=clock)
    portal._wait_turn()  # the first request goes at once (clock 10.0)
    portal._wait_turn()  # 0.2 s later: waits the remaining 1.3 s
    assert sleeps == [pytest.approx(1.3)]
    portal.close()


def test_retry_after_is_honoured_up_to_the_maximum(harvest_settings):
    portal = PortalClient("https://example.org", backoff=1, backoff_max=30)
    assert [portal._delay(n, None) for n in (1, 2, 3)] == [1, 2, 4]
    assert portal._delay(1, "10") == 10
    assert portal._delay(1, "120") == 30
    assert portal._delay(1, "Wed, 21 Oct 2025 07:28:00 GMT") == 1  # a date: the back-off
    portal.close()


def test_a_response_over_the_size_limit_is_refused(harvest_settings, fake_portal):
    with client_for(fake_portal, max_bytes=100) as portal:
        with pytest.raises(PortalTooLarge):
            portal.committee_list()


def test_a_closed_port_fails_as_connection_failed(harvest_settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with PortalClient(f"http://127.0.0.1:{port}/", min_interval=0, backoff=0, retries=1) as portal:
        with pytest.raises(PortalUnavailable, match=r"connection failed .*\(2 attempts\)"):
            portal.committee_list()
        assert portal.requests == 2


def test_base_urls():
    assert normalize_base_url("https://dagsordener.randers.dk") == "https://dagsordener.randers.dk/"
    assert normalize_base_url(" http://x.dk/sub ") == "http://x.dk/sub/"
    for bad in ("dagsordener.randers.dk", "ftp://x.dk/", "", "https:///"):
        with pytest.raises(PortalError):
            normalize_base_url(bad)
