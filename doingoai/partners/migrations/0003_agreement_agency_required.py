"""The lead agency becomes required once every agreement has one (a migration of its own: on
PostgreSQL the rows updated by 0002 leave deferred trigger events that forbid an ALTER TABLE
in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0002_agreement_agency"),
    ]

    operations = [
        migrations.AlterField(
            model_name='agreement',
            name='agency',
            field=models.ForeignKey(help_text='The agency that proposed the agreement and follows its implementation; a submitting agency sees and enters only its own agreements.', on_delete=django.db.models.deletion.PROTECT, related_name='managed_agreements', to='core.organisation', verbose_name='lead agency'),
        ),
    ]
