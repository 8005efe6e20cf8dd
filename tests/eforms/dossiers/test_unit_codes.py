"""Receiving-unit identifier codes (the start of every dossier code): one per
agency, the default a documented demo value, system checks that report a
shared code and the demo default in production."""

import json
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from content.demo_catalogue import AGENCIES_PATH
from eforms.dossiers.checks import agency_code_problems, check_agency_unit_codes
from eforms.dossiers.codes import DEMO_RECEIVING_UNIT_CODE, RECEIVING_UNIT_CODE_RE, allocate_dossier_code
from tests.deploy_check import deploy_check
from tests.eforms.factories import AgencyPageFactory

ROOT = Path(__file__).resolve().parents[3]
REAL_LOOKING = "000.00.00.H49"  # a province People's Committee, as in QCVN 102:2016 samples


def ids(messages):
    return [m.id for m in messages]


def test_default_is_the_documented_demo_value(settings):
    assert settings.PORTAL_RECEIVING_UNIT_CODE == DEMO_RECEIVING_UNIT_CODE == "000.00.00.H00"
    assert RECEIVING_UNIT_CODE_RE.match(DEMO_RECEIVING_UNIT_CODE)
    # the code published for another province's People's Committee is gone
    assert settings.PORTAL_RECEIVING_UNIT_CODE != "000.00.00.H41"


def test_demo_agencies_have_their_own_demo_codes():
    with open(AGENCIES_PATH, encoding="utf-8") as fh:
        agencies = json.load(fh)["agencies"]
    codes = [a["receiving_unit_code"] for a in agencies]
    assert len(set(codes)) == len(codes), "two demo agencies share a code"
    for code in codes:
        assert RECEIVING_UNIT_CODE_RE.match(code), code
        # H00 is no province's level-1 code (provinces are H01…): no real body has these
        assert code.endswith(".H00"), code
    assert DEMO_RECEIVING_UNIT_CODE not in codes  # the fallback stays distinct from every agency
    assert (
        agency_code_problems([(a["name"], a["receiving_unit_code"]) for a in agencies], DEMO_RECEIVING_UNIT_CODE) == []
    )


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([("Sở Tư pháp", "000.00.05.H00"), ("Sở Xây dựng", "000.00.06.H00")], []),
        ([("Sở Tư pháp", "000.00.05.H00"), ("Sở Xây dựng", "000.00.05.H00")], ["dossiers.W001"]),
        # the same code typed with other case or spaces is the same code
        ([("Sở Tư pháp", "000.00.05.h00"), ("Sở Xây dựng", " 000.00.05.H00 ")], ["dossiers.W001"]),
        ([("Sở Tư pháp", "000.00.05.H00"), ("Sở Xây dựng", "SXD-01")], ["dossiers.W002"]),
        ([("Sở Tư pháp", "000.00.05.H00"), ("Sở Xây dựng", "<b>x</b>")], ["dossiers.W002"]),
        ([("Sở Tư pháp", ""), ("Sở Xây dựng", "")], ["dossiers.W003"]),
        ([("Sở Tư pháp", ""), ("Sở Xây dựng", "000.00.05.H00")], []),
        # one without a code falls back to the default another agency has taken
        ([("Sở Tư pháp", ""), ("UBND tỉnh", "000.00.00.H00")], ["dossiers.W003"]),
    ],
)
def test_agency_code_problems(rows, expected):
    assert ids(agency_code_problems(rows, DEMO_RECEIVING_UNIT_CODE)) == expected


def test_duplicate_message_names_both_agencies():
    (problem,) = agency_code_problems(
        [("Sở Tư pháp", "000.00.05.H00"), ("UBND phường Lâm Viên", "000.00.05.H00")], DEMO_RECEIVING_UNIT_CODE
    )
    assert "000.00.05.H00" in problem.msg and "Sở Tư pháp" in problem.msg and "UBND phường Lâm Viên" in problem.msg


@pytest.mark.django_db
def test_check_reports_two_agencies_with_the_same_code(wagtail_root):
    AgencyPageFactory(title="Sở Tư pháp", receiving_unit_code="000.00.05.H00")
    AgencyPageFactory(title="Sở Xây dựng", receiving_unit_code="000.00.06.H00")
    assert check_agency_unit_codes(databases=["default"]) == []
    AgencyPageFactory(title="UBND phường Xuân Hương - Đà Lạt", receiving_unit_code="000.00.05.H00")
    problems = check_agency_unit_codes(databases=["default"])
    assert ids(problems) == ["dossiers.W001"]
    assert "UBND phường Xuân Hương - Đà Lạt" in problems[0].msg
    # the registered check runs where Django passes the databases (migrate, check --database)
    assert "dossiers.W001" in ids(run_checks(tags=["database"], databases=["default"]))
    # and never touches the database otherwise
    assert check_agency_unit_codes() == []


@pytest.mark.django_db
def test_two_agencies_sharing_a_code_still_get_distinct_dossier_codes():
    # what the warning protects: the code no longer tells the bodies apart,
    # even though the running number keeps dossier codes unique
    first = allocate_dossier_code("000.00.05.H00")
    second = allocate_dossier_code("000.00.05.H00")
    assert first != second and first.startswith("000.00.05.H00-")


@pytest.mark.every_stack
def test_demo_default_warns_only_in_the_deploy_check():
    assert "dossiers.W004" not in ids(run_checks())
    assert "dossiers.W004" in ids(run_checks(include_deployment_checks=True))
    with override_settings(PORTAL_RECEIVING_UNIT_CODE="000.00.07.H00"):  # any demo-tree code
        assert "dossiers.W004" in ids(run_checks(include_deployment_checks=True))
    with override_settings(PORTAL_RECEIVING_UNIT_CODE=REAL_LOOKING):
        assert "dossiers.W004" not in ids(run_checks(include_deployment_checks=True))


@pytest.mark.every_stack
@pytest.mark.parametrize("value", ["", "H41", "000.00.00.H4", "000.00.00.h41x", "000.00.00.H41-250701", "x" * 200])
def test_malformed_default_is_an_error(value):
    with override_settings(PORTAL_RECEIVING_UNIT_CODE=value):
        assert "dossiers.E001" in ids(run_checks())


@pytest.mark.every_stack
def test_production_deploy_check_warns_about_the_demo_default():
    result = deploy_check()
    assert result.returncode != 0
    assert "dossiers.W004" in result.stderr + result.stdout
    configured = deploy_check(PORTAL_RECEIVING_UNIT_CODE=REAL_LOOKING)
    assert configured.returncode == 0, configured.stderr + configured.stdout
    assert "dossiers.W004" not in configured.stderr + configured.stdout
