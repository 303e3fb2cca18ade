"""Signals between parts of the app that must not import each other.

``meetings_imported`` is sent by the importer once per import transaction, after the rows of
its meetings were written (inside the transaction), with ``meetings`` (a list of Meeting).
The search index listens to it, because the importer writes with bulk_create, which sends no
post_save; one signal per batch lets the index handle a bulk import in a few round trips.
"""

from django.dispatch import Signal

meetings_imported = Signal()
