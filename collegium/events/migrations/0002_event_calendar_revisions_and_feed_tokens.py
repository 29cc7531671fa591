"""Calendar UIDs, revisions and modification times of events; private feed tokens."""

import uuid
import zoneinfo

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_uids_and_local_dates(apps, schema_editor):
    # Historical models have no audit guard.  The UID and the local days are
    # derived bookkeeping the events had implicitly, not a change of record.
    Event = apps.get_model("events", "Event")
    for event in Event.objects.only("pk", "start", "end", "timezone"):
        zone = zoneinfo.ZoneInfo(event.timezone)
        Event.objects.filter(pk=event.pk).update(
            uid=f"{uuid.uuid4()}@collegium",
            start_date=event.start.astimezone(zone).date(),
            end_date=event.end.astimezone(zone).date(),
        )


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="uid",
            field=models.CharField(editable=False, max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="event",
            name="start_date",
            field=models.DateField(editable=False, null=True, verbose_name="first day (local)"),
        ),
        migrations.AddField(
            model_name="event",
            name="end_date",
            field=models.DateField(editable=False, null=True, verbose_name="last day (local)"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["start_date", "end_date"], name="event_local_dates_idx"),
        ),
        migrations.RunPython(fill_uids_and_local_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="uid",
            field=models.CharField(
                editable=False,
                help_text="Identifies the event in calendar feeds; set once, never changed.",
                max_length=255,
                unique=True,
                verbose_name="calendar UID",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="sequence",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Raised on every change of title, time, place or status.",
                verbose_name="revision",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="modified_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="last modified"
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="host_state",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="registry.state",
                verbose_name="host state",
            ),
        ),
        migrations.CreateModel(
            name="CalendarFeedToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created"
                    ),
                ),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="calendar_feed_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar feed token",
                "verbose_name_plural": "calendar feed tokens",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("revoked_at__isnull", True)),
                        fields=("user",),
                        name="one_active_feed_token_per_user",
                    )
                ],
            },
        ),
    ]
