"""Harvesting meetings from municipal portals: FirstAgenda Publication's public JSON API.

    client.py    PortalClient: httpx, rate limit, timeouts, retries with back-off, User-Agent
    mapping.py   the portal's JSON → ParsedMeeting (pure; field names and variants)
    service.py   harvest(base_url, …) -> HarvestReport: list → meetings → bilag → importer
    runs.py      run_source(source): one HarvestSource harvested and recorded as a HarvestRun
    tasks.py     harvest_source (a django-tasks task) and enqueue_due (the schedule)
    admin.py     the sources in the admin (superusers only): last run, counts, errors, stale

Commands: ``harvest_firstagenda BASE_URL`` (``service.harvest``) and ``run_harvest_schedule``
(``tasks.enqueue_due``). See the README, section "Harvesting".
"""
