"""The search index stores the text snippets are cut from (PostgreSQL), bounded.

Existing rows keep NULL: their snippets are read from the point's rows as before until the
point is indexed again (any edit, or ``manage.py rebuild_search_index``).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("councils", "0015_bilag_numbers"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="excerpt",
            field=models.TextField(blank=True, null=True, verbose_name="uddrag"),
        ),
    ]
