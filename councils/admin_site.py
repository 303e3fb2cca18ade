"""The admin site with one permission rule for every staff URL.

The rule itself (who may see and touch which council's rows) is ``councils.staff.access.scoped``
/ ``in_scope``. This module makes every admin URL go through it, once:

* ``StaffAdminSite.register`` puts ``CouncilScopeMixin`` in front of **every** ModelAdmin it
  registers (ours, django-simple-history's, django.contrib.auth's) and ``ScopedInlineMixin``
  in front of every inline, so no admin can forget it;
* the mixin scopes the changelist (and with it raw-id popups and bulk actions), every
  foreign-key and many-to-many choice of every form, and guards every view that takes an
  object: change, delete, history, the django-simple-history version form (which saves on
  POST), and **every URL an admin adds in ``get_urls`` whose route has a ``<pk>``** (the staff
  workflow pages): the object is looked up through the scoped queryset (404 outside it), GET
  needs view permission on it, POST change permission on it (or the permission the admin
  names in ``object_post_permissions``);
* the site's autocomplete and "view on site" views apply the same rule.

A new staff URL joins by being added in a ModelAdmin's ``get_urls`` with the object as
``<pk>``; a custom URL with another object parameter is refused at start-up
(``ImproperlyConfigured``), and ``tests/security/test_permission_matrix.py`` fails for any
admin URL without an expectation.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .staff.access import in_scope, scoped

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# The URL names ModelAdmin and SimpleHistoryAdmin add for every model; they are guarded by
# overriding their views below, not by wrapping.
# How a custom object URL may name its object (``<pk>``; django.contrib.auth uses ``<id>``).
OBJECT_URL_PARAMETERS = {"pk", "id", "object_id"}
STANDARD_URL_SUFFIXES = ("changelist", "add", "change", "delete", "history", "simple_history")


def _not_found(opts, object_id):
    return Http404(
        _("%(name)s med id “%(key)s” findes ikke, eller du har ikke adgang til det.")
        % {"name": opts.verbose_name, "key": object_id}
    )


class ScopedInlineMixin:
    """Inline rows and their foreign-key choices limited to the user's scope."""

    def get_queryset(self, request):
        return scoped(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scope_field(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scope_field(field, request)


def _scope_field(field, request):
    if field is not None and getattr(field, "queryset", None) is not None:
        field.queryset = scoped(request.user, field.queryset)
    return field


class CouncilScopeMixin(ScopedInlineMixin):
    """Put in front of every ModelAdmin by ``StaffAdminSite.register``."""

    # An admin may set ``object_post_permissions``: URL name -> permission ("app.codename") a
    # POST to that custom object URL needs instead of change permission on the object (e.g.
    # adding bilag to a meeting). Not defined here: the mixin comes first in the MRO.

    def get_inlines(self, request, obj):
        return [_scoped_class(i, ScopedInlineMixin) for i in super().get_inlines(request, obj)]

    # --- object permissions: the model permission *and* the object inside the scope ---------

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and in_scope(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and in_scope(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and in_scope(request.user, obj)

    # --- the guard every object view goes through ------------------------------------------

    def scoped_object(self, request, object_id, *, write: bool, to_field=None):
        """The object through the scoped queryset (404 outside it) with the permission
        checked: view (or change) to read it; change to write it (403)."""
        obj = self.get_object(request, unquote(str(object_id)), to_field)
        if obj is None:
            raise _not_found(self.opts, object_id)
        allowed = (
            self.has_change_permission(request, obj)
            if write
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _obj_view_guard(self, request, object_id, write=None):
        if write is None:
            write = request.method not in SAFE_METHODS
        to_field = request.POST.get("_to_field", request.GET.get("_to_field"))
        return self.scoped_object(request, object_id, write=write, to_field=to_field)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._obj_view_guard(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self._obj_view_guard(request, object_id, write=False)
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.is_superuser:  # superusers may read a deleted row's history
            self._obj_view_guard(request, object_id, write=False)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's version form saves on POST (a revert): the current object
        must be in scope, the version must be one of its own, POST needs change permission."""
        if not request.user.is_superuser or request.method not in SAFE_METHODS:
            self._obj_view_guard(request, object_id)
        history = self.model._meta.simple_history_manager_attribute
        versions = getattr(self.model, history)
        if (
            not str(version_id).isdigit()
            or not versions.filter(
                **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
            ).exists()
        ):
            raise _not_found(self.opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Outside the scope and missing look the same: 404 (the admin would redirect).
        raise _not_found(opts, object_id)

    # --- custom object URLs (the staff workflow pages) --------------------------------------

    def get_urls(self):
        return [self._guard_url(pattern) for pattern in super().get_urls()]

    def _guard_url(self, pattern):
        if not isinstance(pattern, URLPattern) or not pattern.name:
            return pattern
        info = f"{self.opts.app_label}_{self.opts.model_name}_"
        if pattern.name.startswith(info) and pattern.name[len(info) :] in STANDARD_URL_SUFFIXES:
            return pattern
        converters = getattr(pattern.pattern, "converters", {})
        regex = pattern.pattern.regex
        groups = set(converters) | set(regex.groupindex)
        if regex.groups > len(regex.groupindex):
            groups.add("<unnamed group>")
        if not groups:
            return pattern  # a model-level page: the view checks model permissions
        if len(groups) != 1 or not groups <= OBJECT_URL_PARAMETERS:
            raise ImproperlyConfigured(
                f"Admin URL {pattern.name!r} of {type(self).__name__} must take its object as "
                f"<pk> (got {sorted(groups)}) so the council scope can guard it."
            )
        (param,) = groups
        view = pattern.callback
        post_permission = getattr(self, "object_post_permissions", {}).get(pattern.name)

        def guarded(request, *args, **kwargs):
            write = request.method not in SAFE_METHODS
            obj = self.scoped_object(
                request, kwargs[param], write=write and post_permission is None
            )
            if write and post_permission and not request.user.has_perm(post_permission):
                raise PermissionDenied
            request.scoped_object = obj
            return view(request, *args, **kwargs)

        guarded.__name__ = getattr(view, "__name__", "guarded")
        guarded.scoped = True
        return URLPattern(
            pattern.pattern, self.admin_site.admin_view(guarded), pattern.default_args, pattern.name
        )


class ScopedAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        return scoped(self.request.user, super().get_queryset())


def scoped_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, only for objects inside the user's scope."""
    from django.contrib.contenttypes import views as contenttype_views
    from django.contrib.contenttypes.models import ContentType

    try:
        model = ContentType.objects.get(pk=content_type_id).model_class()
        obj = model._default_manager.filter(pk=object_id).first() if model else None
    except (ContentType.DoesNotExist, ValueError):
        obj = None
    if obj is None or not in_scope(request.user, obj):
        raise Http404(_("Objektet findes ikke, eller du har ikke adgang til det."))
    return contenttype_views.shortcut(request, content_type_id, object_id)


_SCOPED_CLASSES: dict[type, type] = {}


def _scoped_class(cls, mixin, prefix="Scoped"):
    """``cls`` with ``mixin`` in front (made once per class)."""
    if issubclass(cls, mixin):
        return cls
    if cls in _SCOPED_CLASSES:
        return _SCOPED_CLASSES[cls]
    attrs = {"__module__": cls.__module__, "__qualname__": f"{prefix}{cls.__qualname__}"}
    if hasattr(cls, "inlines"):
        attrs["inlines"] = [_scoped_class(i, ScopedInlineMixin) for i in cls.inlines]
    _SCOPED_CLASSES[cls] = type(f"{prefix}{cls.__name__}", (mixin, cls), attrs)
    return _SCOPED_CLASSES[cls]


# The admin index in groups an editor recognises, instead of one list per Django app.
# (group label, [(app_label, model_name), …]); a registered model in none of them lands in
# "Andet" (so a new model is never hidden), an empty group is left out.
ADMIN_GROUPS = [
    (
        gettext_lazy("Arkiv"),
        [
            ("councils", "municipality"),
            ("councils", "council"),
            ("councils", "councilalias"),
            ("councils", "meeting"),
            ("councils", "agendaitem"),
            ("councils", "case"),
            ("councils", "section"),
            ("councils", "attachment"),
            ("councils", "priordecision"),
            ("councils", "absence"),
            ("councils", "person"),
            ("councils", "sourcedocument"),
            ("councils", "decisioncorrection"),
        ],
    ),
    (
        gettext_lazy("Indsendelser"),
        [
            ("councils", "upload"),
            ("councils", "uploadedbilag"),
            ("councils", "harvestsource"),
        ],
    ),
    (
        gettext_lazy("Brugere og rettigheder"),
        [
            ("auth", "user"),
            ("auth", "group"),
            ("councils", "councilmembership"),
            ("axes", "accessattempt"),
            ("axes", "accessfailurelog"),
            ("axes", "accesslog"),
        ],
    ),
    (gettext_lazy("Søgning"), [("councils", "searchdocument")]),
    (gettext_lazy("Abonnementer"), [("councils", "subscription")]),
    (gettext_lazy("Drift"), [("django_tasks_database", "dbtaskresult")]),
]


class StaffAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Referatarkiv – administration")
    site_title = gettext_lazy("Referatarkiv – administration")
    index_title = gettext_lazy("Administration")

    def get_app_list(self, request, app_label=None):
        """The index and the side bar in ADMIN_GROUPS; an app's own page stays as Django
        shows it. Only models the user may see are listed (Django's own checks)."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        models = {
            (app["app_label"], model["object_name"].lower()): (app, model)
            for app in apps
            for model in app["models"]
        }
        groups = []
        for position, (label, members) in enumerate(ADMIN_GROUPS, start=1):
            found = [models.pop(key) for key in members if key in models]
            if found:
                groups.append(_group(label, f"group-{position}", found))
        if models:
            groups.append(_group(gettext_lazy("Andet"), "group-other", list(models.values())))
        return groups

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = _scoped_class(admin_class or admin.ModelAdmin, CouncilScopeMixin)
        return super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return ScopedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        urls = super().get_urls()
        for i, pattern in enumerate(urls):
            if isinstance(pattern, URLPattern) and pattern.name == "view_on_site":
                urls[i] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(scoped_view_on_site),
                    name="view_on_site",
                )
        return urls


def _group(label, key: str, members) -> dict:
    """An entry of the admin index: a named group of models (from several Django apps)."""
    apps = {app["app_label"] for app, _model in members}
    first_app = members[0][0]
    return {
        "name": label,
        "app_label": key,
        # the heading links to the Django app's page when the group is one app's models
        "app_url": first_app["app_url"] if len(apps) == 1 else "",
        "has_module_perms": True,
        "models": [model for _app, model in members],
    }
