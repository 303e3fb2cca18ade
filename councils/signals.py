"""Signals between parts of the app that must not import each other.

Models import nothing from search, views or staff; those react to models and these signals.

``meetings_imported`` is sent by the importer once per import transaction, after the rows of
its meetings were written (inside the transaction), with ``meetings`` (a list of Meeting).
The search index listens to it, because the importer writes with bulk_create, which sends no
post_save; one signal per batch lets the index handle a bulk import in a few round trips.
An import of new meetings also sends ``rows`` (``ImportedRows``: what it wrote, so the index
need not read it back); ``rows`` is None, or absent, when the receivers must read the
meetings from the database (a corrected meeting, the harvester, a test). The importer sends
it with ``send_meetings_imported``, which also passes ``later``: a list a receiver may append
a function to (work it started, such as the search vectors computed on a connection of their
own, to be finished once every receiver ran); the functions are called in order, still inside
the transaction. Sent without ``later``, receivers finish their work at once.

``councils_merged`` is sent by ``Council.merge_into()`` (sender ``Council``) with ``source``
(the council being merged away, not yet deleted) and ``target``, inside the merge's
transaction, after the meetings moved with ``.update()`` (which sends no signals). The search
index moves its rows of ``source`` to ``target`` on it.

``meetings_published`` is sent (sender ``"councils"``) with ``meetings`` (a list of Meeting)
**after the transaction commits** in which meetings became or stayed public: an import of
published referater (``importer/load.py``) and the staff publish (``staff/publish.py``).
Senders call ``send_meetings_published(meetings)``, which keeps the published ones and defers
the send with ``transaction.on_commit`` (nothing is sent for a rolled-back import, and never
for drafts). The e-mail alerts listen to it (``councils/alerts/``); receivers must tolerate
the same meeting arriving twice (an import inside a publish sends it too).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal

meetings_imported = Signal()


@dataclass
class ImportedRows:
    """The rows an import of new meetings wrote (``meetings_imported``'s ``rows``).

    ``points``: (AgendaItem, sections, bilag, prior decisions) for every point of the
    meetings, as created: the item with its primary key, ``meeting`` and ``case`` set; the
    lists in their order (``order`` 1, 2, …). Sections and bilag are the rows as written
    (``councils.bulk.row_type`` tuples: the columns by attname, no primary key), prior
    decisions PriorDecision instances. The points had no rows before this import.
    """

    points: list[tuple] = field(default_factory=list)


def send_meetings_imported(sender, meetings, rows=None) -> None:
    """Send ``meetings_imported`` and finish the work receivers left for later (``later``)."""
    later: list = []
    meetings_imported.send(sender=sender, meetings=meetings, rows=rows, later=later)
    for finish in later:
        finish()


councils_merged = Signal()
meetings_published = Signal()


def send_meetings_published(meetings) -> None:
    """Send ``meetings_published`` for the published ones of ``meetings`` once the current
    transaction commits (at once outside a transaction)."""
    published = [m for m in meetings if m.is_published]
    if published:
        transaction.on_commit(
            lambda: meetings_published.send(sender="councils", meetings=published)
        )
