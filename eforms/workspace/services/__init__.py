"""The officer workspace's services: the dossier workflow, supplements,
results and comments. Callers import from here; the modules split the work
by responsibility."""

from eforms.workspace.services.base import (
    ACTION_LABELS,
    ALLOWED_FROM,
    MAX_COMMENT_LENGTH,
    MAX_REASON_LENGTH,
    TransitionError,
    allowed_actions,
    guard,
    lock,
    record,
    require_text,
    short_note,
    supplement_overdue,
)
from eforms.workspace.services.comments import add_comment
from eforms.workspace.services.results import ReturnMethod, mark_returned, upload_result
from eforms.workspace.services.steps import complete_step
from eforms.workspace.services.supplements import (
    check_supplement_token,
    link_is_spent,
    receive_supplement,
    request_supplement,
    supplement_request_for_link,
    supplement_token,
    supplement_upload_path,
    supplement_upload_url,
)
from eforms.workspace.services.transitions import (
    accept,
    approve,
    confirm_payment,
    forward,
    refuse,
    reject,
    request_payment,
    start,
    withdraw,
)

__all__ = [
    "ACTION_LABELS",
    "ALLOWED_FROM",
    "MAX_COMMENT_LENGTH",
    "MAX_REASON_LENGTH",
    "ReturnMethod",
    "TransitionError",
    "accept",
    "add_comment",
    "allowed_actions",
    "approve",
    "check_supplement_token",
    "complete_step",
    "confirm_payment",
    "forward",
    "guard",
    "link_is_spent",
    "lock",
    "mark_returned",
    "receive_supplement",
    "record",
    "refuse",
    "reject",
    "request_payment",
    "request_supplement",
    "require_text",
    "short_note",
    "start",
    "supplement_overdue",
    "supplement_request_for_link",
    "supplement_token",
    "supplement_upload_path",
    "supplement_upload_url",
    "upload_result",
    "withdraw",
]
