"""The read cache's data version per namespace (``core.models.CacheVersion``).

A plain table, updated in place: unlike the audit table it has no
append-only triggers.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_audit_append_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='CacheVersion',
            fields=[
                ('namespace', models.CharField(max_length=100, primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=0)),
                ('token', models.CharField(max_length=32)),
            ],
        ),
    ]
