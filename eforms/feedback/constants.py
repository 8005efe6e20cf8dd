"""Kinds and states of a feedback item, and the limits of the public form."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SUBJECT_MAX_LENGTH = 200
CONTENT_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 10000
NOTE_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 120
ADDRESS_MAX_LENGTH = 255
CODE_PREFIX = "PA"
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_RANDOM_LENGTH = 6
PUBLIC_PAGE_SIZE = 10


class FeedbackKind(models.TextChoices):
    """The two kinds of Nghị định 20/2008/NĐ-CP as amended (art. 3)."""

    REGULATION = "quy-dinh", _("Về quy định hành chính")
    HANDLING = "giai-quyet", _("Về hành vi, việc giải quyết thủ tục hành chính")


class FeedbackState(models.TextChoices):
    NEW = "moi", _("Mới tiếp nhận")
    PROCESSING = "dang-xu-ly", _("Đang xử lý")
    AWAITING_APPROVAL = "cho-duyet", _("Chờ duyệt")
    ANSWERED = "da-tra-loi", _("Đã trả lời")
    PUBLISHED = "cong-khai", _("Đã trả lời, công khai")
    REJECTED = "khong-thu-ly", _("Không thụ lý")


OPEN_STATES = (FeedbackState.NEW, FeedbackState.PROCESSING, FeedbackState.AWAITING_APPROVAL)
ANSWERED_STATES = (FeedbackState.ANSWERED, FeedbackState.PUBLISHED)
CLOSED_STATES = (*ANSWERED_STATES, FeedbackState.REJECTED)
