"""The index follows the models through signals (councils/search/signals.py)."""

from __future__ import annotations

import pytest

from councils.models import SearchDocument
from councils.search import search
from councils.signals import councils_merged
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_merging_councils_moves_their_documents_and_facets():
    target = f.council("Socialudvalget")
    old = f.council("Socialudvalget 2015 - 2021")
    item = f.item(f.meeting(old), title="Handleplan for hjemløshed")
    assert [facet.value for facet in search("hjemløshed").facets["council"]] == [old]
    sent = []
    councils_merged.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="t-merge")
    try:
        old.merge_into(target)
    finally:
        councils_merged.disconnect(dispatch_uid="t-merge")
    assert sent[0]["source"].pk == old.pk and sent[0]["target"] == target
    assert SearchDocument.objects.get(pk=item.pk).council == target
    # The cached facets of the query were invalidated: the target council shows now.
    assert [facet.value for facet in search("hjemløshed").facets["council"]] == [target]
