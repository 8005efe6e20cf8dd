"""What the internal process changes in the reports: Mẫu 06 (Phiếu kiểm
soát quá trình giải quyết hồ sơ) has one row per step with its hand-over,
time and verdict against the step's deadline; the statistics attribute a
dossier to every officer who wrote its history (steps included), not to the
current assignee, and reconcile with a recount from the history rows.
``MAU05_PNG_DIR=/tmp/mau05`` keeps a PNG of the rendered sheet."""

import datetime as dt
import os
from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.deadlines import compute_due_at
from eforms.dossiers.documents.control import control_pdf
from eforms.dossiers.models import DossierStatusChange
from eforms.processes.documents import control_handovers
from eforms.processes.services import read_steps, start_steps
from eforms.workspace.stats import build
from eforms.workspace.stats.periods import month_period

from ..factories import DossierFactory
from .conftest import login, make_officer
from .test_internal_process import FOUR, define, local
from .test_stats_categories import as_counter, balanced, recount

pytestmark = pytest.mark.django_db


def pdf_text(data, name=None):
    pdf = pdfium.PdfDocument(data)
    out = os.environ.get("MAU05_PNG_DIR")
    if out and name:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, f"{name}.pdf"), "wb") as handle:
            handle.write(data)
        for index, page in enumerate(pdf):
            page.render(scale=2).to_pil().save(os.path.join(out, f"{name}-{index + 1}.png"))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    return " ".join(text.replace("\r\n", "\n").replace("\ufffe", "").replace("\x02", "").split())


def row(dossier, to_status, at, actor=None, note=""):
    previous = dossier.history.order_by("created_at", "id").last()
    return DossierStatusChange.objects.create(
        dossier=dossier,
        from_status=previous.to_status if previous else None,
        to_status=to_status,
        actor=actor,
        actor_label=actor.get_full_name() if actor else "Công dân",
        note=note,
        created_at=at,
    )


def complete(dossier, number, at, user, note=""):
    step = dossier.steps.get(number=number)
    step.completed_at, step.completed_by, step.completed_by_label, step.note = at, user, user.get_full_name(), note
    step.save()
    following = dossier.steps.filter(number=number + 1).first()
    if following:
        following.started_at = at
        following.save()
    row(dossier, dossier.status, at, user, note=f"Hoàn thành bước {number}")


@pytest.fixture
def walked(procedure, officer, stp):
    """A 4-step dossier accepted Monday 2/11/2026 08:00, 10 working days
    (steps due 3/11 08:00, 11/11 08:00, 13/11 08:00, 16/11 08:00): step 1
    early, step 2 late, steps 3 and 4 on time, the last by a leader."""
    define(procedure, FOUR)
    leader = make_officer("lanhdao-stp", stp, role="leader")
    leader.first_name, leader.last_name = "Phạm Quốc", "Bảo"
    leader.save()
    officer.first_name, officer.last_name = "Nguyễn Thị", "Thư"
    officer.save()
    accepted = local(2026, 11, 2, 8)
    dossier = DossierFactory(
        procedure=procedure,
        received_at=accepted,
        accepted_at=accepted,
        processing_days=Decimal(10),
        due_at=compute_due_at(accepted, Decimal(10)),
        status=S.NEW,
        applicant_name="Trần Thị Bình",
    )
    row(dossier, S.NEW, accepted - dt.timedelta(hours=1))
    row(dossier, S.ACCEPTED, accepted, officer)
    dossier.status = S.PROCESSING
    dossier.save()
    row(dossier, S.PROCESSING, accepted, officer)
    start_steps(dossier)
    complete(dossier, 1, local(2026, 11, 2, 15), officer, "Hồ sơ đủ thành phần")  # early (due 3/11)
    complete(dossier, 2, local(2026, 11, 11, 14), officer, "Xác minh thêm tại địa phương")  # late (due 11/11 08:00)
    complete(dossier, 3, local(2026, 11, 13, 7, 30), leader)  # on time (due 13/11 08:00)
    dossier.status, dossier.completed_at = S.COMPLETED, local(2026, 11, 16, 7, 45)
    dossier.save()
    row(dossier, S.COMPLETED, dossier.completed_at, leader)
    complete(dossier, 4, local(2026, 11, 16, 7, 50), leader)  # on time (due 16/11 08:00)
    return dossier, officer, leader


def test_step_deadlines_and_verdicts(walked):
    dossier, _officer, _leader = walked
    views = read_steps(dossier, now=local(2026, 11, 20, 9))
    assert [v.due_at for v in views] == [
        local(2026, 11, 3, 8),
        local(2026, 11, 11, 8),
        local(2026, 11, 13, 8),
        local(2026, 11, 16, 8),
    ]
    assert [v.verdict for v in views] == ["early", "late", "on_time", "on_time"]


def test_mau_05_has_every_step_with_its_verdict(walked):
    dossier, _officer, _leader = walked
    text = pdf_text(control_pdf(dossier, control_handovers(dossier)), "mau05-quy-trinh-4-buoc")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    for heading in ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "GHI CHÚ"):
        assert heading in text
    for number, (name, _role, _share) in enumerate(FOUR, start=1):
        assert f"bước {number}: {name}" in text, name
    assert text.count("Trước hạn") >= 2  # the heading's "(Trước hạn/đúng hạn/quá hạn)" and step 1
    assert "Quá hạn" in text and text.count("Đúng hạn") == 2
    assert "Người giao: Nguyễn Thị Thư" in text and "Người nhận: Phạm Quốc Bảo" in text
    assert "15 giờ 00 phút, ngày 02/11/2026" in text and "Hạn bước: 11/11/2026 08:00" in text
    assert "Xác minh thêm tại địa phương" in text and "Ông/Bà Trần Thị Bình (nhận kết quả)" in text


def test_mau_05_of_an_unfinished_process_leaves_the_rest_to_fill(procedure, officer, walked):
    dossier, _officer, _leader = walked
    dossier.steps.filter(number__gte=3).update(completed_at=None, completed_by=None, completed_by_label="")
    dossier.status = S.PROCESSING
    dossier.save()
    text = pdf_text(control_pdf(dossier, control_handovers(dossier)))
    assert "bước 3: Trình ký / phê duyệt" in text and "…… giờ …… phút" in text


def test_the_officers_download_is_filled_from_the_steps(walked, client):
    dossier, officer, _leader = walked
    from ..factories import deliver

    deliver(dossier)
    response = login(client, officer).get(f"/can-bo/ho-so/{dossier.uuid}/bieu-mau/phieu-kiem-soat.pdf")
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "bước 2: Thẩm định, xử lý" in text and "Quá hạn" in text


def test_statistics_attribute_each_officer_who_handled_a_step(walked, stp):
    dossier, officer, leader = walked
    # the assignee never touched it: the current assignee is not who handled it
    bystander = make_officer("canbo-chua-xu-ly", stp)
    type(dossier).objects.filter(pk=dossier.pk).update(assigned_officer=bystander)
    period = month_period(2026, 11)
    now = local(2026, 12, 1, 9)
    board = build(period, now=now)
    rows, total = board.tables["officer"]
    by_key = {r.key: r for r in rows}
    assert set(by_key) == {officer.pk, leader.pk}
    everyone = type(dossier).objects.all()
    for user in (officer, leader):
        handled = everyone.filter(history__actor=user, history__created_at__lt=period.end).distinct()
        assert as_counter(by_key[user.pk]) == recount(handled, period.start, period.end, now)
        assert balanced(by_key[user.pk])
    assert as_counter(total) == recount(everyone, period.start, period.end, now)
    assert by_key[leader.pk].on_time == 1 and total.on_time == 1
    # a leader who only completed steps 3 and 4 counts it; so does the officer of steps 1 and 2
    assert by_key[officer.pk].received == by_key[leader.pk].received == total.received == 1
