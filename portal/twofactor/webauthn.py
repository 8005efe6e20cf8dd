"""WebAuthn ceremonies (security keys, passkeys) with Yubico's python-fido2.

Registration needs a fully verified session (it adds a factor);
authentication is a second step after the password, like a TOTP code.
The ceremony state (challenge) lives in the session between the two calls
of each ceremony and is used once.
"""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from fido2.server import Fido2Server
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import AttestedCredentialData, AuthenticationResponse

from .models import WebAuthnDevice

logger = logging.getLogger("portal.twofactor")

REGISTER_STATE_KEY = "twofactor_webauthn_register"
AUTH_STATE_KEY = "twofactor_webauthn_auth"


class WebAuthnError(Exception):
    pass


def rp_id_for(request):
    configured = getattr(settings, "TWOFACTOR_WEBAUTHN_RP_ID", "")
    if configured:
        return configured
    host = request.get_host()
    return host.rsplit(":", 1)[0] if not host.endswith("]") else host


def server_for(request):
    return Fido2Server({"id": rp_id_for(request), "name": str(settings.WAGTAIL_SITE_NAME)})


def user_handle(user):
    """Stable, opaque WebAuthn user id (no personal data)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:webauthn:{user.pk}".encode()).digest()


def user_devices(user):
    return list(WebAuthnDevice.objects.filter(user=user, confirmed=True).order_by("id"))


def _credentials(devices):
    return [AttestedCredentialData(websafe_decode(d.credential_data)) for d in devices]


def begin_registration(request):
    user = request.user
    options, state = server_for(request).register_begin(
        {
            "id": user_handle(user),
            "name": user.get_username(),
            "displayName": user.get_full_name() or user.get_username(),
        },
        _credentials(user_devices(user)),
        user_verification="discouraged",
        resident_key_requirement="discouraged",
    )
    request.session[REGISTER_STATE_KEY] = dict(state)
    return dict(options)


def complete_registration(request, credential, name):
    state = request.session.pop(REGISTER_STATE_KEY, None)
    if not state:
        raise WebAuthnError("no registration in progress")
    try:
        auth_data = server_for(request).register_complete(state, credential)
    except Exception as exc:  # malformed or forged response
        raise WebAuthnError(str(exc)) from exc
    data = auth_data.credential_data
    credential_id = websafe_encode(data.credential_id)
    if WebAuthnDevice.objects.filter(credential_id=credential_id).exists():
        raise WebAuthnError("credential already registered")
    device = WebAuthnDevice.objects.create(
        user=request.user,
        name=(name or "").strip()[:64] or "Khóa bảo mật",
        confirmed=True,
        credential_id=credential_id,
        credential_data=websafe_encode(bytes(data)),
        sign_count=auth_data.counter,
    )
    logger.info("event=twofactor_webauthn_registered user=%s device=%s", request.user.pk, device.persistent_id)
    return device


def begin_authentication(request):
    devices = user_devices(request.user)
    if not devices:
        raise WebAuthnError("no security key")
    options, state = server_for(request).authenticate_begin(_credentials(devices), user_verification="discouraged")
    request.session[AUTH_STATE_KEY] = dict(state)
    return dict(options)


def complete_authentication(request, credential):
    state = request.session.pop(AUTH_STATE_KEY, None)
    if not state:
        raise WebAuthnError("no authentication in progress")
    devices = user_devices(request.user)
    try:
        matched = server_for(request).authenticate_complete(state, _credentials(devices), credential)
        counter = AuthenticationResponse.from_dict(credential).response.authenticator_data.counter
    except Exception as exc:
        raise WebAuthnError(str(exc)) from exc
    credential_id = websafe_encode(matched.credential_id)
    with transaction.atomic():
        device = WebAuthnDevice.objects.select_for_update().get(user=request.user, credential_id=credential_id)
        # A counter that does not grow means a cloned authenticator (0 = no counter).
        if counter and device.sign_count and counter <= device.sign_count:
            logger.warning(
                "event=twofactor_webauthn_counter_regressed user=%s device=%s stored=%s got=%s",
                request.user.pk,
                device.persistent_id,
                device.sign_count,
                counter,
            )
            raise WebAuthnError("signature counter did not increase")
        device.sign_count = counter
        device.set_last_used_timestamp(commit=False)
        device.save(update_fields=["sign_count", "last_used_at"])
    return device
