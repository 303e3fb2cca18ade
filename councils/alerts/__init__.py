"""E-mail alerts: follow a council, a case or a search by e-mail.

- ``tokens``: the signed links (confirm, unsubscribe, manage) — ``django.core.signing``;
- ``forms``, ``views``: subscribe (double opt-in), confirm, one-click unsubscribe, manage;
- ``limits``: the rate limit on subscription requests;
- ``mail``: the messages (Django's e-mail API, Danish templates in ``templates/alerts/email``);
- ``tasks``: ``send_alerts`` (a Django task) mails each subscriber the new open points of
  published meetings, once: what was sent is recorded (``AlertDelivery``);
- ``signals``: ``meetings_published`` → ``send_alerts.enqueue``; ``councils_merged`` moves
  subscriptions to the council that remains.

Models: ``councils/models/alerts.py``. Everything public is read through the public querysets.
"""
