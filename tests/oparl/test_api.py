"""The OParl 1.1 API, checked with jsonschema against the official schemas and walked from
the System object by its links alone."""

from __future__ import annotations

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from councils.models import AgendaItem, Meeting
from tests import factories as f
from tests.views.conftest import CLOSED_CASE, SECRET_WORDS

ROOT = "http://testserver/oparl/v1.1/"
LIST_BUDGET = 6  # queries per list page, whatever the size of the data


def get(client, url: str, code: int = 200) -> dict:
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == code, (url, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    text = response.content.decode("utf-8")
    for word in [*SECRET_WORDS, CLOSED_CASE, "Fortroligfil", "Kladdebilag"]:
        assert word not in text, (word, url)
    return json.loads(text)


def walk(client, oparl):
    """Fetch everything reachable from the System object by following its URLs; validate
    every object (embedded ones too). Returns {id: object} of every object seen."""
    seen_urls, objects, queue = set(), {}, [ROOT]

    def collect(value):
        if isinstance(value, dict):
            if "id" in value and "type" in value:
                objects.setdefault(value["id"], value)
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)
        elif isinstance(value, str) and value.startswith(ROOT) and value not in seen_urls:
            queue.append(value)

    while queue:
        url = queue.pop()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        data = get(client, url)
        if "data" in data:  # a list page
            assert set(data) == {"data", "pagination", "links"}, url
            for obj in data["data"]:
                oparl.validate(obj)
            if data["pagination"]["currentPage"] < data["pagination"]["totalPages"]:
                assert "next" in data["links"], url
        else:
            oparl.validate(data)
            assert data["id"] == url.split("?")[0], "an object's id is its URL"
        collect(data)
    return objects


def of_type(objects: dict, kind: str) -> dict:
    return {k: v for k, v in objects.items() if v["type"].endswith(f"/{kind}")}


def point_id(item) -> str:
    return f"{ROOT}agendaItem/{item.meeting_id}-{item.number}/"


def test_walk_from_system_reaches_every_public_agenda_item_and_validates_everything(
    client, archive, oparl
):
    objects = walk(client, oparl)
    expected = {point_id(i) for i in AgendaItem.objects.public()}
    assert set(of_type(objects, "AgendaItem")) == expected
    assert point_id(archive["draft_item"]) not in objects
    # every agenda item is also served at its id, the same as embedded in its meeting
    for url, embedded in of_type(objects, "AgendaItem").items():
        assert get(client, url) == embedded
    meetings = of_type(objects, "Meeting")
    assert set(meetings) == {f"{ROOT}meeting/{m.pk}/" for m in Meeting.objects.public()}
    assert set(of_type(objects, "Paper")) == {f"{ROOT}paper/{archive['case'].pk}/"}
    assert of_type(objects, "Consultation") and of_type(objects, "Organization")
    assert {"System", "Body", "Organization", "Meeting", "AgendaItem", "Paper"} <= set(
        oparl.validated
    )
    assert {"Consultation", "File", "Location"} <= set(oparl.validated)


def test_the_validator_follows_embedded_schemas(client, archive, oparl):
    meeting = get(client, f"{ROOT}meeting/{archive['earlier'].pk}/")
    oparl.validate(meeting)
    broken = json.loads(json.dumps(meeting))
    del broken["resultsProtocol"]["accessUrl"]  # an embedded File without its required field
    assert any("accessUrl" in e for e in oparl.errors(broken))
    broken = json.loads(json.dumps(meeting))
    del broken["agendaItem"][0]["modified"]
    assert any("modified" in e for e in oparl.errors(broken))


def test_a_closed_point_is_public_false_with_no_content(client, archive, oparl):
    closed = archive["closed"]
    data = get(client, point_id(closed))
    oparl.validate(data)
    assert data["public"] is False
    assert set(data) == {"id", "type", "meeting", "number", "order", "public", "web", "created",
                         "modified"}  # fmt: skip
    meeting = get(client, f"{ROOT}meeting/{closed.meeting_id}/")
    assert data in meeting["agendaItem"]
    assert "resultsProtocol" not in meeting  # its original file prints the closed point
    open_point = get(client, point_id(archive["plan"]))
    assert open_point["public"] is True and open_point["name"] == "Plan for området"
    assert open_point["resolutionText"].startswith("Godkendt med følgende bemærkning")
    assert open_point["result"] == "godkendt"


def test_drafts_and_hidden_things_are_not_found(client, archive):
    draft = archive["draft"]
    for url in (
        f"{ROOT}meeting/{draft.pk}/",
        point_id(archive["draft_item"]),
        f"{ROOT}consultation/{archive['closed'].meeting_id}-{archive['closed'].number}/",
        f"{ROOT}file/bilag-{archive['closed'].meeting_id}-{archive['closed'].number}-1/",
        f"{ROOT}file/kilde-{archive['meeting'].source_document_id}/",
        f"{ROOT}organization/999999/",
        f"{ROOT}body/999999/meeting/",
    ):
        data = get(client, url, 404)
        assert data["error"]


def test_files_have_access_and_download_urls_that_serve_the_file(client, archive, oparl):
    body = get(client, f"{ROOT}body/{archive['byraad'].municipality_id}/")
    files = get(client, body["file"])["data"]
    assert len(files) == 2  # the public original and the open point's bilag; no others
    for obj in files:
        oparl.validate(obj)
        for key in ("accessUrl", "downloadUrl"):
            response = client.get(obj[key].removeprefix("http://testserver"))
            assert response.status_code == 200
            assert b"".join(response.streaming_content)
        assert get(client, obj["id"]) == obj
    bilag = next(o for o in files if "/file/bilag-" in o["id"])
    assert bilag["name"] == "Planens tekst"
    assert bilag["agendaItem"] == [point_id(archive["plan"])]
    source = next(o for o in files if "/file/kilde-" in o["id"])
    assert source["meeting"] == [f"{ROOT}meeting/{archive['earlier'].pk}/"]
    point = get(client, point_id(archive["plan"]))
    assert point["auxiliaryFile"] == [bilag]


def test_paper_is_the_case_and_its_consultations_are_its_treatments(client, archive, oparl):
    case = archive["case"]
    paper = get(client, f"{ROOT}paper/{case.pk}/")
    oparl.validate(paper)
    assert paper["reference"] == case.number
    assert paper["date"] == "2021-11-02"
    assert paper["name"] == "Plan for området"
    assert [c["agendaItem"] for c in paper["consultation"]] == [
        point_id(archive["earlier_item"]),
        point_id(archive["plan"]),
    ]  # oldest first; the draft's point is not a treatment
    for consultation in paper["consultation"]:
        assert get(client, consultation["id"]) == consultation
        assert get(client, consultation["agendaItem"])["consultation"] == consultation["id"]
    meetings = [archive["earlier"], archive["meeting"]]
    meetings = [Meeting.objects.get(pk=m.pk) for m in meetings]
    assert paper["created"] == min(m.created_at for m in meetings).astimezone(f.CPH).isoformat(
        timespec="seconds"
    )
    assert paper["modified"] == max(m.updated_at for m in meetings).astimezone(f.CPH).isoformat(
        timespec="seconds"
    )


def test_person_list_is_empty_but_valid(client, archive):
    body = get(client, f"{ROOT}body/{archive['byraad'].municipality_id}/")
    persons = get(client, body["person"])
    assert persons["data"] == []
    assert persons["pagination"]["totalElements"] == 0 and "next" not in persons["links"]


def body_lists(client, archive) -> list[str]:
    body = get(client, f"{ROOT}body/{archive['byraad'].municipality_id}/")
    keys = ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file")
    return [f"{ROOT}body/", *(body[k] for k in keys)]


def test_lists_page_in_a_stable_order_and_carry_their_parameters(client, archive):
    url = f"{ROOT}body/{archive['byraad'].municipality_id}/agendaItem/"
    everything = [o["id"] for o in get(client, url)["data"]]
    since = "2000-01-01T00:00:00+01:00"
    page = get(client, f"{url}?elementsPerPage=2&created_since={since.replace('+', '%2B')}")
    assert page["pagination"] == {
        "totalElements": 5,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 3,
    }
    ids = [o["id"] for o in page["data"]]
    while "next" in page["links"]:
        query = parse_qs(urlsplit(page["links"]["next"]).query)
        assert query["created_since"] == [since] and query["elementsPerPage"] == ["2"]
        assert parse_qs(urlsplit(page["links"]["last"]).query)["created_since"] == [since]
        page = get(client, page["links"]["next"])
        ids += [o["id"] for o in page["data"]]
    assert ids == everything and len(ids) == 5
    assert "prev" in page["links"] and "next" not in page["links"]
    keys = [tuple(int(n) for n in i.rstrip("/").rsplit("/", 1)[1].split("-")) for i in ids]
    assert keys == sorted(keys)  # by id


def test_every_list_takes_the_date_filters(client, archive):
    future = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat()
    past = "2000-01-01T00:00:00+00:00"
    for url in body_lists(client, archive):
        total = get(client, url)["pagination"]["totalElements"]
        for name, value, expected in (
            ("created_since", past, total),
            ("modified_since", past, total),
            ("created_until", future, total),
            ("modified_until", future, total),
            ("created_since", future, 0),
            ("modified_since", future, 0),
            ("created_until", past, 0),
            ("modified_until", past, 0),
        ):
            found = get(client, f"{url}?{name}={value.replace('+', '%2B')}")
            assert found["pagination"]["totalElements"] == expected, (url, name, value)


def test_modified_since_finds_a_meeting_whose_point_changed(client, archive):
    meeting = archive["earlier"]
    cut = datetime.datetime.now(datetime.UTC)
    Meeting.objects.exclude(pk=meeting.pk).update(updated_at=cut - datetime.timedelta(days=1))
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=cut + datetime.timedelta(seconds=5))
    url = f"{ROOT}body/{meeting.council.municipality_id}/meeting/?modified_since={cut.isoformat()}"
    found = get(client, url.replace("+", "%2B"))
    assert [m["id"] for m in found["data"]] == [f"{ROOT}meeting/{meeting.pk}/"]


@pytest.mark.parametrize(
    "query",
    ["created_since=igår", "modified_until=2024-13-01", "page=0", "page=x", "elementsPerPage=-1"],
)
def test_bad_parameters_are_a_clear_400(client, archive, query):
    url = f"{ROOT}body/{archive['byraad'].municipality_id}/meeting/?{query}"
    assert get(client, url, 400)["error"]


def test_page_size_is_capped_and_a_page_past_the_end_is_404(client, archive, settings):
    settings.OPARL_MAX_PAGE_SIZE = 2
    url = f"{ROOT}body/{archive['byraad'].municipality_id}/agendaItem/"
    assert get(client, f"{url}?elementsPerPage=1000")["pagination"]["elementsPerPage"] == 2
    assert get(client, f"{url}?page=99", 404)["error"]


def test_system_and_body(client, archive, oparl):
    system = get(client, ROOT)
    oparl.validate(system)
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = get(client, system["body"])["data"]
    assert [b["name"] for b in bodies] == ["Randers Kommune"]
    assert bodies[0]["legislativeTerm"] == []  # required, and we have none
    assert get(client, bodies[0]["id"]) == bodies[0]


@pytest.fixture
def grown(db):
    """Grows the archive: ``grown(n)`` adds n meetings of 5 points (one closed), cases, files."""

    def grow(n: int):
        council = f.council(f"Vækstudvalg {n}")
        for k in range(n):
            meeting = f.meeting(council)
            for j in range(4):
                point = f.item(meeting, title=f"Punkt {j}", case=f.case(f"27.15.00-A08-{j + 1}-21"))
                bilag = f.attachment(point, title="Bilag")
                bilag.file.save(f"b{k}{j}.pdf", ContentFile(b"%PDF"))
            f.item(meeting, title="Lukket", is_closed=True)
        return council

    from django.core.files.base import ContentFile

    return grow


@pytest.mark.parametrize("size", [1, 12])
def test_list_query_budget_does_not_grow_with_the_data(
    client, grown, django_assert_max_num_queries, size
):
    council = grown(size)
    body = council.municipality_id
    for url in (
        ROOT,
        f"{ROOT}body/",
        f"{ROOT}body/{body}/",
        f"{ROOT}body/{body}/organization/",
        f"{ROOT}body/{body}/meeting/",
        f"{ROOT}body/{body}/agendaItem/",
        f"{ROOT}body/{body}/consultation/",
        f"{ROOT}body/{body}/paper/",
        f"{ROOT}body/{body}/file/",
        f"{ROOT}organization/{council.pk}/meeting/",
        f"{ROOT}meeting/{council.meetings.first().pk}/",
    ):
        with django_assert_max_num_queries(LIST_BUDGET):
            response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
