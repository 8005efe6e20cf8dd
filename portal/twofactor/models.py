"""WebAuthn security keys as a django-otp device (an additional factor).

TOTP and backup codes come from django-otp's own plugins; a security key
(FIDO2 / passkey on a phone or laptop) is stored here so that django-otp's
session machinery (``django_otp.login``, ``is_verified``) treats it like any
other device.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, TimestampMixin


class WebAuthnDevice(TimestampMixin, Device):
    """One registered WebAuthn credential of a user."""

    credential_id = models.CharField(_("Mã khóa"), max_length=1400, unique=True)  # base64url
    credential_data = models.TextField()  # base64url of fido2 AttestedCredentialData
    sign_count = models.PositiveBigIntegerField(default=0)

    class Meta(Device.Meta):
        verbose_name = _("Khóa bảo mật (WebAuthn)")
        verbose_name_plural = _("Khóa bảo mật (WebAuthn)")

    def verify_token(self, token):
        # No typed token: verified by a signed WebAuthn assertion (webauthn.py).
        return False
