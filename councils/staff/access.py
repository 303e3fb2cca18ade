"""Who may do what: Sekretær works on their own councils, Redaktør edits every council."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import Council, Upload

SECRETARY_GROUP = "Sekretær"
EDITOR_GROUP = "Redaktør"

# Permissions given to the groups by migration 0004_workflow_groups (app label "councils").
SECRETARY_PERMISSIONS = [
    "add_upload",
    "change_upload",
    "view_upload",
    "publish_upload",
    "view_uploadedbilag",
    "view_meeting",
    "view_agendaitem",
    "view_section",
    "view_attachment",
    "add_attachment",
    "change_attachment",
]
EDITOR_PERMISSIONS = [
    "view_meeting",
    "change_meeting",
    "view_agendaitem",
    "change_agendaitem",
    "view_section",
    "add_section",
    "change_section",
    "delete_section",
    "view_attachment",
    "add_attachment",
    "change_attachment",
    "delete_attachment",
    "view_priordecision",
    "add_priordecision",
    "change_priordecision",
    "delete_priordecision",
    "view_absence",
    "add_absence",
    "change_absence",
    "delete_absence",
    "view_case",
    "change_case",
    "view_council",
    "view_councilalias",
    "view_sourcedocument",
    "view_decisioncorrection",
]


def edits_all_councils(user) -> bool:
    """Admins and editors (Redaktør) work on every council's published content."""
    return bool(
        user.is_active and (user.is_superuser or user.has_perm("councils.change_agendaitem"))
    )


def councils_for(user):
    """The councils a user may upload and publish for: all for admins, else their memberships."""
    if user.is_active and user.is_superuser:
        return Council.objects.all()
    if not user.is_authenticated:
        return Council.objects.none()
    return Council.objects.filter(memberships__user=user)


def visible_councils(user):
    """Councils whose meetings (drafts included) a staff user may see in the admin."""
    if edits_all_councils(user):
        return Council.objects.all()
    return councils_for(user)


def may_work_on(user, council) -> bool:
    return councils_for(user).filter(pk=council.pk).exists()


def require_council(user, council) -> None:
    if not may_work_on(user, council):
        raise PermissionDenied(
            _("Du er ikke sekretær for %(council)s. Bed en administrator om adgang til udvalget.")
            % {"council": council}
        )


def uploads_for(user):
    if user.is_active and user.is_superuser:
        return Upload.objects.all()
    return Upload.objects.filter(council__in=councils_for(user))


def ensure_groups() -> None:
    """Create the groups with their permissions if missing (migration 0003 does it on migrate;
    this restores them after a test database flush or a manual deletion)."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in (
        (SECRETARY_GROUP, SECRETARY_PERMISSIONS),
        (EDITOR_GROUP, EDITOR_PERMISSIONS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="councils", codename__in=codenames)
        )
