"""Site settings editors change in the Wagtail admin (Cài đặt)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

#: setting field → Django setting used while the field is empty
IDENTITY_DEFAULTS = {
    "province_name": "PORTAL_PROVINCE_NAME",
    "center_name": "PORTAL_CENTER_NAME",
    "center_address": "PORTAL_CENTER_ADDRESS",
    "hotline": "PORTAL_HOTLINE",
    "email": "PORTAL_EMAIL",
}


@register_setting(icon="site")
class PortalIdentity(BaseSiteSetting):
    """Who runs the portal: province, service center and how to reach it.
    Empty fields fall back to the deployment's ``PORTAL_*`` settings."""

    province_name = models.CharField(
        _("Tên tỉnh"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Tỉnh Lâm Đồng. Để trống để dùng giá trị mặc định của hệ thống."),
    )
    center_name = models.CharField(
        _("Tên trung tâm"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng."),
    )
    center_address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    hotline = models.CharField(_("Đường dây nóng"), max_length=40, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("province_name"), FieldPanel("center_name"), FieldPanel("center_address")],
            heading=_("Đơn vị"),
        ),
        MultiFieldPanel([FieldPanel("hotline"), FieldPanel("email")], heading=_("Liên hệ")),
    ]

    class Meta:
        verbose_name = _("Thông tin cổng dịch vụ công")

    def resolved(self):
        """Every identity value, the setting's own or the deployment default."""
        return {
            name: getattr(self, name) or getattr(settings, setting_name)
            for name, setting_name in IDENTITY_DEFAULTS.items()
        }
