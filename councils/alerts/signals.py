"""Receivers of the alerts (connected in ``CouncilsConfig.ready``)."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from ..models import Subscription
from ..signals import councils_merged, meetings_published
from .tasks import send_alerts

log = logging.getLogger(__name__)


@receiver(meetings_published, dispatch_uid="alerts_meetings_published")
def on_meetings_published(sender, meetings, **kwargs):
    """Runs after the commit (the signal is sent on commit): queue the mails."""
    ids = sorted({m.pk for m in meetings})
    if ids:
        send_alerts.enqueue(meeting_ids=ids)


@receiver(councils_merged, dispatch_uid="alerts_councils_merged")
def on_councils_merged(sender, source, target, **kwargs):
    """Followers of a merged council follow the council it became (once each)."""
    followers = Subscription.objects.filter(kind=Subscription.Kind.COUNCIL)
    already = followers.filter(council=target).values_list("email", flat=True)
    followers.filter(council=source, email__in=list(already)).delete()
    followers.filter(council=source).update(council=target)
