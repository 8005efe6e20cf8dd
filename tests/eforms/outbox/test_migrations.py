"""Upgrading to the shared outbox keeps every existing row and its state:
the notifications' ``lease_until`` / ``sent_at`` columns become the fields
``claimed_until`` / ``delivered_at`` without moving, and the hand-off's
columns already had the outbox's names."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("notifications", "0001_initial"), ("handoff", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_rows_keep_their_state(dossier, supplement_change):
    old = migrate(BEFORE)
    sent_at = timezone.now() - timedelta(hours=1)
    lease = timezone.now() + timedelta(minutes=5)
    Log = old.get_model("notifications", "NotificationLog")
    Log.objects.create(
        status_change_id=supplement_change.pk,
        dossier_id=dossier.pk,
        channel="email",
        state="sent",
        recipient="hoa@example.vn",
        attempts=2,
        sent_at=sent_at,
    )
    Log.objects.create(
        status_change_id=supplement_change.pk,
        dossier_id=dossier.pk,
        channel="sms",
        state="sending",
        recipient="84912345678",
        attempts=1,
        lease_until=lease,
        last_error="HTTP 503",
    )

    latest = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Log = latest.get_model("notifications", "NotificationLog")
    rows = {row.channel: row for row in Log.objects.all()}
    assert (rows["email"].state, rows["email"].attempts, rows["email"].delivered_at) == ("sent", 2, sent_at)
    assert (rows["sms"].state, rows["sms"].claimed_until, rows["sms"].last_error) == ("sending", lease, "HTTP 503")
    columns = {c.name for c in connection.introspection.get_table_description(connection.cursor(), Log._meta.db_table)}
    assert {"lease_until", "sent_at"} <= columns and not {"claimed_until", "delivered_at"} & columns
