"""Bilag get a number of their own for their public address (``…/bilag-<number>/``).

Existing bilag take their current place as their number, so every address in use today
stays the same; from now on the number never changes when a correction reorders the bilag.
"""

from django.db import migrations, models


def number_from_order(apps, schema_editor):
    for name in ("Attachment", "HistoricalAttachment"):
        apps.get_model("councils", name).objects.update(number=models.F("order"))


class Migration(migrations.Migration):

    dependencies = [
        ("councils", "0014_correction_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False, verbose_name="bilagsnummer"),
        ),
        migrations.AddField(
            model_name="historicalattachment",
            name="number",
            field=models.PositiveIntegerField(null=True, editable=False, verbose_name="bilagsnummer"),
        ),
        migrations.RunPython(number_from_order, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attachment",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="bilagsnummer"),
        ),
        migrations.AlterField(
            model_name="historicalattachment",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="bilagsnummer"),
        ),
        migrations.AddConstraint(
            model_name="attachment",
            constraint=models.UniqueConstraint(
                fields=("agenda_item", "number"), name="attachment_unique_number"
            ),
        ),
    ]
