"""The intake's JSON format (a portal's meeting data, purpose PORTAL)."""

from __future__ import annotations

import json

import pytest

from councils.files import BILAG, PORTAL, REFERAT, FileRefused, accept
from councils.files.limits import MAX_JSON_DEPTH

MEETING = json.dumps({"Id": "m-1", "Udvalg": {"Navn": "Byrådet"}, "Dagsordenpunkter": []})


def test_a_meetings_json_is_accepted_with_its_hash():
    accepted = accept(MEETING.encode(), "m-1.json", PORTAL)
    assert (accepted.format, accepted.content_type, accepted.extension) == (
        "json",
        "application/json; charset=utf-8",
        ".json",
    )
    assert accepted.storage_name == f"{accepted.sha256}.json"
    assert accept(b"\xef\xbb\xbf" + MEETING.encode(), "m-1.json", PORTAL).format == "json"


@pytest.mark.parametrize(
    "data,code",
    [
        (b'{"Id": "m-1", "Dagsordenpunkter": [', "not_json"),
        (b"<html><body>502 Bad Gateway</body></html>", "not_json"),
        (MEETING.encode("utf-16"), "not_json"),  # JSON between systems is UTF-8
        (b"%PDF-1.4\n", "not_json"),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), "json_too_deep"),
        (b"[" * 100_000 + b"]" * 100_000, "not_json"),  # Python's own recursion limit
        (b"", "empty"),
    ],
)
def test_what_is_not_json_is_refused(data, code):
    with pytest.raises(FileRefused) as caught:
        accept(data, "m-1.json", PORTAL)
    assert caught.value.code == code
    assert "m-1.json" in caught.value.message


def test_json_is_only_portal_data():
    for purpose in (REFERAT, BILAG):
        with pytest.raises(FileRefused) as caught:
            accept(MEETING.encode(), "m-1.json", purpose)
        assert caught.value.code == "not_allowed"
    with pytest.raises(FileRefused) as caught:
        accept(MEETING.encode(), "m-1.txt", PORTAL)  # the portal purpose takes .json only
    assert caught.value.code == "not_allowed"


def test_nesting_at_the_limit_is_fine():
    data = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert accept(data, "x.json", PORTAL).format == "json"
