import pytest

from eforms.lobby.models import Counter
from tests.eforms.factories import AgencyPageFactory


@pytest.fixture
def agency(home_page):
    return AgencyPageFactory(title="Sở Tư pháp")


@pytest.fixture
def counter(agency):
    return Counter.objects.create(agency=agency, number=5, name="Hộ tịch")
