"""Citizen sign-in (``/dang-nhap/``), its return from the identity provider,
sign-out, and "Hồ sơ của tôi" (``/ca-nhan/ho-so/``). Thin: the rules are in
``oidc``, ``services``, ``session`` and ``mine``."""

import structlog
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eforms.citizens import mine
from eforms.citizens.forms import ClaimForm
from eforms.citizens.messages import sign_in_message
from eforms.citizens.oidc import SignInError, authorization_redirect, complete, configured
from eforms.citizens.services import citizen_from_claims
from eforms.citizens.session import SESSION_NEXT, current_citizen, sign_in, sign_out
from portal import ratelimit

log = structlog.get_logger(__name__)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _safe_next(request, value):
    value = (value or "").replace("\x00", "")[:500]
    local = value.startswith("/") and not value.startswith("//")
    if local and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return value
    return reverse("citizens:mine")


def _staff_refusal(request):
    return _private(
        render(
            request,
            "citizens/error.html",
            {
                "title": _("Đang đăng nhập tài khoản cán bộ"),
                "message": _(
                    "Trình duyệt này đang đăng nhập tài khoản cán bộ. Thông tin của công dân không hiển thị trong "
                    "phiên làm việc của cán bộ; vui lòng đăng xuất tài khoản cán bộ trước."
                ),
            },
            status=403,
        )
    )


@require_http_methods(["GET", "POST"])
def sign_in_view(request):
    """The sign-in page; its button goes to the identity provider."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        request.session[SESSION_NEXT] = next_url
        redirect_uri = request.build_absolute_uri(reverse("citizens:callback"))
        try:
            return authorization_redirect(request, redirect_uri)
        except SignInError as error:
            return _failed(request, error)
    citizen = current_citizen(request)
    return _private(
        render(
            request,
            "citizens/sign_in.html",
            {"next": next_url, "citizen": citizen, "configured": configured()},
        )
    )


@require_GET
def callback(request):
    """The identity provider sends the citizen back here with a code."""
    if ratelimit.hit(request, "citizen_sign_in"):
        return _failed(request, SignInError("rate_limited"), status=429)
    try:
        result = complete(request)
        citizen = citizen_from_claims(result.claims, result.issuer)
    except SignInError as error:
        return _failed(request, error)
    next_url = request.session.pop(SESSION_NEXT, None)
    sign_in(request, citizen)
    return redirect(_safe_next(request, next_url))


def _failed(request, error, status=400):
    log.warning("citizen_sign_in_failed", reason=error.code, detail=error.detail)
    title, message = sign_in_message(error.code)
    context = {"title": title, "message": message, "retry": True, "next": request.session.get(SESSION_NEXT, "")}
    return _private(render(request, "citizens/error.html", context, status=status))


@require_POST
def sign_out_view(request):
    sign_out(request)
    return redirect("/")


@require_http_methods(["GET", "POST"])
def mine_view(request):
    if request.user.is_authenticated:
        return _staff_refusal(request)
    citizen = current_citizen(request)
    if citizen is None:
        return redirect(f"{reverse('citizens:sign_in')}?next={request.path}")
    claim_form = ClaimForm(request.POST if request.method == "POST" else None)
    claimed = None
    status = 200
    if request.method == "POST":
        if ratelimit.blocked(request, "citizen_claim", key=citizen.pk):
            claimed = mine.ClaimResult(False, _("Ông/Bà đã nhập sai quá nhiều lần. Vui lòng thử lại sau một giờ."))
            status = 429
        elif claim_form.is_valid():
            claimed = mine.claim(citizen, claim_form.cleaned_data["ma"], claim_form.cleaned_data["mtc"])
            if not claimed.ok:
                ratelimit.hit(request, "citizen_claim", key=citizen.pk)
                status = 400
            else:
                claim_form = ClaimForm()
        else:
            status = 400
    context = {
        "citizen": citizen,
        "drafts": mine.drafts_of(citizen),
        "dossiers": [mine.summary(dossier) for dossier in mine.dossiers_of(citizen)],
        "claim_form": claim_form,
        "claimed": claimed,
    }
    return _private(render(request, "citizens/mine.html", context, status=status))


@require_GET
def dossier_view(request, dossier_uuid):
    if request.user.is_authenticated:
        return _staff_refusal(request)
    citizen = current_citizen(request)
    if citizen is None:
        return redirect(f"{reverse('citizens:sign_in')}?next={request.path}")
    dossier = mine.dossier_of(citizen, dossier_uuid)
    if dossier is None:
        log.warning("citizen_dossier_refused", citizen=str(citizen.uuid), dossier=str(dossier_uuid))
        raise Http404(_("Không tìm thấy hồ sơ trong danh sách của Ông/Bà."))
    context = {"citizen": citizen, "item": mine.summary(dossier), "history": dossier.history.order_by("created_at")}
    return _private(render(request, "citizens/dossier.html", context))
