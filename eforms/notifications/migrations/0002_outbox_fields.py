"""NotificationLog on the shared outbox: ``lease_until`` is now the field
``claimed_until`` and ``sent_at`` the field ``delivered_at``, both kept in
their old columns (``db_column``), so the table and its rows do not change."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField("notificationlog", "lease_until", "claimed_until"),
                migrations.AlterField(
                    "notificationlog",
                    "claimed_until",
                    models.DateTimeField(blank=True, db_column="lease_until", null=True, verbose_name="Đang gửi đến"),
                ),
                migrations.RenameField("notificationlog", "sent_at", "delivered_at"),
                migrations.AlterField(
                    "notificationlog",
                    "delivered_at",
                    models.DateTimeField(blank=True, db_column="sent_at", null=True, verbose_name="Thời điểm gửi"),
                ),
            ],
            database_operations=[],
        ),
    ]
