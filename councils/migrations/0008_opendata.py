# E-mail alerts: subscriptions (address, what it follows, confirmation time) and deliveries.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0007_cache_table'),
    ]

    operations = [
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(db_index=True, max_length=254, verbose_name='e-mailadresse')),
                ('kind', models.CharField(choices=[('udvalg', 'udvalg eller råd'), ('sag', 'sag'), ('soegning', 'søgning')], max_length=10, verbose_name='følger')),
                ('search_query', models.CharField(blank=True, help_text='Søgesidens forespørgsel (query string), fx q=hjemløse&udvalg=byraadet.', max_length=1000, verbose_name='søgning')),
                ('confirmed_at', models.DateTimeField(verbose_name='bekræftet')),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='councils.case', verbose_name='sag')),
                ('council', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='councils.council', verbose_name='udvalg')),
            ],
            options={
                'verbose_name': 'abonnement på e-mail',
                'verbose_name_plural': 'abonnementer på e-mail',
                'ordering': ['email', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='AlertDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=64)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='councils.subscription')),
            ],
            options={
                'verbose_name': 'sendt e-mail om nyt',
                'verbose_name_plural': 'sendte e-mails om nyt',
            },
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('case__isnull', True), ('council__isnull', False), ('kind', 'udvalg'), ('search_query', '')), models.Q(('case__isnull', False), ('council__isnull', True), ('kind', 'sag'), ('search_query', '')), models.Q(('case__isnull', True), ('council__isnull', True), ('kind', 'soegning'), models.Q(('search_query', ''), _negated=True)), _connector='OR'), name='subscription_follows_one_thing'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'udvalg')), fields=('email', 'council'), name='subscription_unique_council'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'sag')), fields=('email', 'case'), name='subscription_unique_case'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'soegning')), fields=('email', 'search_query'), name='subscription_unique_search'),
        ),
        migrations.AddConstraint(
            model_name='alertdelivery',
            constraint=models.UniqueConstraint(fields=('subscription', 'key'), name='delivery_unique_key'),
        ),
    ]
