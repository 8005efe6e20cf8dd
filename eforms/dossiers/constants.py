"""National dossier statuses, channels and payment states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.IntegerChoices):
    """The ten national status codes of a dossier."""

    NEW = 1, _("Mới đăng ký")
    ACCEPTED = 2, _("Được tiếp nhận")
    NOT_ACCEPTED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung giấy tờ")
    PAYMENT_REQUESTED = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    COMPLETED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


# While a dossier waits on the citizen the deadline clock is paused.
CLOCK_PAUSED_STATUSES = frozenset({DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.PAYMENT_REQUESTED})
# Statuses after which nothing more happens to a dossier.
FINAL_STATUSES = frozenset(
    {DossierStatus.NOT_ACCEPTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED, DossierStatus.RETURNED}
)


class Channel(models.IntegerChoices):
    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POSTAL = 3, _("Bưu chính công ích")


class PaymentStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Không phải nộp phí")
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")
    EXPIRED = "expired", _("Hết hạn thanh toán")


class AttachmentKind(models.TextChoices):
    SUBMISSION = "submission", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
    RESULT = "result", _("Kết quả giải quyết")
    COUNTER_SCAN = "counter_scan", _("Bản quét tại quầy")
