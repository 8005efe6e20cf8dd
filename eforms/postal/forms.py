"""The citizen's postal choice on the review page of the e-form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eforms.formdefs import divisions

ADDRESS_MAX = 300


def _clean_text(value):
    return " ".join(str(value or "").split())


class PostalChoiceForm(forms.Form):
    postal_send = forms.BooleanField(
        label=_("Gửi hồ sơ giấy qua dịch vụ bưu chính công ích (bưu điện đến nhận tại địa chỉ dưới đây)"),
        required=False,
    )
    postal_receive = forms.BooleanField(
        label=_("Nhận kết quả qua dịch vụ bưu chính công ích (chuyển phát đến địa chỉ dưới đây)"), required=False
    )
    postal_province = forms.TypedChoiceField(label=_("Tỉnh, thành phố"), coerce=int, required=False, empty_value=None)
    postal_address = forms.CharField(
        label=_("Địa chỉ nhận, gửi bưu gửi (số nhà, đường, phường, xã)"), required=False, max_length=ADDRESS_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_province"].choices = [("", _("— Chọn tỉnh, thành phố —")), *divisions.provinces()]
        self.fields["postal_address"].error_messages["max_length"] = _(
            "Địa chỉ dài quá %(limit_value)d ký tự; vui lòng rút gọn."
        )
        self.fields["postal_address"].error_messages["null_characters_not_allowed"] = _(
            "Địa chỉ chứa ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại."
        )
        self.fields["postal_province"].error_messages["invalid_choice"] = _(
            "Tỉnh, thành phố đã chọn không có trong danh sách."
        )

    def clean_postal_address(self):
        value = _clean_text(self.cleaned_data.get("postal_address"))
        if "<" in value or ">" in value:
            raise forms.ValidationError(_("Địa chỉ không được chứa ký tự “<” hoặc “>”."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("postal_send") or data.get("postal_receive"):
            if not data.get("postal_province"):
                self.add_error("postal_province", _("Vui lòng chọn tỉnh, thành phố của địa chỉ bưu gửi."))
            if not data.get("postal_address"):
                self.add_error("postal_address", _("Vui lòng nhập địa chỉ để bưu điện đến nhận hoặc phát bưu gửi."))
        return data
