"""Comments between officers on a dossier (never shown to the citizen)."""

from django.utils.translation import gettext as _

from eforms.dossiers.history import actor_label_for
from eforms.workspace.models import DossierComment
from eforms.workspace.services.base import MAX_COMMENT_LENGTH, require_text


def add_comment(dossier, author, body):
    body = require_text(body, _("nội dung trao đổi"), MAX_COMMENT_LENGTH)
    return DossierComment.objects.create(
        dossier=dossier, author=author, author_label=actor_label_for(author, default=""), body=body
    )
