import pytest

from content.models import FieldIndexPage, FieldPage
from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory, OfficerFactory, login, section


@pytest.fixture
def agency(home_page):
    return AgencyPageFactory(title="Sở Tư pháp")


@pytest.fixture
def other_agency(home_page):
    return AgencyPageFactory(title="Sở Xây dựng")


@pytest.fixture
def field(home_page):
    index = section(FieldIndexPage, "Lĩnh vực", "linh-vuc")
    page = FieldPage(title="Hộ tịch", slug="ho-tich", code="HT")
    index.add_child(instance=page)
    return page


@pytest.fixture
def counter(agency):
    return Counter.objects.create(agency=agency, number=5, name="Hộ tịch")


@pytest.fixture
def officer(agency):
    return OfficerFactory(agency=agency, two_factor=True)


@pytest.fixture
def officer_client(client, officer):
    return login(client, officer)
