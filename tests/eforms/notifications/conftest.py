"""A dossier with one status change: only what notification tests need."""

import pytest
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import DossierStatusChange

from ..factories import DossierFactory, ProcedurePageFactory, procedure_index


@pytest.fixture
def procedure(home_page):
    return ProcedurePageFactory(
        parent=procedure_index(), title="Đăng ký khai sinh", slug="dang-ky-khai-sinh", code="1.001193", agency=None
    )


@pytest.fixture
def dossier(procedure):
    return DossierFactory(
        procedure=procedure,
        code="000.00.00.H41-261122-0001",
        lookup_secret="K7QX9M",
        applicant_name="Nguyễn Thị Hoà",
        applicant_phone="0912 345 678",
        applicant_email="hoa@example.vn",
        applicant_id_number="",
        applicant_address="",
        form_data={},
        processing_days=None,
    )


@pytest.fixture
def supplement_change(dossier):
    dossier.status = DossierStatus.SUPPLEMENT_REQUESTED
    dossier.save(update_fields=["status"])
    return DossierStatusChange.objects.create(
        dossier=dossier,
        from_status=DossierStatus.PROCESSING,
        to_status=DossierStatus.SUPPLEMENT_REQUESTED,
        actor_label="Trần Văn Bình",
        note="Bản sao Giấy chứng nhận kết hôn của cha mẹ",
        created_at=timezone.now(),
    )


@pytest.fixture
def outbox_dir(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.NOTIFICATION_SMS_BACKEND = "sandbox"
    settings.NOTIFICATION_ZALO_BACKEND = "sandbox"
    settings.ZALO_ZNS_TEMPLATE_ID = "248615"
    settings.SMS_BRANDNAME = "DVC LAMDONG"
    settings.PORTAL_BASE_URL = "https://dichvucong.lamdong.gov.vn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.OUTBOX_DIR
