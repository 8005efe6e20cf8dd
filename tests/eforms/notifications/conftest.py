"""A dossier with one status change: only what notification tests need."""
import pytest
from django.utils import timezone


@pytest.fixture
def procedure(home_page):
    from content.models import ProcedureIndexPage, ProcedurePage

    index = ProcedureIndexPage.objects.first()
    if index is None:
        index = home_page.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
    return index.add_child(
        instance=ProcedurePage(title="Đăng ký khai sinh", slug="dang-ky-khai-sinh", code="1.001193")
    )


@pytest.fixture
def dossier(procedure):
    from eforms.dossiers.models import Dossier

    return Dossier.objects.create(
        code="000.00.00.H41-261122-0001",
        lookup_secret="K7QX9M",
        procedure=procedure,
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        applicant_name="Nguyễn Thị Hoà",
        applicant_phone="0912 345 678",
        applicant_email="hoa@example.vn",
        received_at=timezone.now(),
    )


@pytest.fixture
def supplement_change(dossier):
    from eforms.dossiers.constants import DossierStatus
    from eforms.dossiers.models import DossierStatusChange

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
