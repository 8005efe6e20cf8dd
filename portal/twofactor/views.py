"""Staff sign-in: password, then second factor (TOTP or a backup code).

``/tai-khoan/dang-nhap/`` → ``/tai-khoan/xac-thuc/`` (or, without a device
yet, ``/tai-khoan/dang-ky-xac-thuc/`` then the backup codes) → ``next``.
"""

import logging
from functools import wraps

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import ratelimit
from portal.clientaddress import client_address

from . import conf, services
from .forms import GENERIC_TOKEN_ERROR, DeviceActionForm, EnrollForm, LoginForm, TokenForm
from .models import WebAuthnDevice

logger = logging.getLogger("portal.twofactor")


# --- redirects --------------------------------------------------------------


def safe_next(request):
    """``next`` from the form or the query, only if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # Never bounce back into the sign-in pages themselves.
        if not candidate.startswith(reverse("twofactor:login")):
            return candidate
    return ""


def default_destination(user):
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return settings.LOGIN_REDIRECT_URL


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def second_step_url(user, next_url=""):
    name = "twofactor:verify" if services.has_confirmed_device(user) else "twofactor:enroll"
    return with_next(reverse(name), next_url)


def verified_required(view):
    """The user passed both factors; otherwise on to the missing step."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect(with_next(reverse("twofactor:login"), request.get_full_path()))
        if not user.is_verified():
            return redirect(second_step_url(user, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def password_done_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(with_next(reverse("twofactor:login"), safe_next(request)))
        return view(request, *args, **kwargs)

    return wrapper


def _throttle_message(locked_until):
    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return ngettext(
        "Bạn đã nhập sai nhiều lần. Vui lòng đợi %(seconds)d giây rồi thử lại.",
        "Bạn đã nhập sai nhiều lần. Vui lòng đợi %(seconds)d giây rồi thử lại.",
        seconds,
    ) % {"seconds": seconds}


def _rate_limited_message(scope):
    minutes = max(1, ratelimit.limit_for(scope)[1] // 60)
    return _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {"minutes": minutes}


def _establish_verified_session(request, device):
    # A new session key for the elevated session (guards against fixation).
    request.session.cycle_key()
    django_otp.login(request, device)


# --- step 1: password -------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = safe_next(request)
    user = request.user
    if user.is_authenticated:
        if user.is_verified():
            # No automatic redirect: a page that sends a signed-in user here
            # (no permission for it) would otherwise loop.
            return render(
                request,
                "twofactor/signed_in.html",
                {"next": next_url, "destination": default_destination(user)},
            )
        return redirect(second_step_url(user, next_url))

    ip = client_address(request)
    status = 200
    blocked_error = ""
    if request.method == "POST":
        username_key = (request.POST.get("username") or "").strip().lower()[:150]
        per_user = (ip, username_key)
        form = LoginForm(request, data=request.POST)
        if ratelimit.blocked(request, conf.LOGIN_SCOPE, key=per_user) or ratelimit.blocked(
            request, conf.LOGIN_IP_SCOPE
        ):
            # Refused before checking the password: no oracle while blocked.
            logger.warning("event=twofactor_login_rate_limited ip=%s", ip)
            form = LoginForm(request, initial={"username": request.POST.get("username", "")[:150]})
            blocked_error = _rate_limited_message(conf.LOGIN_SCOPE)
            status = 429
        elif form.is_valid():
            ratelimit.reset(request, conf.LOGIN_SCOPE, key=per_user)
            auth_login(request, form.user)  # rotates the session key
            logger.info("event=twofactor_password_ok user=%s ip=%s", form.user.pk, ip)
            return redirect(second_step_url(form.user, next_url))
        else:
            ratelimit.hit(request, conf.LOGIN_SCOPE, key=per_user)
            ratelimit.hit(request, conf.LOGIN_IP_SCOPE)
            logger.warning("event=twofactor_login_failed ip=%s", ip)
    else:
        form = LoginForm(request)
    return render(
        request,
        "twofactor/login.html",
        {"form": form, "next": next_url, "blocked_error": blocked_error},
        status=status,
    )


# --- step 2: second factor --------------------------------------------------


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
@password_done_required
@require_http_methods(["GET", "POST"])
def verify_view(request):
    user = request.user
    next_url = safe_next(request)
    if user.is_verified():
        return redirect(next_url or default_destination(user))
    if not services.has_confirmed_device(user):
        return redirect(with_next(reverse("twofactor:enroll"), next_url))

    status = 200
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if ratelimit.blocked(request, conf.VERIFY_SCOPE, key=user.pk):
            form.errors.clear()
            form.add_error(None, _rate_limited_message(conf.VERIFY_SCOPE))
            logger.warning("event=twofactor_verify_rate_limited user=%s ip=%s", user.pk, client_address(request))
            status = 429
        elif form.is_valid():
            result = services.verify(user, form.cleaned_data["otp_token"])
            if result.ok:
                ratelimit.reset(request, conf.VERIFY_SCOPE, key=user.pk)
                _establish_verified_session(request, result.device)
                logger.info(
                    "event=twofactor_verified user=%s device=%s ip=%s",
                    user.pk,
                    result.device.persistent_id,
                    client_address(request),
                )
                if isinstance(result.device, StaticDevice):
                    left = services.remaining_backup_codes(user)
                    messages.warning(
                        request,
                        ngettext(
                            "Bạn vừa dùng một mã dự phòng; còn lại %(count)d mã. Hãy tạo mã mới khi sắp hết.",
                            "Bạn vừa dùng một mã dự phòng; còn lại %(count)d mã. Hãy tạo mã mới khi sắp hết.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url or default_destination(user))
            ratelimit.hit(request, conf.VERIFY_SCOPE, key=user.pk)
            logger.warning("event=twofactor_verify_failed user=%s ip=%s", user.pk, client_address(request))
            if result.locked_until:
                form.add_error("otp_token", _throttle_message(result.locked_until))
            else:
                form.add_error("otp_token", GENERIC_TOKEN_ERROR)
    return render(
        request,
        "twofactor/verify.html",
        {
            "form": form,
            "next": next_url,
            "has_backup_codes": services.remaining_backup_codes(user) > 0,
            "has_webauthn": WebAuthnDevice.objects.filter(user=user, confirmed=True).exists(),
        },
        status=status,
    )


# --- enrollment -------------------------------------------------------------


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
@password_done_required
@require_http_methods(["GET", "POST"])
def enroll_view(request):
    user = request.user
    next_url = safe_next(request)
    first_device = not services.has_confirmed_device(user)
    if not first_device and not user.is_verified():
        # Adding an authenticator needs the existing second factor first.
        return redirect(with_next(reverse("twofactor:verify"), request.get_full_path()))

    device = services.pending_totp_device(user)
    form = EnrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = services.normalise_token(form.cleaned_data["otp_token"])
        allowed, info = device.verify_is_allowed()
        if not allowed:
            form.add_error("otp_token", _throttle_message(info["locked_until"]))
        elif device.verify_token(token):
            services.confirm_totp_device(user, device)
            _establish_verified_session(request, device)
            if first_device:
                codes = services.new_backup_codes(user)
                request.session[conf.FRESH_CODES_SESSION_KEY] = {"codes": codes, "next": next_url}
                return redirect("twofactor:backup_codes")
            messages.success(request, _("Đã thêm ứng dụng xác thực mới."))
            return redirect(next_url or reverse("twofactor:devices"))
        else:
            logger.warning("event=twofactor_enroll_failed user=%s", user.pk)
            form.add_error(
                "otp_token",
                _("Mã không đúng. Kiểm tra giờ trên điện thoại đã đúng chưa, rồi nhập mã mới nhất."),
            )
    secret = services.secret_base32(device)
    return render(
        request,
        "twofactor/enroll.html",
        {
            "form": form,
            "next": next_url,
            "qr_data_uri": services.qr_data_uri(device),
            "secret": secret,
            "secret_grouped": services.grouped(secret),
            "otpauth_url": device.config_url,
            "first_device": first_device,
            "issuer": getattr(settings, "OTP_TOTP_ISSUER", ""),
        },
    )


# --- backup codes -----------------------------------------------------------


@csrf_protect
@never_cache
@verified_required
@require_http_methods(["GET", "POST"])
def backup_codes_view(request):
    fresh = request.session.get(conf.FRESH_CODES_SESSION_KEY)
    if request.method == "POST":
        request.session.pop(conf.FRESH_CODES_SESSION_KEY, None)
        next_url = (fresh or {}).get("next") or ""
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        return redirect(next_url or default_destination(request.user))
    return render(
        request,
        "twofactor/backup_codes.html",
        {"codes": (fresh or {}).get("codes") or [], "remaining": services.remaining_backup_codes(request.user)},
    )


@never_cache
@verified_required
@require_http_methods(["GET"])
def backup_codes_download(request):
    fresh = request.session.get(conf.FRESH_CODES_SESSION_KEY) or {}
    codes = fresh.get("codes") or []
    if not codes:
        messages.info(request, _("Mã dự phòng chỉ tải về được ngay sau khi tạo. Hãy tạo bộ mã mới nếu cần."))
        return redirect("twofactor:devices")
    user = request.user
    lines = [
        _("Mã dự phòng — Cổng dịch vụ công"),
        _("Tài khoản: %(username)s") % {"username": user.get_username()},
        _("Tạo lúc: %(when)s") % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
        _("Mỗi mã chỉ dùng được một lần. Cất giữ ở nơi an toàn."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\r\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ma-du-phong-{user.pk}.txt"'
    return response


# --- manage devices ---------------------------------------------------------


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
@verified_required
@require_http_methods(["GET", "POST"])
def devices_view(request):
    user = request.user
    form = DeviceActionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("remove", "renew_codes"):
            return redirect("twofactor:devices")
        if ratelimit.blocked(request, conf.VERIFY_SCOPE, key=user.pk):
            form.errors.clear()
            form.add_error(None, _rate_limited_message(conf.VERIFY_SCOPE))
            status = 429
        elif form.is_valid():
            result = services.verify(user, form.cleaned_data["otp_token"])
            if not result.ok:
                ratelimit.hit(request, conf.VERIFY_SCOPE, key=user.pk)
                form.add_error(
                    "otp_token",
                    _throttle_message(result.locked_until) if result.locked_until else GENERIC_TOKEN_ERROR,
                )
            else:
                ratelimit.reset(request, conf.VERIFY_SCOPE, key=user.pk)
                if action == "renew_codes":
                    codes = services.new_backup_codes(user)
                    request.session[conf.FRESH_CODES_SESSION_KEY] = {
                        "codes": codes,
                        "next": reverse("twofactor:devices"),
                    }
                    return redirect("twofactor:backup_codes")
                device = services.find_device(user, form.cleaned_data.get("device") or "")
                if device is None:
                    form.add_error(None, _("Không tìm thấy thiết bị."))
                else:
                    removed_id = device.persistent_id
                    services.remove_device(user, device)
                    if result.device.persistent_id != removed_id:
                        # Still verified, by the device that just proved it.
                        django_otp.login(request, result.device)
                    messages.success(request, _("Đã gỡ thiết bị %(name)s.") % {"name": device.name})
                    if not services.has_confirmed_device(user):
                        return redirect("twofactor:enroll")
                    return redirect("twofactor:devices")
    devices = services.confirmed_devices(user)
    totp_devices = [d for d in devices if isinstance(d, TOTPDevice)]
    webauthn_devices = [d for d in devices if isinstance(d, WebAuthnDevice)]
    return render(
        request,
        "twofactor/devices.html",
        {
            "form": form,
            "totp_devices": totp_devices,
            "webauthn_devices": webauthn_devices,
            "current_device": getattr(user, "otp_device", None),
            "remaining_codes": services.remaining_backup_codes(user),
            "failed_action": request.POST.get("action") if request.method == "POST" else "",
            "failed_device": request.POST.get("device") if request.method == "POST" else "",
        },
        status=status,
    )


# --- logout -----------------------------------------------------------------


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        if request.user.is_authenticated:
            logger.info("event=twofactor_logout user=%s", request.user.pk)
        auth_logout(request)  # flushes the session: verification ends here
        messages.success(request, _("Bạn đã đăng xuất."))
        return redirect("twofactor:login")
    if not request.user.is_authenticated:
        return redirect("twofactor:login")
    return render(request, "twofactor/logout.html")


# --- WebAuthn (security keys) -------------------------------------------------


def _json_body(request):
    import json

    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _json_options(options):
    import json

    # fido2 option objects are mappings that encode bytes as base64url.
    return HttpResponse(json.dumps(options, default=dict), content_type="application/json")


def _json_error(message, status=400):
    return JsonResponse({"error": str(message)}, status=status)


def _webauthn_failed_message():
    return _("Không xác thực được bằng khóa bảo mật. Vui lòng thử lại hoặc dùng mã xác thực.")


@csrf_protect
@never_cache
@require_http_methods(["POST"])
def webauthn_register_begin(request):
    from . import webauthn

    if not (request.user.is_authenticated and request.user.is_verified()):
        return _json_error(_("Cần đăng nhập đủ hai lớp."), status=403)
    return _json_options(webauthn.begin_registration(request))


@csrf_protect
@never_cache
@require_http_methods(["POST"])
def webauthn_register_complete(request):
    from . import webauthn

    if not (request.user.is_authenticated and request.user.is_verified()):
        return _json_error(_("Cần đăng nhập đủ hai lớp."), status=403)
    data = _json_body(request)
    if data is None or not isinstance(data.get("credential"), dict):
        return _json_error(_("Dữ liệu không hợp lệ."))
    try:
        device = webauthn.complete_registration(request, data["credential"], data.get("name", ""))
    except webauthn.WebAuthnError as exc:
        logger.warning("event=twofactor_webauthn_register_failed user=%s error=%r", request.user.pk, str(exc)[:200])
        return _json_error(_("Không đăng ký được khóa bảo mật. Vui lòng thử lại."))
    messages.success(request, _("Đã thêm khóa bảo mật %(name)s.") % {"name": device.name})
    return JsonResponse({"ok": True, "redirect": reverse("twofactor:devices")})


@csrf_protect
@never_cache
@require_http_methods(["POST"])
def webauthn_auth_begin(request):
    from . import webauthn

    if not request.user.is_authenticated:
        return _json_error(_("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."), status=403)
    try:
        return _json_options(webauthn.begin_authentication(request))
    except webauthn.WebAuthnError:
        return _json_error(_("Tài khoản chưa có khóa bảo mật."))


@csrf_protect
@never_cache
@require_http_methods(["POST"])
def webauthn_auth_complete(request):
    from . import webauthn

    user = request.user
    if not user.is_authenticated:
        return _json_error(_("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."), status=403)
    if ratelimit.blocked(request, conf.VERIFY_SCOPE, key=user.pk):
        return _json_error(_rate_limited_message(conf.VERIFY_SCOPE), status=429)
    data = _json_body(request)
    if data is None or not isinstance(data.get("credential"), dict):
        return _json_error(_("Dữ liệu không hợp lệ."))
    try:
        device = webauthn.complete_authentication(request, data["credential"])
    except webauthn.WebAuthnError as exc:
        ratelimit.hit(request, conf.VERIFY_SCOPE, key=user.pk)
        logger.warning("event=twofactor_webauthn_failed user=%s error=%r", user.pk, str(exc)[:200])
        return _json_error(_webauthn_failed_message())
    ratelimit.reset(request, conf.VERIFY_SCOPE, key=user.pk)
    _establish_verified_session(request, device)
    logger.info(
        "event=twofactor_verified user=%s device=%s ip=%s", user.pk, device.persistent_id, client_address(request)
    )
    next_url = data.get("next") or ""
    if not (
        next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ) or next_url.startswith(reverse("twofactor:login")):
        next_url = default_destination(user)
    return JsonResponse({"ok": True, "redirect": next_url})
