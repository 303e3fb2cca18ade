"""Upload → task: the referat is read off the request, within limits; failures keep a Danish
error on the upload (never a blank), and a draft waits "under behandling" for the worker."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from councils.importer.generate import generate_referat
from councils.models import Upload
from councils.staff.intake import receive_upload

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def file(name, data):
    return SimpleUploadedFile(name, data.encode("utf-8") if isinstance(data, str) else data)


@pytest.fixture(scope="module")
def big_referat():
    """A synthetic referat of about 500 points (councils/importer/generate.py)."""
    generated = generate_referat(7, 0, target_kb=1500)
    assert len(generated.items) >= 500
    return generated


def upload_page(client, upload) -> str:
    response = client.get(reverse("admin:councils_upload_change", args=[upload.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_immediate_backend_reads_the_upload_at_once(secretary, socialudvalget, seed_003_text):
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("r.txt", seed_003_text)
    )
    assert upload.status == Upload.Status.DRAFT and not upload.error
    assert len(upload.parsed["items"]) == 18


def test_a_referat_that_reads_too_long_is_stopped_with_a_danish_error(
    secretary_client, secretary, socialudvalget, big_referat, settings
):
    settings.REFERATER_READ_TIMEOUT_SECONDS = 0.05
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file(big_referat.filename, big_referat.text),
    )
    assert upload.status == Upload.Status.FAILED and upload.error_code == "read_timeout"
    assert "Det tog mere end 0.05 sekunder at læse" in upload.error
    html = upload_page(secretary_client, upload)
    assert 'id="upload-error"' in html and "Det tog mere end 0.05 sekunder" in html
    assert "Filen er gemt" in html
    with upload.file.open("rb") as fh:  # the file is kept
        assert fh.read() == big_referat.text.encode("utf-8")


def test_a_referat_that_needs_too_much_memory_is_stopped_with_a_danish_error(
    secretary, socialudvalget, big_referat, settings, monkeypatch
):
    settings.REFERATER_READ_MEMORY_MB = 1
    # The limit is "1 MB more than the forked process already maps". A parent that has run
    # hundreds of tests has freed heap the child may reuse, so a parse of this size can fit in
    # it; the read is made to need what a pathological file would (256 MB at once, a new
    # mapping the real RLIMIT_AS refuses) before the real read runs.
    from councils.staff import intake

    real_read = intake._read_in_child

    def greedy_read(data, name):
        hog = bytearray(256 * 1024 * 1024)
        return real_read(data + bytes(hog[:0]), name)

    monkeypatch.setattr(intake, "_read_in_child", greedy_read)
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file(big_referat.filename, big_referat.text),
    )
    assert upload.status == Upload.Status.FAILED and upload.error_code == "read_memory"
    assert "mere end 1 MB hukommelse" in upload.error


def test_a_referat_with_too_many_points_is_refused_with_the_limit(
    secretary, socialudvalget, big_referat, settings
):
    settings.REFERATER_MAX_POINTS_PER_FILE = 300
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=file(big_referat.filename, big_referat.text),
    )
    assert upload.status == Upload.Status.FAILED and upload.error_code == "too_many_points"
    assert f"har {len(big_referat.items)} punkter" in upload.error
    assert "højst være 300 punkter" in upload.error


def test_a_parser_failure_leaves_a_danish_message(secretary_client, socialudvalget):
    response = secretary_client.post(
        reverse("admin:councils_upload_add"),
        {"council": socialudvalget.pk, "file": file("noter.txt", "Ingen referat her.\n")},
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.FAILED and upload.error_code == "bad_date"
    # In Danish for the secretary, not the command's English line.
    assert upload.error.startswith("Mødedatoen i “noter.txt” mangler eller kan ikke læses")
    assert "Mødedatoen i “noter.txt” mangler" in upload_page(secretary_client, upload)


def test_an_unexpected_error_is_kept_with_the_uploads_number(
    secretary, socialudvalget, seed_003_text, monkeypatch
):
    from councils.staff import intake

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(intake, "current_warnings", boom)
    upload = receive_upload(
        user=secretary, council=socialudvalget, uploaded_file=file("r.txt", seed_003_text)
    )
    assert upload.status == Upload.Status.FAILED and upload.error_code == "unexpected"
    assert f"oplys uploadens nummer {upload.pk}" in upload.error


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection
def test_with_the_database_backend_the_upload_waits_for_the_worker(
    secretary_client, socialudvalget, seed_003_text, settings
):
    settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    response = secretary_client.post(
        reverse("admin:councils_upload_add"),
        {"council": socialudvalget.pk, "file": file("r.txt", seed_003_text)},
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.PROCESSING and upload.parsed is None
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "councils.staff.tasks.read_upload"
    html = upload_page(secretary_client, upload)
    assert "under behandling" in html and 'id="upload-processing"' in html
    assert "Opdatér siden" in html and 'name="_publish"' not in html

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DRAFT, upload.error
    html = upload_page(secretary_client, upload)
    assert 'id="upload-processing"' not in html and 'name="_publish"' in html
