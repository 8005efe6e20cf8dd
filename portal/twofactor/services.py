"""Devices and tokens: enrollment, verification, backup codes, recovery.

Built on django-otp's TOTP and static devices. Views stay thin and call
these functions; the management commands and the Wagtail admin action share
``reset_two_factor``.
"""

import logging
import re
from base64 import b32encode

import django_otp
from django.db import transaction
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import conf

logger = logging.getLogger("portal.twofactor")


def confirmed_devices(user):
    return list(django_otp.devices_for_user(user, confirmed=True))


def has_confirmed_device(user):
    return django_otp.user_has_device(user, confirmed=True)


def normalise_token(raw):
    """Drop spaces and dashes (``123 456``, ``abcd-efgh``); backup codes are
    lower case."""
    return re.sub(r"[\s\-]", "", raw or "").lower()


def _candidates(user, token):
    """Devices that may accept ``token``, by its shape, so that a TOTP code
    never counts as a failed backup code (and the reverse) in django-otp's
    per-device throttling."""
    totp_devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    static_devices = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    if token.isdigit() and len(token) == 6:
        return totp_devices
    if token.isdigit() and len(token) == 8:
        return totp_devices + static_devices
    return static_devices


class VerifyResult:
    def __init__(self, device=None, locked_until=None):
        self.device = device
        self.locked_until = locked_until

    @property
    def ok(self):
        return self.device is not None


def verify(user, raw_token):
    """The device that accepts ``raw_token`` (a backup code is used up), or a
    result saying when django-otp's throttling allows the next try."""
    token = normalise_token(raw_token)
    if not token or len(token) > 16:
        return VerifyResult()
    locked_until = None
    for device in _candidates(user, token):
        allowed, info = device.verify_is_allowed()
        if not allowed:
            until = (info or {}).get("locked_until")
            if until and (locked_until is None or until < locked_until):
                locked_until = until
            continue
        # django_otp.verify_token locks the device row (select_for_update):
        # two requests racing with the same backup code, only one wins.
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is not None:
            return VerifyResult(device=verified)
    return VerifyResult(locked_until=locked_until)


def pending_totp_device(user):
    """The unconfirmed authenticator being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=conf.TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device):
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def grouped(secret, size=4):
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def qr_data_uri(device):
    import segno

    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#1b1b1b")


def current_totp(device, offset=0):
    """The code an authenticator shows now (``offset`` steps later)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):0{device.digits}d}"


def usable_totp(device):
    """A code the device accepts right now: the current one, or — when it was
    already used in this time step — the next one (within the tolerance)."""
    now_t = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    offset = 0 if now_t > device.last_t else 1
    return current_totp(device, offset)


@transaction.atomic
def confirm_totp_device(user, device):
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Other half-enrolled authenticators of this user are dropped.
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    logger.info("event=twofactor_enrolled user=%s device=%s", user.pk, device.persistent_id)
    return device


@transaction.atomic
def new_backup_codes(user, count=conf.BACKUP_CODE_COUNT, codes=None):
    """Replace the user's backup codes; returns them in clear (shown once).

    The static device is kept (only its tokens change) so that a session
    verified with a backup code stays verified.
    """
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=conf.STATIC_DEVICE_NAME, confirmed=True)
    elif not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    if codes is None:
        codes = []
        while len(codes) < count:
            token = StaticToken.random_token()
            if token not in codes:
                codes.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    logger.info("event=twofactor_backup_codes_issued user=%s count=%s", user.pk, len(codes))
    return list(codes)


def remaining_backup_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_device(user, device):
    if device.user_id != user.pk:
        raise PermissionError("device of another user")
    persistent_id = device.persistent_id
    device.delete()
    logger.info("event=twofactor_device_removed user=%s device=%s", user.pk, persistent_id)


def find_device(user, persistent_id):
    for device in django_otp.devices_for_user(user, confirmed=None):
        if device.persistent_id == persistent_id:
            return device
    return None


@transaction.atomic
def reset_two_factor(user, *, actor="", via=""):
    """Remove every second-factor device of ``user`` (administrator recovery).

    Sessions the user verified with them stop being verified at their next
    request; at the next login the user enrols a new authenticator.
    """
    removed = 0
    # Every django-otp device class: TOTP, backup codes, security keys.
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    logger.warning(
        "event=twofactor_reset user=%s username=%s actor=%s via=%s removed=%s",
        user.pk,
        user.get_username(),
        actor or "-",
        via or "-",
        removed,
    )
    return removed
