"""The citizen's supplement, from the tracking page.

``/tra-cuu-ho-so/bo-sung/`` (POST): the tracking page's upload form, with
the dossier code and the look-up secret; the officer-side rule
``receive_supplement`` stores the files and resumes the clock. Never from a
staff session: an officer who posts there is refused (an officer records
what came in at the counter from the workspace, under their own name).

``/bo-sung-ho-so/<uuid>/<token>/``, the link of older messages, opens the
tracking page with the dossier code filled in: the citizen types the
look-up secret. The token alone (which officers could read in the history)
never reveals the secret nor posts a supplement.
"""

from urllib.parse import urlencode

import structlog
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from eforms.submission.forms import LookupForm
from eforms.submission.services import find_dossier
from eforms.submission.services.supplement import open_supplement
from eforms.submission.uploads import limit_uploads
from eforms.submission.views.common import rate_limited
from eforms.submission.views.tracking import NEUTRAL, render_tracking, tracking_context
from eforms.workspace.access import is_officer
from eforms.workspace.files import supplement_budget
from eforms.workspace.forms import CitizenSupplementForm
from eforms.workspace.services import TransitionError, receive_supplement, supplement_request_for_link
from eforms.workspace.views.common import form_errors

log = structlog.get_logger(__name__)
SUPPLEMENT_ANCHOR = "bo-sung"
DONE_PARAM = "da-bo-sung"


def is_staff_session(user):
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser or is_officer(user)))


def tracking_location(dossier, *, done=False):
    query = {"ma": dossier.code, "mtc": dossier.lookup_secret}
    if done:
        query[DONE_PARAM] = "1"
    return f"{reverse('eforms:track')}?{urlencode(query)}#{SUPPLEMENT_ANCHOR}"


@limit_uploads()
@require_POST
def tracking_supplement(request):
    lookup = LookupForm(request.POST)
    form = CitizenSupplementForm(request.POST)
    if is_staff_session(request.user):
        log.warning("supplement_refused_staff_session", user=request.user.get_username())
        message = _(
            "Tài khoản cán bộ không được nộp bổ sung thay công dân. Giấy tờ bổ sung chỉ được nộp bằng mã tra cứu "
            "của người nộp hồ sơ, khi không đăng nhập tài khoản cán bộ; giấy tờ nhận tại quầy được ghi nhận "
            "trong trang xử lý hồ sơ."
        )
        return render_tracking(request, tracking_context(lookup, None, error=message), status=403)
    if not lookup.is_valid():
        return render_tracking(request, tracking_context(lookup, None), status=400)
    if rate_limited(request, "lookup"):
        error = _("Ông/Bà đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
        return render_tracking(request, tracking_context(lookup, None, error=error), status=429)
    dossier = find_dossier(lookup.cleaned_data["ma"], lookup.cleaned_data["mtc"])
    if dossier is None:
        log.info("supplement_lookup_miss")
        return render_tracking(request, tracking_context(lookup, None, error=NEUTRAL), status=404)
    open_request = dossier.supplement_requests.filter(fulfilled_at__isnull=True).first()
    if open_request is None or open_supplement(dossier) is None:
        error = _("Hồ sơ %(code)s hiện không chờ bổ sung giấy tờ; không cần nộp thêm.") % {"code": dossier.code}
        return render_tracking(request, tracking_context(lookup, dossier, error=error), status=400)
    error = None
    if not form.is_valid():
        error = form_errors(form)
    else:
        try:
            receive_supplement(
                dossier, request.FILES.getlist("files"), note=form.cleaned_data["note"], supplement_request=open_request
            )
        except TransitionError as exc:
            error = exc.message
        else:
            log.info("supplement_received_online", dossier=dossier.code)
            return redirect(tracking_location(dossier, done=True))
    context = tracking_context(lookup, dossier, supplement_error=error, supplement_form=form)
    return render_tracking(request, context, status=400)


@limit_uploads(budget=supplement_budget)
@require_http_methods(["GET", "POST"])
def supplement_upload(request, uuid, token):
    """The old link: to the tracking page with the code filled in."""
    supplement_request = supplement_request_for_link(uuid, token)
    if supplement_request is None:
        log.info("supplement_link_invalid", supplement_request=str(uuid))
        return render(
            request,
            "workspace/supplement_invalid.html",
            {
                "message": _(
                    "Đường dẫn bổ sung hồ sơ không đúng hoặc không còn hiệu lực. "
                    "Vui lòng kiểm tra lại thư điện tử hoặc tin nhắn đã nhận."
                )
            },
            status=404,
        )
    code = supplement_request.dossier.code
    return redirect(f"{reverse('eforms:track')}?{urlencode({'ma': code})}#{SUPPLEMENT_ANCHOR}")
