import pytest
from django.core.management import call_command

from content.models import FieldIndexPage, FieldPage
from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory, ProcedurePageFactory, login, section

pytestmark = pytest.mark.django_db


def test_demo_counters_are_made_once_with_the_agencys_fields(home_page, capsys):
    agency = AgencyPageFactory(title="Sở Tư pháp", code="stp")
    field = FieldPage(title="Hộ tịch", slug="ho-tich", code="HT")
    section(FieldIndexPage, "Lĩnh vực", "linh-vuc").add_child(instance=field)
    ProcedurePageFactory(agency=agency, field=field)
    call_command("load_demo_counters")
    assert "Quầy 3: Sở Tư pháp" in capsys.readouterr().out
    call_command("load_demo_counters")
    counter = Counter.objects.get()
    assert (counter.agency, counter.number, list(counter.fields.all())) == (agency, 3, [field])


def test_administrators_manage_counters_in_the_wagtail_admin(client, counter, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri-lobby", "qt@example.vn", "Quantri@2026")
    login(client, admin)
    response = client.get("/admin/quay-tiep-nhan/")
    assert response.status_code == 200
    assert "Quầy 5" in response.content.decode()
