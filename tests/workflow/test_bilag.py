import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.models import Attachment
from councils.staff.bilag import best_match, title_key
from tests import factories as f
from tests.files.factories import HTML_PAGE, SVG_IMAGE, pdf

TITLES = [
    (47, "4.1 regnskabsbemærkninger 2014"),
    (47, "4.2 regnskabsbemærkninger 2014"),
    (52, "Partnerskabsaftale Vennepunktet"),
    (58, "Oversigt over tilbud til borgere med ADHD"),
]


def test_title_key_folds_case_punctuation_and_extension():
    assert title_key("4.1_Regnskabsbemærkninger-2014.PDF") == "4 1 regnskabsbemærkninger 2014"


def test_exact_names_win_over_similar_ones():
    assert best_match("4.2 regnskabsbemærkninger 2014.pdf", TITLES) == TITLES[1]
    assert best_match("4.1_regnskabsbemærkninger_2014.pdf", TITLES) == TITLES[0]


def test_close_names_match_and_strangers_do_not():
    assert best_match("partnerskabsaftale-vennepunktet (2).pdf", TITLES) == TITLES[2]
    assert best_match("Oversigt over tilbud.docx", TITLES) == TITLES[3]
    assert best_match("scan0001.pdf", TITLES) is None


def test_a_title_is_matched_once():
    taken = {TITLES[0]}
    assert best_match("4.1 regnskabsbemærkninger 2014.pdf", TITLES, taken) is None
    assert best_match("4.2 regnskabsbemærkninger 2014.pdf", TITLES, taken) == TITLES[1]


@pytest.mark.django_db
def test_later_bilag_go_through_the_intake(secretary_client, secretary, socialudvalget):
    meeting = f.meeting(socialudvalget)
    item = f.item(meeting, number=1)
    for order, title in enumerate(["Plan", "Skitse", "Regnskab"], start=1):
        Attachment.objects.create(agenda_item=item, title=title, order=order)
    response = secretary_client.post(
        reverse("admin:councils_meeting_bilag", args=[meeting.pk]),
        {
            "files": [
                SimpleUploadedFile("Plan.html", HTML_PAGE),
                SimpleUploadedFile("Skitse.svg", SVG_IMAGE),
                SimpleUploadedFile("../../Regnskab.pdf", pdf(1, "Regnskab 2014 merforbrug")),
            ]
        },
        follow=True,
    )
    page = response.content.decode()
    assert page.count("kan ikke bruges som bilag") == 2
    stored = Attachment.objects.exclude(file="").get()
    assert (stored.title, stored.original_name) == ("Regnskab", "Regnskab.pdf")
    assert stored.content_type == "application/pdf" and "merforbrug" in stored.extracted_text
    assert "Regnskab" not in stored.file.name  # stored under its hash
