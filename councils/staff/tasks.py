"""The workflow's background work, as django-tasks tasks: the worker (``db_worker``) runs them
with ``TASKS_BACKEND=database`` (production); ``immediate`` (tests, ``make run``) runs them at
once in the request."""

from __future__ import annotations

from django_tasks import task

from ..models import Upload


@task()
def read_upload(upload_id: int) -> dict:
    """Read an upload "under behandling" into a draft (``intake.read_upload``)."""
    from .intake import read_upload as read

    upload = Upload.objects.filter(pk=upload_id, status=Upload.Status.PROCESSING).first()
    if upload is None:
        return {"upload": upload_id, "status": "not processing"}
    read(upload)
    return {"upload": upload_id, "status": upload.status, "error_code": upload.error_code}
