"""Figures for the report: upload (extract + parse) and publish of seed 003 as PDF.

Run with ``pytest -m benchmark -s tests/workflow/test_bench_publish.py``.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.staff.intake import receive_upload
from councils.staff.publish import publish

from .conftest import corrected

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]


def test_bench_upload_and_publish(secretary, socialudvalget, seed_003_pdf, seed_003_text):
    t0 = time.perf_counter()
    upload = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=SimpleUploadedFile("r.pdf", seed_003_pdf),
    )
    t1 = time.perf_counter()
    with CaptureQueriesContext(connection) as first:
        publish(upload, user=secretary)
    t2 = time.perf_counter()
    again = receive_upload(
        user=secretary,
        council=socialudvalget,
        uploaded_file=SimpleUploadedFile(
            "r2.txt", corrected(seed_003_text, decision_46="Godkendt med ændringer.").encode()
        ),
    )
    t3 = time.perf_counter()
    with CaptureQueriesContext(connection) as second:
        publish(again, user=secretary)
    t4 = time.perf_counter()
    print(
        f"\n[{connection.vendor}] seed 003 PDF ({len(seed_003_pdf) / 1024:.0f} KB): "
        f"upload+extract+parse {t1 - t0:.2f} s; publish {t2 - t1:.2f} s "
        f"({len(first)} queries); re-upload (txt) {t3 - t2:.2f} s; "
        f"re-publish replacing the meeting {t4 - t3:.2f} s ({len(second)} queries)"
    )
    again.refresh_from_db()
    assert again.status == "published"
