# ruff: noqa: F811 — the workspace fixtures are imported to be used as fixtures
"""Two agencies (Sở Tư pháp with its officer and leader, Sở Xây dựng with
its own), a procedure and a dossier of Sở Tư pháp, fresh rate-limit
counters, e-mail in memory and Celery eager, so the receipt and the answer
land in ``mail.outbox`` and the sandbox SMS files."""

import pytest
from django.core.cache import caches

from eforms.feedback import services
from eforms.feedback.constants import FeedbackKind

from ..workspace.conftest import (  # noqa: F401
    _mail_locmem,
    dossier,
    make_officer,
    officer,
    other_officer,
    procedure,
    stp,
    sxd,
)

URL = "/phan-anh-kien-nghi/"


@pytest.fixture(autouse=True)
def _fresh_caches():
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def leader(stp):
    return make_officer("lanhdao-stp", stp, role="leader")


@pytest.fixture
def other_leader(sxd):
    return make_officer("lanhdao-sxd", sxd, role="leader")


GOOD = {
    "kind": FeedbackKind.HANDLING,
    "subject": "Hồ sơ kết hôn bị yêu cầu nộp thêm giấy tờ",
    "content": (
        "Tôi là Nguyễn Văn An, số điện thoại 0912345678, bị yêu cầu nộp bản sao sổ hộ khẩu không có trong quy định."
    ),
    "name": "Nguyễn Văn An",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "12 Trần Phú, phường Xuân Hương - Đà Lạt",
    "consent": "on",
    "website": "",
}


def post(client, lang="", **changes):
    data = {**GOOD, **changes}
    return client.post(URL + (f"?lang={lang}" if lang else ""), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def make_item(stp, django_capture_on_commit_callbacks):
    def make(agency=None, **fields):
        contact = {k: fields.pop(k, GOOD[k]) for k in ("name", "phone", "email", "address")}
        contact["consent"] = fields.pop("consent", True)
        with django_capture_on_commit_callbacks(execute=True):
            return services.submit(
                kind=fields.pop("kind", FeedbackKind.HANDLING),
                subject=fields.pop("subject", GOOD["subject"]),
                content=fields.pop("content", GOOD["content"]),
                agency=agency or stp,
                contact=contact,
                **fields,
            )

    return make
