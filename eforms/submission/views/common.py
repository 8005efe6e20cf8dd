"""Helpers shared by the public views: error pages, rate limits, the
procedure, the session's drafts, the dossier behind a confirmation link and
the progress indicator."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from content.constants import OnlineLevel
from content.models import ProcedurePage
from eforms.submission.services import dossier_by_link, find_draft
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
        _("Ông/Bà thao tác quá nhanh"),
        _("Ông/Bà đã gửi quá nhiều yêu cầu trong một thời gian ngắn. Vui lòng chờ ít phút rồi thử lại."),
        status=429,
    )


def rate_limited(request, scope):
    return ratelimit.hit(request, scope)


def find_procedure(request, code):
    """``(procedure, None)`` or ``(None, error response)``."""
    # a NUL byte is no code (PostgreSQL refuses it in a query: a 500 otherwise)
    procedure = (
        None if "\x00" in code else ProcedurePage.objects.live().filter(code=code).select_related("agency").first()
    )
    if procedure is None:
        return None, unavailable(
            request,
            _("Không tìm thấy thủ tục"),
            _(
                "Không có thủ tục hành chính đang được công bố với mã “%(code)s”. Thủ tục có thể chưa được công bố "
                "hoặc đã bị bãi bỏ. Vui lòng tìm lại trong danh mục thủ tục hành chính."
            )
            % {"code": code[:40]},
            status=404,
        )
    if procedure.online_level not in (OnlineLevel.PARTIAL, OnlineLevel.FULL):
        return None, unavailable(
            request,
            _("Thủ tục chưa hỗ trợ nộp hồ sơ trực tuyến"),
            _(
                "Thủ tục “%(title)s” hiện chỉ cung cấp thông tin; chưa nhận hồ sơ trực tuyến. Vui lòng nộp hồ sơ "
                "trực tiếp hoặc qua dịch vụ bưu chính công ích tại: %(where)s."
            )
            % {
                "title": procedure.title,
                "where": procedure.receiving_address
                or (procedure.agency.address if procedure.agency else "")
                or _("cơ quan thực hiện"),
            },
            status=400,
            procedure=procedure,
        )
    return procedure, None


# --- the session's drafts ---------------------------------------------------


def session_drafts(request):
    return request.session.get(SESSION_DRAFTS, [])


def remember_draft(request, draft):
    drafts = list(session_drafts(request))
    key = str(draft.uuid)
    if key not in drafts:
        drafts.append(key)
    request.session[SESSION_DRAFTS] = drafts[-20:]


def session_has_draft(request, draft):
    return str(draft.uuid) in session_drafts(request)


def draft_or_error(request, procedure, draft_uuid):
    """``(draft, None)`` for a draft of this session, else ``(None, 404)``."""
    draft = find_draft(procedure, draft_uuid)
    if draft is None or not session_has_draft(request, draft):
        return None, unavailable(
            request,
            _("Không tìm thấy hồ sơ đang soạn"),
            _(
                "Hồ sơ đang soạn không tồn tại hoặc không thuộc phiên làm việc này. Nếu đã lưu hồ sơ, hãy mở "
                "đường dẫn tiếp tục đã được gửi đến Ông/Bà qua thư điện tử hoặc tin nhắn SMS."
            ),
            status=404,
        )
    return draft, None


def draft_page(request, code, draft_uuid, *, while_open=True):
    """The preamble of a draft's pages: ``(procedure, draft, None)`` or
    ``(None, None, response)``; with ``while_open``, a draft already
    submitted sends the citizen to its confirmation."""
    procedure, error = find_procedure(request, code)
    if error:
        return None, None, error
    draft, error = draft_or_error(request, procedure, draft_uuid)
    if error:
        return None, None, error
    if while_open and draft.dossier_id:
        return None, None, redirect(confirmation_url(draft.dossier))
    return procedure, draft, None


# --- a submitted dossier ----------------------------------------------------


def confirmation_url(dossier):
    return reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret])


def dossier_or_404(request, dossier_uuid, secret):
    """``(dossier, None)`` for a right link, else ``(None, 404)``."""
    dossier = dossier_by_link(dossier_uuid, secret)
    if dossier is None:
        return None, unavailable(
            request, _("Không tìm thấy hồ sơ"), _("Đường dẫn không đúng hoặc hồ sơ không tồn tại."), status=404
        )
    return dossier, None


# --- progress indicator -----------------------------------------------------


def steps_of(draft):
    return draft.form_version.schema["steps"]


def progress(draft, current):
    """The steps, then "Xem lại và nộp"; ``current`` is a number or "review"."""
    done = set(draft.completed_steps or [])
    items = [
        {
            "number": index,
            "title": _(step["title"]),
            "url": reverse("eforms:step", args=[draft.procedure.code, draft.uuid, index]),
            "current": index == current,
            "done": step["key"] in done,
        }
        for index, step in enumerate(steps_of(draft), start=1)
    ]
    items.append(
        {
            "number": len(items) + 1,
            "title": _("Xem lại và nộp"),
            "url": reverse("eforms:review", args=[draft.procedure.code, draft.uuid]),
            "current": current == "review",
            "done": False,
        }
    )
    return items
