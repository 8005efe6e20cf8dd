"""The verification form: one PDF, checked by content and size."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.signing import conf
from portal.signing.uploads import MAGIC_WINDOW, looks_like_pdf


def too_large_message():
    return _("Tệp quá lớn: tối đa %(max)d MB. Vui lòng chọn tệp PDF nhỏ hơn.") % {
        "max": conf.max_upload_bytes() // (1024 * 1024)
    }


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF đã ký số"),
        help_text=gettext_lazy(
            "Tệp PDF do Cổng dịch vụ công hoặc cơ quan nhà nước cấp, tối đa 20 MB. Tệp không được lưu lại."
        ),
        error_messages={
            "required": gettext_lazy("Vui lòng chọn tệp PDF cần xác thực."),
            "empty": gettext_lazy("Tệp đã chọn rỗng (0 byte). Vui lòng chọn đúng tệp PDF."),
            "invalid": gettext_lazy("Không nhận được tệp. Vui lòng chọn lại tệp PDF."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > conf.max_upload_bytes():
            raise forms.ValidationError(too_large_message(), code="too_large")
        upload.seek(0)
        head = upload.read(MAGIC_WINDOW)
        if not head:
            raise forms.ValidationError(self.fields["file"].error_messages["empty"], code="empty")
        if not looks_like_pdf(head):
            raise forms.ValidationError(
                _("Tệp này không phải là tệp PDF. Vui lòng chọn văn bản ở định dạng PDF."), code="not_pdf"
            )
        upload.seek(0)
        return upload
