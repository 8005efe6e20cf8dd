"""The citizen's forms: claiming an earlier dossier with its code and
look-up secret (the tracking page's fields)."""

from django.utils.translation import gettext_lazy as _

from eforms.submission.forms import LookupForm


class ClaimForm(LookupForm):
    """ "Nhận hồ sơ đã nộp": a dossier submitted without signing in, by its
    code and look-up secret."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = _("Nội dung có ký tự không hợp lệ.")
            field.error_messages["max_length"] = _("Nội dung quá dài.")
