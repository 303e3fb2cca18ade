"""Signals between parts of the app that must not import each other.

Models import nothing from search, views or staff; those react to models and these signals.

``meetings_imported`` is sent by the importer once per import transaction, after the rows of
its meetings were written (inside the transaction), with ``meetings`` (a list of Meeting).
The search index listens to it, because the importer writes with bulk_create, which sends no
post_save; one signal per batch lets the index handle a bulk import in a few round trips.

``councils_merged`` is sent by ``Council.merge_into()`` (sender ``Council``) with ``source``
(the council being merged away, not yet deleted) and ``target``, inside the merge's
transaction, after the meetings moved with ``.update()`` (which sends no signals). The search
index moves its rows of ``source`` to ``target`` on it.
"""

from django.dispatch import Signal

meetings_imported = Signal()
councils_merged = Signal()
