"""The accessibility statement's "report a problem" form: stored as a row
(Wagtail admin → Phản ánh về khả năng tiếp cận) and e-mailed to the center."""

import structlog
from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityReport, PortalIdentity
from .models.accessibility import CONTACT_MAX, DESCRIPTION_MAX, PAGE_MAX

logger = structlog.get_logger("content.accessibility")

# Reports per client address and hour: enough for a citizen, not for a flood.
RATE_LIMIT = (5, 3600)


MESSAGES = {
    "max_length": _("Tối đa %(limit_value)s ký tự (Ông/Bà đã nhập %(show_value)s ký tự)."),
    "null_characters_not_allowed": _("Nội dung có ký tự không hợp lệ. Vui lòng gõ lại."),
}


class AccessibilityReportForm(forms.Form):
    page_url = forms.CharField(
        label=_("Trang hoặc chức năng gặp khó khăn (không bắt buộc)"),
        max_length=PAGE_MAX,
        required=False,
        help_text=_("Ví dụ: địa chỉ trang, hoặc “bước 1 của tờ khai đăng ký khai sinh”."),
        error_messages=MESSAGES,
    )
    description = forms.CharField(
        label=_("Ông/Bà gặp khó khăn gì?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tối đa 2.000 ký tự. Xin đừng ghi số định danh cá nhân hay mật khẩu."),
        error_messages={**MESSAGES, "required": _("Vui lòng mô tả khó khăn Ông/Bà gặp phải.")},
    )
    contact = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử để chúng tôi trả lời (không bắt buộc)"),
        max_length=CONTACT_MAX,
        required=False,
        error_messages=MESSAGES,
    )
    # Honeypot: hidden from people (and from assistive technology), filled by bots.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_description(self):
        value = self.cleaned_data["description"].strip()
        if not value:
            raise forms.ValidationError(_("Vui lòng mô tả khó khăn Ông/Bà gặp phải."))
        return value

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


def center_email(request):
    identity = PortalIdentity.for_request(request)
    return (identity.email if identity else "") or settings.PORTAL_EMAIL


def record(request, form):
    """Store the report and e-mail it to the center's address."""
    report = AccessibilityReport.objects.create(
        page_url=form.cleaned_data["page_url"].strip(),
        description=form.cleaned_data["description"],
        contact=form.cleaned_data["contact"].strip(),
        language=(get_language() or "vi")[:8],
    )
    recipient = center_email(request)
    body = "\n".join(
        [
            "Phản ánh về khả năng tiếp cận của Cổng dịch vụ công",
            f"Thời điểm: {report.created_at:%d/%m/%Y %H:%M}",
            f"Trang: {report.page_url or '(không ghi)'}",
            f"Liên hệ: {report.contact or '(không ghi)'}",
            "",
            report.description,
        ]
    )
    send_mail(f"[Tiếp cận] Phản ánh số {report.pk}", body, None, [recipient], fail_silently=True)
    logger.info("accessibility_report_received", report=report.pk)
    return report
