"""Staff pages in the admin's look: upload → preview (fix) → publish; bilag; decision history.

Each is wrapped by ``admin_site.admin_view`` (staff login, CSRF) in councils/admin.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..files import FileRefused
from ..models import AgendaItem, Council, Meeting, Upload
from . import bilag as bilag_files
from .access import (
    edits_all_councils,
    require_council,
    uploads_for,
    visible_councils,
)
from .forms import (
    BilagForm,
    DraftItemFormSet,
    DraftMeetingForm,
    PublishForm,
    RevertForm,
    UploadForm,
    item_initial,
    meeting_initial,
)
from .history import decision_versions, restores_published_wording, revert_item
from .intake import corrected_meeting, receive_upload
from .preview import build_preview, paginate
from .preview.draft import conflicts_for, update_draft
from .publish import PublishError, discard, publish


def _context(request, model_admin, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


def _requested_council(request):
    raw = request.POST.get("council") or request.GET.get("council")
    if not raw or not str(raw).isdigit():
        return None
    return Council.objects.filter(pk=raw).first()


def upload_view(request, model_admin):
    if not request.user.has_perm("councils.add_upload"):
        raise PermissionDenied(_("Du har ikke ret til at uploade referater."))
    council = _requested_council(request)
    if council is not None:
        require_council(request.user, council)  # 403 for someone else's council
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                upload = receive_upload(
                    user=request.user,
                    council=form.cleaned_data["council"],
                    uploaded_file=form.cleaned_data["file"],
                    bilag=form.cleaned_data["bilag"],
                )
            except FileRefused as exc:
                form.add_error("file", exc.message)
            else:
                if upload.error:
                    messages.error(request, upload.error)
                return redirect("admin:councils_upload_change", upload.pk)
    else:
        form = UploadForm(user=request.user, initial={"council": council})
    return render(
        request,
        "staff/upload_form.html",
        _context(request, model_admin, form=form, title=_("Upload referat")),
    )


def _upload_or_403(request, pk) -> Upload:
    upload = get_object_or_404(Upload.objects.select_related("council", "uploaded_by"), pk=pk)
    if not request.user.has_perm("councils.view_upload"):
        raise PermissionDenied(_("Du har ikke ret til at se indsendte referater."))
    if not uploads_for(request.user).filter(pk=upload.pk).exists():
        require_council(request.user, upload.council)
    return upload


def preview_view(request, model_admin, pk):
    """The draft as the public will see it, one page of points at a time, in ONE form: "Gem
    kladde" saves the fixes of this page, "Gem og offentliggør" saves them and publishes the
    draft as saved (the conflicts' choices are in the same form), "Gem og gå til side N"
    saves and shows another page. Nothing typed is lost and nothing stale is published."""
    upload = _upload_or_403(request, pk)
    editable = upload.status == Upload.Status.DRAFT and request.user.has_perm(
        "councils.change_upload"
    )
    items = (upload.parsed or {}).get("items", [])
    page = paginate(items, request.POST.get("side") or request.GET.get("side") or 1)
    meeting_form = DraftMeetingForm(initial=meeting_initial(upload.parsed))
    formset = DraftItemFormSet(initial=[item_initial(i) for i in page.object_list], prefix="items")
    publish_form = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Denne upload kan ikke rettes."))
        meeting_form = DraftMeetingForm(request.POST)
        formset = DraftItemFormSet(
            request.POST, initial=[item_initial(i) for i in page.object_list], prefix="items"
        )
        if not (meeting_form.is_valid() and formset.is_valid()):
            messages.error(request, _("Rettelserne er ikke gemt: se felterne markeret med fejl."))
        else:
            fixes = {}
            for form in formset:
                data = dict(form.cleaned_data)
                fixes[data.pop("number")] = data
            update_draft(upload, meeting=meeting_form.cleaned_data, items=fixes)
            if "_publish" not in request.POST:
                messages.success(request, _("Rettelserne er gemt i kladden."))
                goto = request.POST.get("_goto") or page.number
                return redirect(_preview_url(upload, goto))
            response, publish_form = _publish(request, upload)
            if response is not None:
                return response
            # Saved, not published (a conflict undecided, or publishing failed): the page
            # shows the saved draft with the choices and the message.
            upload.refresh_from_db()
            meeting_form = DraftMeetingForm(initial=meeting_initial(upload.parsed))
            formset = DraftItemFormSet(
                initial=[item_initial(i) for i in page.object_list], prefix="items"
            )
    if publish_form is None:
        conflicts = conflicts_for(upload) if upload.status == Upload.Status.DRAFT else []
        publish_form = PublishForm(conflicts=conflicts)
    forms_by_number = {f.initial.get("number"): f for f in formset} if editable else {}
    ctx = build_preview(
        upload,
        page,
        forms_by_number=forms_by_number,
        conflicts=publish_form.conflicts,
        existing=corrected_meeting(upload) if upload.parsed else None,
    )
    return render(
        request,
        "staff/preview.html",
        _context(
            request,
            model_admin,
            upload=upload,
            original=upload,
            title=_("Forhåndsvisning: %(name)s") % {"name": upload.original_name},
            meeting_form=meeting_form,
            formset=formset,
            publish_form=publish_form,
            editable=editable,
            can_publish=editable and request.user.has_perm("councils.publish_upload"),
            **ctx,
        ),
    )


def _preview_url(upload, page) -> str:
    url = reverse("admin:councils_upload_change", args=[upload.pk])
    return f"{url}?side={page}" if str(page) != "1" else url


def _publish(request, upload):
    """Publish the (just saved) draft: (redirect, None) when done, else (None, the bound
    conflict form) with the message why not."""
    if not request.user.has_perm("councils.publish_upload"):
        raise PermissionDenied(_("Du har ikke ret til at offentliggøre referater."))
    require_council(request.user, upload.council)
    publish_form = PublishForm(request.POST, conflicts=conflicts_for(upload))
    if not publish_form.is_valid():
        messages.warning(
            request,
            _(
                "Rettelserne er gemt i kladden, men referatet er ikke offentliggjort: vælg for "
                "hvert felt i konflikt, hvilken udgave der gælder."
            ),
        )
        return None, publish_form
    try:
        meeting = publish(upload, user=request.user, resolutions=publish_form.resolutions())
    except PublishError as exc:
        messages.error(
            request,
            _("Rettelserne er gemt i kladden, men referatet er ikke offentliggjort: %(error)s")
            % {"error": exc.message},
        )
        return None, publish_form
    messages.success(
        request,
        format_html(
            "{} <a href=\"{}\">{}</a>",
            _("Referatet er offentliggjort: %(meeting)s.") % {"meeting": meeting},
            meeting.get_absolute_url(),
            _("Se mødet på den offentlige side"),
        ),
    )
    return redirect("admin:councils_upload_change", upload.pk), None


def discard_view(request, model_admin, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    upload = _upload_or_403(request, pk)
    if not request.user.has_perm("councils.change_upload"):
        raise PermissionDenied
    require_council(request.user, upload.council)
    try:
        discard(upload)
    except PublishError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kladden er kasseret; filen er gemt."))
    return redirect("admin:councils_upload_changelist")


def bilag_view(request, model_admin, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=pk)
    if not visible_councils(request.user).filter(pk=meeting.council_id).exists():
        raise PermissionDenied(_("Du har ikke adgang til dette udvalgs møder."))
    if not request.user.has_perm("councils.change_attachment"):
        raise PermissionDenied(_("Du har ikke ret til at tilføje bilag."))
    if request.method == "POST":
        form = BilagForm(request.POST, request.FILES)
        if form.is_valid():
            attached, errors = bilag_files.attach_later(
                meeting, form.cleaned_data["files"], user=request.user
            )
            for error in errors:
                messages.error(request, error)
            if attached:
                messages.success(
                    request,
                    _("%(n)d bilag tilføjet: %(titles)s")
                    % {"n": len(attached), "titles": ", ".join(a.title for a in attached)},
                )
            return redirect("admin:councils_meeting_bilag", meeting.pk)
    else:
        form = BilagForm()
    attachments = (
        meeting.items.filter(attachments__isnull=False)
        .prefetch_related("attachments")
        .distinct()
        .order_by("position")
    )
    return render(
        request,
        "staff/bilag_form.html",
        _context(
            request,
            model_admin,
            form=form,
            meeting=meeting,
            original=meeting,
            items=attachments,
            title=_("Tilføj bilag til %(meeting)s") % {"meeting": meeting},
        ),
    )


def decision_history_view(request, model_admin, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__council"), pk=pk)
    if not request.user.has_perm("councils.view_agendaitem"):
        raise PermissionDenied
    if not visible_councils(request.user).filter(pk=item.meeting.council_id).exists():
        raise PermissionDenied(_("Du har ikke adgang til dette udvalgs møder."))
    may_revert = request.user.has_perm("councils.change_agendaitem") and edits_all_councils(
        request.user
    )
    if request.method == "POST":
        if not may_revert:
            raise PermissionDenied(_("Kun redaktører og administratorer kan gendanne."))
        form = RevertForm(request.POST)
        if form.is_valid():
            record = item.history.filter(history_id=form.cleaned_data["history_id"]).first()
            if record is None:
                messages.error(request, _("Versionen findes ikke (længere). Vælg en anden."))
            elif not form.cleaned_data["confirm"]:
                # First the confirmation step: what changes, and whether "Rettet" goes.
                return _revert_confirmation(request, model_admin, item, record)
            else:
                with transaction.atomic():
                    revert_item(item, record, user=request.user, reason=form.cleaned_data["reason"])
                messages.success(
                    request,
                    _("Punktet er gendannet til versionen fra %(date)s.")
                    % {"date": f"{timezone.localtime(record.history_date):%d.%m.%Y %H:%M:%S}"},
                )
            return redirect("admin:councils_agendaitem_decision_history", item.pk)
    return render(
        request,
        "staff/decision_history.html",
        _context(
            request,
            model_admin,
            item=item,
            original=item,
            versions=list(reversed(decision_versions(item))),
            corrections=item.corrections.select_related("corrected_by"),
            may_revert=may_revert,
            change_url=reverse("admin:councils_agendaitem_change", args=[item.pk]),
            title=_("Historik for beslutningen i %(item)s") % {"item": item},
        ),
    )


def _revert_confirmation(request, model_admin, item, record):
    """"Gendan denne version?": the current and the chosen wording side by side, whether the
    public "Rettet" notice goes (a return to the published wording) and an optional reason."""
    back_to_published = restores_published_wording(item, record)
    public_corrections = item.corrections.public().count()
    return render(
        request,
        "staff/revert_confirm.html",
        _context(
            request,
            model_admin,
            item=item,
            original=item,
            record=record,
            form=RevertForm(initial={"history_id": record.history_id, "confirm": True}),
            back_to_published=back_to_published,
            changes_decision=(item.decision or "").strip() != (record.decision or "").strip(),
            public_corrections=public_corrections,
            is_public=Meeting.objects.public().filter(pk=item.meeting_id).exists(),
            history_url=reverse("admin:councils_agendaitem_decision_history", args=[item.pk]),
            change_url=reverse("admin:councils_agendaitem_change", args=[item.pk]),
            title=_("Gendan en tidligere ordlyd af %(item)s?") % {"item": item},
        ),
    )
