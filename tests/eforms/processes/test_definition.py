"""Editors define a procedure's internal process: ordered steps, each with
an officer role of the workspace and its share of the time limit. Bad
definitions get a clear Vietnamese error (English with ?lang=en for the
admin), nothing is saved; a good one is a snippet with revisions."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from eforms.processes.models import InternalProcess
from eforms.processes.roles import StepRole
from eforms.processes.validation import StepSpec, check_process, check_steps, fractions
from eforms.workspace.models import OfficerRole
from tests.eforms.factories import ProcedurePageFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/snippets/eforms/internalprocess/add/"


def specs(*rows):
    return [StepSpec(name, role, share) for name, role, share in rows]


FOUR = specs(
    ("Tiếp nhận hồ sơ", "officer", 10),
    ("Thẩm định, xử lý", "officer", 60),
    ("Trình ký", "leader", 20),
    ("Ký duyệt", "leader", 10),
)


def test_step_roles_are_the_workspace_roles():
    assert StepRole.choices == OfficerRole.choices


def test_a_process_whose_shares_make_the_whole_time_limit_is_valid():
    assert check_steps(FOUR, "percent") == []
    hours = specs(("Tiếp nhận", "officer", 4), ("Xử lý", "officer", "16.5"), ("Ký duyệt", "leader", "3.5"))
    assert check_steps(hours, "hours", Decimal(3)) == []  # 3 working days = 24 working hours


def test_shares_that_do_not_sum_to_the_whole_are_refused():
    short = specs(("Tiếp nhận", "officer", 10), ("Xử lý", "officer", 80))
    assert check_steps(short, "percent") == ["Tổng thời gian các bước là 90%; phải bằng 100% thời hạn giải quyết."]
    hours = specs(("Tiếp nhận", "officer", 4), ("Xử lý", "officer", 16))
    assert check_steps(hours, "hours", Decimal(3)) == [
        "Tổng thời gian các bước là 20 giờ làm việc; phải bằng thời hạn giải quyết của thủ tục: "
        "24 giờ làm việc (3 ngày làm việc)."
    ]
    assert check_steps(hours, "hours", Decimal("2.5")) == []  # 2,5 days = 20 hours
    (half,) = check_steps(specs(("Xử lý", "officer", 22)), "hours", Decimal("2.5"))
    assert half.endswith("20 giờ làm việc (2,5 ngày làm việc).")


def test_hours_need_a_published_time_limit_in_days():
    for days in (None, Decimal(0)):
        (message,) = check_steps(specs(("Xử lý", "officer", 8)), "hours", days)
        assert "hãy chia thời gian theo phần trăm" in message


def test_empty_process_unknown_role_and_bad_shares_are_refused():
    assert check_steps([], "percent") == ["Quy trình nội bộ phải có ít nhất một bước xử lý."]
    errors = check_steps(specs(("Xử lý", "giamdoc", 50), ("Ký", "leader", 0), ("Trả", "officer", "abc")), "percent")
    assert errors == [
        "Bước 1: vai trò “giamdoc” không có trong không gian làm việc của cán bộ (chọn: Cán bộ xử lý, Lãnh đạo).",
        "Bước 2: thời gian của bước phải là một số lớn hơn 0.",
        "Bước 3: thời gian của bước phải là một số lớn hơn 0.",
    ]
    assert check_steps(specs(("Xử lý", "officer", "NaN")), "percent") == [
        "Bước 1: thời gian của bước phải là một số lớn hơn 0."
    ]
    assert check_steps(specs(("Xử lý", "officer", -100), ("Ký", "leader", 200)), "percent")[0].startswith("Bước 1")
    assert check_steps(FOUR, "weeks") == ["Cách chia thời hạn không hợp lệ."]


@pytest.mark.parametrize(
    "name",
    ["<script>alert(1)</script>", "Xử lý\x00hồ sơ", "Ký <b>duyệt</b>", "  ", "x" * 201, "Bước\x1bđiều khiển"],
)
def test_hostile_step_names_are_refused(name):
    (message,) = check_steps(specs((name, "officer", 100)), "percent")
    assert message.startswith("Bước 1: ")


def test_too_many_steps_are_refused():
    many = specs(*[(f"Bước {i}", "officer", 1) for i in range(21)])
    assert "tối đa 20 bước" in check_steps(many, "percent")[0]


def test_the_procedure_time_limit_is_the_published_one():
    procedure = ProcedurePageFactory(processing_days=Decimal(3))
    assert check_process(procedure, specs(("Xử lý", "officer", 24)), "hours") == []
    assert check_process(procedure, specs(("Xử lý", "officer", 40)), "hours") != []


def test_fractions_sum_to_one():
    shares = fractions([8, 8, 8])
    assert sum(shares) == 1 and shares[0] == Decimal("0.333333")


def test_english_messages():
    with translation.override("en"):
        (message,) = check_steps([], "percent")
    assert message == "The internal process needs at least one step."


# --- the Wagtail admin ---------------------------------------------------------------


@pytest.fixture
def admin_client(client, settings):
    settings.TWOFACTOR_PROTECTED_PATHS = ()
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-123")
    client.force_login(user)
    return client


def _post(procedure, rows, unit="percent", publish=True):
    data = {
        "procedure": procedure.pk,
        "share_unit": unit,
        "note": "",
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, (name, role, share) in enumerate(rows):
        data.update(
            {
                f"steps-{index}-name": name,
                f"steps-{index}-role": role,
                f"steps-{index}-share": str(share),
                f"steps-{index}-ORDER": str(index + 1),
                f"steps-{index}-id": "",
                f"steps-{index}-DELETE": "",
            }
        )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def test_admin_listing_and_add_page_load(admin_client):
    ProcedurePageFactory()
    assert admin_client.get("/admin/snippets/eforms/internalprocess/").status_code == 200
    assert admin_client.get("/admin/snippets/eforms/internalprocess/?q=kết+hôn").status_code == 200
    assert admin_client.get(ADD_URL).status_code == 200


def test_admin_refuses_shares_that_do_not_sum(admin_client):
    procedure = ProcedurePageFactory(processing_days=Decimal(5))
    response = admin_client.post(ADD_URL, _post(procedure, [("Tiếp nhận", "officer", 10), ("Xử lý", "officer", 50)]))
    assert response.status_code == 200
    assert "Tổng thời gian các bước là 60%; phải bằng 100% thời hạn giải quyết." in response.content.decode()
    assert not InternalProcess.objects.exists()


def test_admin_refuses_an_unknown_role_and_a_script_name(admin_client):
    procedure = ProcedurePageFactory(processing_days=Decimal(5))
    rows = [("<script>alert(1)</script>", "officer", 50), ("Ký duyệt", "giamdoc", 50)]
    response = admin_client.post(ADD_URL, _post(procedure, rows))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in body
    assert not InternalProcess.objects.exists()


def test_admin_refuses_a_process_without_steps(admin_client):
    procedure = ProcedurePageFactory(processing_days=Decimal(5))
    response = admin_client.post(ADD_URL, _post(procedure, []))
    assert response.status_code == 200
    assert not InternalProcess.objects.exists()


def test_admin_publishes_a_valid_process_with_a_revision(admin_client):
    procedure = ProcedurePageFactory(processing_days=Decimal(3))
    rows = [("Tiếp nhận hồ sơ", "officer", 4), ("Thẩm định", "officer", 12), ("Ký duyệt", "leader", 8)]
    response = admin_client.post(ADD_URL, _post(procedure, rows, unit="hours"))
    assert response.status_code == 302, response.content.decode()[:3000]
    process = InternalProcess.objects.get(procedure=procedure)
    assert process.live and process.live_revision is not None
    assert [(s.name, s.role, s.share) for s in process.steps.order_by("sort_order")] == [
        ("Tiếp nhận hồ sơ", "officer", Decimal(4)),
        ("Thẩm định", "officer", Decimal(12)),
        ("Ký duyệt", "leader", Decimal(8)),
    ]


@pytest.mark.parametrize(
    "rows",
    [
        [("Xử lý\x00hồ sơ", "officer", 100)],
        [("Xử lý", "officer", "1e400")],
        [("Xử lý", "officer", "99999999999")],
        [("Xử lý", "officer", "")],
        [("x" * 5000, "officer", 100)],
        [("Xử lý", "", 100)],
    ],
)
def test_admin_hostile_and_missing_input_is_refused_without_500(admin_client, rows):
    procedure = ProcedurePageFactory(processing_days=Decimal(5))
    response = admin_client.post(ADD_URL, _post(procedure, rows))
    assert response.status_code == 200
    assert not InternalProcess.objects.exists()


def test_admin_keeps_a_draft_and_its_revisions(admin_client):
    procedure = ProcedurePageFactory(processing_days=Decimal(5))
    response = admin_client.post(ADD_URL, _post(procedure, [("Xử lý", "officer", 100)], publish=False))
    assert response.status_code == 302
    process = InternalProcess.objects.get(procedure=procedure)
    assert not process.live and process.latest_revision is not None
