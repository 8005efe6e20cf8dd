"""Helpers shared by the public views."""
import secrets

from django.shortcuts import render
from django.utils.translation import gettext as _

from content.constants import OnlineLevel
from content.models import ProcedurePage
from portal import ratelimit

SESSION_DRAFTS = "eforms_drafts"


def unavailable(request, title, message, status=404, procedure=None):
    return render(
        request,
        "eforms/unavailable.html",
        {"title": title, "message": message, "procedure": procedure},
        status=status,
    )


def too_many(request):
    return unavailable(
        request,
        _("Bạn thao tác quá nhanh"),
        _("Bạn đã gửi quá nhiều yêu cầu trong một thời gian ngắn. Vui lòng chờ ít phút rồi thử lại."),
        status=429,
    )


def rate_limited(request, scope):
    return ratelimit.hit(request, scope)


def find_procedure(request, code):
    """``(procedure, None)`` or ``(None, error response)``."""
    procedure = ProcedurePage.objects.live().filter(code=code).select_related("agency").first()
    if procedure is None:
        return None, unavailable(
            request,
            _("Không tìm thấy thủ tục"),
            _("Không có thủ tục hành chính đang được công bố với mã “%(code)s”. Thủ tục có thể chưa được công bố "
              "hoặc đã bị bãi bỏ. Vui lòng tìm lại trong danh mục thủ tục hành chính.") % {"code": code[:40]},
            status=404,
        )
    if procedure.online_level not in (OnlineLevel.PARTIAL, OnlineLevel.FULL):
        return None, unavailable(
            request,
            _("Thủ tục chưa hỗ trợ nộp hồ sơ trực tuyến"),
            _("Thủ tục “%(title)s” hiện chỉ cung cấp thông tin; chưa nhận hồ sơ trực tuyến. Vui lòng nộp hồ sơ "
              "trực tiếp hoặc qua dịch vụ bưu chính công ích tại: %(where)s.")
            % {
                "title": procedure.title,
                "where": procedure.receiving_address or (procedure.agency.address if procedure.agency else "")
                or _("cơ quan thực hiện"),
            },
            status=400,
            procedure=procedure,
        )
    return procedure, None


def remember_draft(request, draft):
    drafts = list(request.session.get(SESSION_DRAFTS, []))
    key = str(draft.uuid)
    if key not in drafts:
        drafts.append(key)
    request.session[SESSION_DRAFTS] = drafts[-20:]


def session_has_draft(request, draft):
    return str(draft.uuid) in request.session.get(SESSION_DRAFTS, [])


def secret_matches(given, expected):
    from eforms.dossiers.codes import normalize_lookup_secret

    return bool(given) and secrets.compare_digest(normalize_lookup_secret(given), expected or "")
