"""The search index's admin: read-only list; "add" (re)indexes one point."""

import pytest
from django.urls import reverse

from councils.models import SearchDocument
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_add_reindexes_a_public_point_and_refuses_a_closed_one(admin_client):
    public = f.searchable_item("Vandløbsregulativ")
    closed = f.searchable_item("Lukket punkt: køb af jord", is_closed=True)
    SearchDocument.objects.all().delete()
    url = reverse("admin:councils_searchdocument_add")
    response = admin_client.post(url, {"item": public.pk}, follow=True)
    assert response.status_code == 200
    assert SearchDocument.objects.filter(pk=public.pk).exists()
    response = admin_client.post(url, {"item": closed.pk}, follow=True)
    assert "indekseres ikke" in response.content.decode()
    assert not SearchDocument.objects.filter(pk=closed.pk).exists()


def test_documents_cannot_be_edited_or_deleted(admin_client):
    item = f.searchable_item("Vandløbsregulativ")
    change = reverse("admin:councils_searchdocument_change", args=[item.pk])
    assert admin_client.get(change).status_code == 200  # view only
    assert admin_client.post(change, {}).status_code == 403
    delete = reverse("admin:councils_searchdocument_delete", args=[item.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert SearchDocument.objects.filter(pk=item.pk).exists()
