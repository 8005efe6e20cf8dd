"""The small public API of the workspace services that other modules (the
apology letter, the counter, the public pages) build on."""

import pytest
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import DossierStatusChange
from eforms.workspace import services
from eforms.workspace.counter import MAX_COPIES, check_components, counter_procedures
from eforms.workspace.stats import parse_period, public_figures

from .conftest import make_agency, make_dossier

pytestmark = pytest.mark.django_db


def test_guard_lock_and_require_text(dossier):
    with pytest.raises(services.TransitionError, match="Không thể duyệt kết quả"):
        services.guard(dossier, "approve")
    services.guard(dossier, "accept")
    assert services.lock(dossier).pk == dossier.pk
    assert services.require_text("  lý do  ", "lý do") == "lý do"
    with pytest.raises(services.TransitionError, match="Vui lòng nhập lý do"):
        services.require_text("   ", "lý do")
    with pytest.raises(services.TransitionError, match="quá dài"):
        services.require_text("x" * 11, "lý do", max_length=10)


def test_check_components(procedure):
    first, second = procedure.components.order_by("sort_order")

    def row(component, received=True, originals="1", copies="0"):
        return {"component": component, "received": received, "originals": originals, "copies": copies}

    chosen, errors = check_components([row(first), row(second, received=False)])
    assert chosen == [(first, 1, 0)] and errors == []
    chosen, errors = check_components([row(first, originals="x"), row(second, copies=str(MAX_COPIES + 1))])
    assert chosen == [] and len(errors) == 2
    assert "không hợp lệ" in errors[0] and f"từ 0 đến {MAX_COPIES}" in errors[1]
    assert check_components([row(first, originals="0", copies="0")])[1]


def test_counter_procedures_are_the_agencies_own(procedure, stp, sxd):
    assert list(counter_procedures([stp])) == [procedure]
    assert list(counter_procedures([sxd])) == []


def test_supplement_link_lookup(dossier, officer):
    services.accept(dossier, officer)
    supplement_request = services.request_supplement(dossier, officer, "Bản sao giấy khai sinh")
    token = services.supplement_token(supplement_request.uuid)
    assert services.supplement_request_for_link(supplement_request.uuid, token) == supplement_request
    assert (
        services.supplement_request_for_link(supplement_request.uuid, token[:-1] + ("1" if token[-1] == "0" else "0"))
        is None
    )
    found = services.supplement_request_for_link(supplement_request.uuid, token)
    assert not services.link_is_spent(found)
    services.reject(dossier, officer, "Hồ sơ không hợp lệ")
    assert services.link_is_spent(services.supplement_request_for_link(supplement_request.uuid, token))
    dossier.refresh_from_db()
    assert dossier.status == S.STOPPED


def _accepted(dossier):
    """Received means accepted (a history row to status 2) in the statistics."""
    DossierStatusChange.objects.create(
        dossier=dossier, from_status=S.NEW, to_status=S.ACCEPTED, actor_label="Cán bộ", created_at=timezone.now()
    )
    return dossier


def test_public_figures_are_cached(procedure, django_assert_num_queries):
    _accepted(make_dossier(procedure))
    assert parse_period("nam") == "nam" and parse_period("bogus") == "thang"
    rows, total, _bounds = public_figures("thang")
    assert total.received == 1
    _accepted(make_dossier(procedure))
    with django_assert_num_queries(0):
        assert public_figures("thang")[1].received == 1


def test_unrelated_agency_has_no_counter_procedures(db):
    assert list(counter_procedures([make_agency("sct", "Sở Công Thương")])) == []
