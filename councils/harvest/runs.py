"""One HarvestSource harvested and recorded: a HarvestRun with the report's counts and errors,
and the source's ``last_run`` / ``last_success_at`` (what the admin's list shows)."""

from __future__ import annotations

import logging

from django.utils import timezone

from councils.models import HarvestRun, HarvestSource

from .service import harvest

log = logging.getLogger(__name__)

MAX_RECORDED_ERRORS = 200  # errors kept on one run (the count says how many there were)


def run_source(source: HarvestSource, *, client=None) -> HarvestRun:
    """Harvest ``source`` now. The run is visible as "kører" (running) while it runs; a run
    that never finishes (the worker died) stays so, and the source turns "forsinket"."""
    run = HarvestRun.objects.create(source=source, base_url=source.base_url)
    HarvestSource.objects.filter(pk=source.pk).update(last_run=run)
    try:
        report = harvest(
            source.base_url,
            municipality=source.municipality,
            since=source.since,
            councils=source.council_names() or None,
            client=client,
        )
    except Exception as exc:  # a bug must still end the run visibly
        log.exception("harvest of %s failed", source.base_url)
        run.status = HarvestRun.Status.FAILED
        run.errors = [{"meeting": "", "message": f"{type(exc).__name__}: {exc}"}]
        run.finished_at = timezone.now()
        run.save()
        return run
    run.status = report.status
    run.meetings_new = report.new
    run.meetings_updated = report.updated
    run.meetings_unchanged = report.unchanged
    run.meetings_failed = report.failed
    run.meetings_skipped = report.skipped
    run.requests = report.requests
    errors = [e.to_json() for e in report.errors]
    if report.fatal:
        errors.insert(0, {"meeting": "", "message": report.fatal})
    run.errors = errors[:MAX_RECORDED_ERRORS]
    run.finished_at = timezone.now()
    run.save()
    if run.status != HarvestRun.Status.FAILED:
        HarvestSource.objects.filter(pk=source.pk).update(last_success_at=run.finished_at)
    return run
