"""``send_alerts``: after a publish or an import, mail each subscriber the new points.

Enqueued by the ``meetings_published`` receiver (``signals.py``) with the meetings' ids; runs
in the task worker (``TASKS_BACKEND=database``) or at once (``immediate``).

- Points: ``AgendaItem.objects.public().open()`` of those meetings: never a draft, never a
  closed point, whatever the caller passed.
- Who: confirmed subscriptions to a meeting's council, to a point's case, or to a search
  whose results (``councils.search.search()``, the /soeg/ query string) contain the point.
- Once: a point is identified by meeting, number, title and decision (``delivery_key``). What
  a subscription was sent is recorded (``AlertDelivery``) in the same transaction as the
  sending, before the mail goes out, so a re-run, a second signal for the same meeting, a
  re-publish of the same content or a concurrent worker sends nothing twice (the unique
  constraint stops the second), and a failed send records nothing (the next run retries).
- One mail per address, covering all its subscriptions.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django_tasks import task

from ..models import AgendaItem, AlertDelivery, Subscription
from .mail import Entry, alert_message

log = logging.getLogger(__name__)


def delivery_key(item) -> str:
    text = f"{item.meeting_id}\n{item.number}\n{item.title}\n{item.decision}"
    return hashlib.sha256(text.encode()).hexdigest()


def _search_matches(points: dict[int, AgendaItem]) -> dict[int, set[int]]:
    """{search subscription id: ids of the points its search finds}. One search per
    distinct query string."""
    from ..views.search import run_query

    by_query = defaultdict(list)
    for pk, query in Subscription.objects.filter(kind=Subscription.Kind.SEARCH).values_list(
        "pk", "search_query"
    ):
        by_query[query].append(pk)
    matches = {}
    for query, subscription_ids in by_query.items():
        found = run_query(QueryDict(query), order="date")
        if found.results is None:
            continue
        hits = set(
            found.results.matching.filter(item_id__in=list(points)).values_list(
                "item_id", flat=True
            )
        )
        for pk in subscription_ids:
            matches[pk] = hits
    return matches


def _wanted(points: dict[int, AgendaItem]) -> dict[Subscription, list[AgendaItem]]:
    council_ids = {item.meeting.council_id for item in points.values()}
    case_ids = {item.case_id for item in points.values() if item.case_id}
    searches = _search_matches(points)
    subscriptions = Subscription.objects.filter(
        kind=Subscription.Kind.COUNCIL, council_id__in=council_ids
    ) | Subscription.objects.filter(kind=Subscription.Kind.CASE, case_id__in=case_ids)
    subscriptions |= Subscription.objects.filter(pk__in=[pk for pk, ids in searches.items() if ids])
    wanted = {}
    ordered = sorted(points.values(), key=lambda i: (i.meeting.start, i.meeting_id, i.position))
    for subscription in subscriptions.select_related("council", "case").order_by("pk"):
        if subscription.kind == Subscription.Kind.COUNCIL:
            chosen = [i for i in ordered if i.meeting.council_id == subscription.council_id]
        elif subscription.kind == Subscription.Kind.CASE:
            chosen = [i for i in ordered if i.case_id == subscription.case_id]
        else:
            hits = searches.get(subscription.pk, set())
            chosen = [i for i in ordered if i.pk in hits]
        if chosen:
            wanted[subscription] = chosen
    return wanted


@task()
def send_alerts(meeting_ids: list[int]) -> int:
    """Mail the new open public points of these meetings; returns how many mails were sent."""
    if not Subscription.objects.exists():  # the usual case of a bulk import: one query
        return 0
    points = {
        item.pk: item
        for item in AgendaItem.objects.public()
        .open()
        .filter(meeting_id__in=meeting_ids)
        .select_related("meeting__council", "case")
    }
    if not points:
        return 0
    wanted = _wanted(points)
    keys = {pk: delivery_key(item) for pk, item in points.items()}
    sent_before = set(
        AlertDelivery.objects.filter(
            subscription__in=list(wanted), key__in=set(keys.values())
        ).values_list("subscription_id", "key")
    )
    by_email: dict[str, list[Entry]] = defaultdict(list)
    for subscription, items in wanted.items():
        new = [i for i in items if (subscription.pk, keys[i.pk]) not in sent_before]
        if new:
            by_email[subscription.email].append(Entry(subscription, new))

    sent = 0
    for email, entries in by_email.items():
        records = [
            AlertDelivery(subscription=entry.subscription, key=keys[item.pk])
            for entry in entries
            for item in entry.points
        ]
        try:
            with transaction.atomic():
                AlertDelivery.objects.bulk_create(records)  # refused if already recorded
                alert_message(email, entries).send()
        except IntegrityError:
            log.info("alerts for %s were sent by another run", len(entries))
            continue
        except Exception:  # the SMTP server refused or is down: nothing is recorded
            log.exception("sending an alert failed; it will be retried on the next run")
            continue
        sent += 1
    return sent
