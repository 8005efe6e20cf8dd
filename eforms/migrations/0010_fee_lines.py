"""``DossierFee``: the fee line items computed for a dossier (frozen), and
the bookkeeping of its online payment window (warning sent, extension)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eforms", "0009_internal_process"),
    ]

    operations = [
        migrations.CreateModel(
            name="DossierFee",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("channel", models.CharField(max_length=12, verbose_name="Hình thức nộp")),
                ("category", models.CharField(blank=True, max_length=255, verbose_name="Đối tượng miễn, giảm")),
                ("units", models.PositiveSmallIntegerField(default=1, verbose_name="Số lượng")),
                ("lines", models.JSONField(blank=True, default=list, verbose_name="Các khoản phí, lệ phí")),
                ("total_vnd", models.PositiveIntegerField(default=0, verbose_name="Tổng phí, lệ phí (đồng)")),
                (
                    "payment_warned_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="Đã nhắc sắp hết hạn thanh toán lúc"),
                ),
                (
                    "payment_extended_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="Đã gia hạn thanh toán lúc"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "dossier",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="fee_record", to="eforms.dossier"
                    ),
                ),
            ],
            options={
                "verbose_name": "Phí, lệ phí của hồ sơ",
                "verbose_name_plural": "Phí, lệ phí của hồ sơ",
            },
        ),
    ]
