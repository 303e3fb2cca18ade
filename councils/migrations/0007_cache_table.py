"""The table of Django's database cache (settings.DATABASE_CACHE_TABLE), the shared cache
when no CACHE_URL/REDIS_URL is set. Created here so `migrate` is the only setup step; the
name is fixed so the table exists whichever cache is configured today."""

from django.db import migrations

TABLE = "referater_cache"


def create_cache_table(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    if TABLE not in schema_editor.connection.introspection.table_names():
        command = Command()
        command.verbosity = 0
        command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("councils", "0006_html_sources")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
