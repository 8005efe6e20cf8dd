"""AuditEvent, ApologyLetter and SupplementRequest move from the ``workspace``
app to the dossier core (``eforms`` label): state only, the tables keep their
names (``db_table``) and rows; content types are relabelled so permissions
stay attached."""

import django.db.models.deletion
import eforms.dossiers.storage
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED = ("auditevent", "apologyletter", "supplementrequest")


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label="eforms", model=model).exists():
            ContentType.objects.filter(app_label="workspace", model=model).delete()
        else:
            ContentType.objects.filter(app_label="workspace", model=model).update(app_label="eforms")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="eforms", model__in=MOVED).update(app_label="workspace")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('eforms', '0003_dossier_receipt_sent_at'),
        ('workspace', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ApologyLetter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('previous_due_at', models.DateTimeField(blank=True, null=True, verbose_name='Hẹn trả cũ')),
                        ('new_due_at', models.DateTimeField(verbose_name='Ngày hẹn trả mới')),
                        ('reason', models.TextField(verbose_name='Lý do quá hạn')),
                        ('pdf', models.FileField(blank=True, max_length=255, storage=eforms.dossiers.storage.private_storage, upload_to=eforms.dossiers.storage.random_upload_path)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='Đã gửi lúc')),
                        ('sent_to', models.EmailField(blank=True, max_length=254, verbose_name='Gửi đến')),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='apology_letters', to='eforms.dossier')),
                        ('officer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
                        'verbose_name_plural': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
                        'db_table': 'workspace_apologyletter',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('username', models.CharField(blank=True, max_length=150, verbose_name='Tài khoản')),
                        ('action', models.CharField(choices=[('queue', 'Xem hàng đợi'), ('view', 'Xem chi tiết hồ sơ'), ('preview', 'Xem tệp đính kèm'), ('download_file', 'Tải tệp đính kèm'), ('download_zip', 'Tải hồ sơ (ZIP)'), ('export_csv', 'Xuất danh sách CSV'), ('export_xlsx', 'Xuất danh sách XLSX'), ('transition', 'Xử lý hồ sơ'), ('comment', 'Trao đổi'), ('upload_result', 'Tải lên kết quả'), ('apology', 'Phiếu xin lỗi'), ('counter', 'Tiếp nhận tại quầy'), ('receipt', 'In phiếu tiếp nhận'), ('statistics', 'Xem thống kê chi tiết')], db_index=True, max_length=20, verbose_name='Hành động')),
                        ('allowed', models.BooleanField(db_index=True, default=True, verbose_name='Được phép')),
                        ('dossier_code', models.CharField(blank=True, db_index=True, max_length=40, verbose_name='Mã hồ sơ')),
                        ('target', models.CharField(blank=True, help_text='Tệp, bộ lọc danh sách xuất hoặc chi tiết khác.', max_length=300, verbose_name='Đối tượng')),
                        ('path', models.CharField(blank=True, max_length=500, verbose_name='Đường dẫn')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='Địa chỉ IP')),
                        ('user_agent', models.CharField(blank=True, max_length=300, verbose_name='Trình duyệt')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='Thời điểm')),
                        ('dossier', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='eforms.dossier', verbose_name='Hồ sơ')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Người dùng')),
                    ],
                    options={
                        'verbose_name': 'Nhật ký truy cập dữ liệu',
                        'verbose_name_plural': 'Nhật ký truy cập dữ liệu',
                        'db_table': 'workspace_auditevent',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SupplementRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('items', models.TextField(verbose_name='Giấy tờ cần bổ sung')),
                        ('requested_at', models.DateTimeField(auto_now_add=True)),
                        ('fulfilled_at', models.DateTimeField(blank=True, null=True, verbose_name='Đã bổ sung lúc')),
                        ('citizen_note', models.TextField(blank=True, verbose_name='Ghi chú của công dân')),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supplement_requests', to='eforms.dossier')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'Yêu cầu bổ sung hồ sơ',
                        'verbose_name_plural': 'Yêu cầu bổ sung hồ sơ',
                        'db_table': 'workspace_supplementrequest',
                        'ordering': ['-requested_at'],
                    },
                ),
                ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
