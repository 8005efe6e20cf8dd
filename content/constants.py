"""Choices of the national administrative-procedure record (CSDL TTHC)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GovernmentLevel(models.TextChoices):
    """Cấp thực hiện. Since 1 July 2025 local government has two tiers
    (province, commune); ``district`` is kept for legacy records."""

    CENTRAL = "central", _("Cấp Trung ương")
    PROVINCE = "province", _("Cấp Tỉnh")
    DISTRICT = "district", _("Cấp Huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp Xã")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến."""

    INFORMATION = "information", _("Chỉ cung cấp thông tin")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class ProcedureType(models.TextChoices):
    """Loại thủ tục."""

    DELEGATED = "delegated", _("TTHC được luật giao quy định chi tiết")
    NOT_DELEGATED = "not_delegated", _("TTHC không được luật giao quy định chi tiết")
    INTERNAL = "internal", _("TTHC nội bộ")


class SubmissionMethod(models.TextChoices):
    """Cách thức thực hiện."""

    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính")


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành")
    PEOPLES_COMMITTEE = "committee", _("Ủy ban nhân dân")
    CENTRAL_BRANCH = "central_branch", _("Cơ quan trung ương đóng tại địa phương")
    SERVICE_CENTER = "service_center", _("Trung tâm phục vụ hành chính công")


#: The keyword that marks an illustrative procedure record: its code or content
#: is not (yet) checked against the national database of administrative
#: procedures (the demo catalogue's ``"demo_record": true``). The procedure
#: sheet shows “Bản ghi minh họa” for it.
DEMO_RECORD_KEYWORD = "bản ghi minh họa"
