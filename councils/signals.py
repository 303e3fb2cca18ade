"""Signals between parts of the app that must not import each other.

``meeting_imported`` is sent by the importer after a meeting's rows were written (inside the
import transaction), with ``meeting`` (a Meeting). The search index listens to it, because
the importer writes with bulk_create, which sends no post_save.
"""

from django.dispatch import Signal

meeting_imported = Signal()
