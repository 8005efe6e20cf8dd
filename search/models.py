"""The synonym and abbreviation dictionary editors keep (Wagtail snippet
with drafts and revisions): the words citizens type ("sổ đỏ", "CCCD",
"UBND huyện") and the administrative names the catalogue uses ("giấy
chứng nhận quyền sử dụng đất", "thẻ căn cước", "ủy ban nhân dân cấp xã").
Only published entries are applied (search/synonyms.py)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin

from .folding import tokens

MAX_PHRASES = 20
MAX_PHRASE_WORDS = 12


class SynonymKind(models.TextChoices):
    COLLOQUIAL = "colloquial", _("Cách gọi thông thường")
    ABBREVIATION = "abbreviation", _("Chữ viết tắt")
    OLD_NAME = "old_name", _("Tên cũ (trước sắp xếp năm 2025)")
    VARIANT = "variant", _("Cách viết khác")


def split_phrases(text):
    """The comma- or semicolon-separated phrases of one side of an entry."""
    return [part.strip() for part in str(text or "").replace(";", ",").split(",") if part.strip()]


def _check_side(text):
    phrases = split_phrases(text)
    if not phrases:
        raise ValidationError(_("Nhập ít nhất một cụm từ."))
    if len(phrases) > MAX_PHRASES:
        raise ValidationError(_("Tối đa %(n)d cụm từ.") % {"n": MAX_PHRASES})
    for phrase in phrases:
        keys = tokens(phrase)
        if not keys:
            raise ValidationError(_("Cụm từ “%(p)s” không có chữ hay số nào.") % {"p": phrase[:40]})
        if len(keys) > MAX_PHRASE_WORDS:
            raise ValidationError(_("Mỗi cụm từ tối đa %(n)d từ.") % {"n": MAX_PHRASE_WORDS})


class SynonymEntry(DraftStateMixin, RevisionMixin, models.Model):
    """One row of the dictionary: what citizens say → what the catalogue says."""

    terms = models.CharField(
        _("Cách người dân gọi"),
        max_length=500,
        validators=[_check_side],
        help_text=_("Các cụm từ cách nhau bằng dấu phẩy, ví dụ: sổ đỏ, sổ hồng, bìa đỏ."),
    )
    replacement = models.CharField(
        _("Tên hành chính"),
        max_length=500,
        validators=[_check_side],
        help_text=_("Tên dùng trong danh mục thủ tục, ví dụ: giấy chứng nhận quyền sử dụng đất."),
    )
    kind = models.CharField(_("Loại"), max_length=20, choices=SynonymKind.choices, default=SynonymKind.COLLOQUIAL)
    two_way = models.BooleanField(
        _("Hai chiều"),
        default=False,
        help_text=_("Tìm theo tên hành chính cũng tìm cả cách người dân gọi."),
    )
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="synonym_entry")

    panels = [
        FieldPanel("terms"),
        FieldPanel("replacement"),
        FieldPanel("kind"),
        FieldPanel("two_way"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("Từ đồng nghĩa")
        verbose_name_plural = _("Từ điển đồng nghĩa")
        ordering = ["terms"]

    def __str__(self):
        return f"{self.terms} → {self.replacement}"

    @property
    def revisions(self):
        return self._revisions

    def term_list(self):
        return split_phrases(self.terms)

    def replacement_list(self):
        return split_phrases(self.replacement)


class QueryLogWatermark(models.Model):
    """How far the query log has been flushed from the shared cache into
    Wagtail's search log (``search/querylog.py``): the last time bucket
    written. One row; read and advanced in the transaction that writes the
    bucket's hits, so a bucket is counted once even if a flush is retried."""

    bucket = models.BigIntegerField(_("Khoảng thời gian cuối cùng đã ghi"), default=0)
    flushed_at = models.DateTimeField(_("Thời điểm ghi"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mốc ghi nhật ký tìm kiếm")
        verbose_name_plural = _("Mốc ghi nhật ký tìm kiếm")

    def __str__(self):
        return str(self.bucket)
