"""``/tra-cuu-ho-so/``: status look-up by dossier code + look-up secret.

An unknown code and a wrong secret get the same neutral message; both the
page and the API are rate-limited per client.
"""
import logging

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import Dossier
from eforms.submission.views.common import rate_limited, secret_matches

logger = logging.getLogger("eforms.tracking")
NEUTRAL = gettext_lazy(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập. Vui lòng kiểm tra lại hai mã in trên giấy tiếp nhận."
)


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã hồ sơ"),
        max_length=40,
        error_messages={"required": gettext_lazy("Vui lòng nhập mã hồ sơ.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    mtc = forms.CharField(
        label=gettext_lazy("Mã tra cứu"),
        max_length=16,
        help_text=gettext_lazy("8 ký tự in trên giấy tiếp nhận hồ sơ, cạnh mã QR."),
        error_messages={"required": gettext_lazy("Vui lòng nhập mã tra cứu.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


def find_dossier(code, secret):
    dossier = Dossier.objects.filter(code=(code or "").strip().upper()).select_related("procedure", "agency").first()
    if dossier is None or not secret_matches(secret, dossier.lookup_secret):
        return None
    return dossier


def public_history(dossier):
    return [
        {"status": change.to_status, "label": DossierStatus(change.to_status).label, "at": change.created_at}
        for change in dossier.history.all()
    ]


@require_GET
def track(request):
    form = LookupForm(request.GET or None)
    dossier = None
    error = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        if rate_limited(request, "lookup"):
            error, status = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."), 429
        else:
            dossier = find_dossier(form.cleaned_data["ma"], form.cleaned_data["mtc"])
            if dossier is None:
                error, status = NEUTRAL, 404
                logger.info("event=lookup_miss")
    response = render(
        request,
        "eforms/track.html",
        {
            "form": form,
            "dossier": dossier,
            "history": public_history(dossier) if dossier else [],
            "error": error,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response
