"""The citizen's forms: claiming an earlier dossier with its code and
look-up secret (the tracking page's fields)."""

from eforms.submission.forms import LookupForm


class ClaimForm(LookupForm):
    """ "Nhận hồ sơ đã nộp": a dossier submitted without signing in, by its
    code and look-up secret."""

    def clean(self):
        cleaned = super().clean()
        for key in ("ma", "mtc"):
            if key in cleaned:
                cleaned[key] = cleaned[key].replace("\x00", "").strip()
        return cleaned
