"""Who may do what: Sekretær works on their own councils, Redaktør edits every council."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Council, Meeting, Upload

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
# Given to editors by migration 0009_people (persons: rename and merge; the derived rows
# of votes and participation: read only). Secretaries get none: persons span all councils.
EDITOR_PEOPLE_PERMISSIONS = [
    "view_person",
    "change_person",
    "view_personalias",
    "view_ballot",
    "view_vote",
    "view_participation",
]


def edits_all_councils(user) -> bool:
    """Admins and editors (Redaktør: whoever may change agenda points) work on every council's
    published content; drafts only of councils they are a member of (see ``scoped``)."""
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


# --- The one rule for every staff URL ---------------------------------------------------------
#
# Every council-owned model, with the path from it to its council and to the meeting whose
# status decides whether an editor may see it (``""``: the model is the meeting; ``None``: the
# model has no meeting, so editors see only their own councils' rows, like secretaries).
# councils/admin_site.py applies ``scoped`` to every admin queryset, form choice, history page,
# autocomplete and raw-id lookup, and ``in_scope`` to every object a staff URL touches.
SCOPED_MODELS: dict[str, tuple[str, str | None]] = {
    "councils.meeting": ("council", ""),
    "councils.agendaitem": ("meeting__council", "meeting"),
    "councils.section": ("agenda_item__meeting__council", "agenda_item__meeting"),
    "councils.attachment": ("agenda_item__meeting__council", "agenda_item__meeting"),
    "councils.priordecision": ("agenda_item__meeting__council", "agenda_item__meeting"),
    "councils.absence": ("meeting__council", "meeting"),
    "councils.decisioncorrection": ("agenda_item__meeting__council", "agenda_item__meeting"),
    "councils.sourcedocument": ("meetings__council", "meetings"),
    "councils.searchdocument": ("council", "item__meeting"),
    "councils.ballot": ("agenda_item__meeting__council", "agenda_item__meeting"),
    "councils.vote": ("ballot__agenda_item__meeting__council", "ballot__agenda_item__meeting"),
    "councils.participation": ("meeting__council", "meeting"),
    "councils.upload": ("council", None),
    "councils.uploadedbilag": ("upload__council", None),
    "councils.councilmembership": ("council", None),
}


def scope_of(model) -> tuple[str, str | None] | None:
    """(council path, meeting path) of a council-owned model, None for other models."""
    return SCOPED_MODELS.get(model._meta.concrete_model._meta.label_lower)


def scoped(user, queryset):
    """``queryset`` limited to the rows ``user`` may see and work on in the admin.

    - superusers: everything;
    - everyone else: rows of the councils they are a member of (``CouncilMembership``),
      drafts included;
    - editors (``edits_all_councils``) in addition: rows of *published* meetings of every
      council — never another council's drafts, uploads or memberships.
    Rows of models that belong to no council (municipalities, councils, cases, users) are
    left to the model permissions.
    """
    spec = scope_of(queryset.model)
    if spec is None:
        return queryset
    if user is None or not user.is_active or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    council_path, meeting_path = spec
    condition = Q(**{f"{council_path}__in": councils_for(user).values("pk")})
    if meeting_path is not None and edits_all_councils(user):
        status_field = f"{meeting_path}__status" if meeting_path else "status"
        condition |= Q(**{status_field: Meeting.Status.PUBLISHED})
    if council_path.split("__", 1)[0] in _reverse_relations(queryset.model):
        # Through a reverse relation one row can match several times: filter by id instead.
        manager = queryset.model._default_manager
        return queryset.filter(pk__in=manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def _reverse_relations(model) -> set[str]:
    return {
        rel.get_accessor_name()
        for rel in model._meta.related_objects
        if rel.one_to_many or rel.many_to_many
    }


def in_scope(user, obj) -> bool:
    """Whether ``obj`` (its stored row) is inside ``user``'s scope; True for unscoped models."""
    if obj is None or scope_of(type(obj)) is None:
        return True
    if obj.pk is None:
        return True  # a new object: its foreign keys are checked by the form's scoped choices
    cache = obj.__dict__.setdefault("_in_scope_cache", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        manager = type(obj)._default_manager
        cache[key] = scoped(user, manager.filter(pk=obj.pk)).exists()
    return cache[key]


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
        (EDITOR_GROUP, EDITOR_PERMISSIONS + EDITOR_PEOPLE_PERMISSIONS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="councils", codename__in=codenames)
        )
