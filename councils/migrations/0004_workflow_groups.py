"""Groups Sekretær and Redaktør with their permissions (see councils/staff/access.py)."""

from django.db import migrations

SECRETARY_GROUP = "Sekretær"
EDITOR_GROUP = "Redaktør"
# Frozen copies of councils.staff.access.*_PERMISSIONS at the time of this migration.
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


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (
        (SECRETARY_GROUP, SECRETARY_PERMISSIONS),
        (EDITOR_GROUP, EDITOR_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        perms = list(
            Permission.objects.filter(content_type__app_label="councils", codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in perms}
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[SECRETARY_GROUP, EDITOR_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("councils", "0003_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
