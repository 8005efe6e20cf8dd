import pytest

from .helpers import make_agency, make_dossier, make_procedure


@pytest.fixture
def agency(db):
    return make_agency("stp", "Sở Tư pháp", email="stp@lamdong.gov.vn")


@pytest.fixture
def procedure(agency):
    return make_procedure(agency)


@pytest.fixture
def dossier(procedure):
    return make_dossier(procedure)


@pytest.fixture(autouse=True)
def _fast_handoff(settings):
    settings.HANDOFF_WEBHOOK_ALLOW_HTTP = True
    settings.HANDOFF_WEBHOOK_TIMEOUT = 3
    settings.HANDOFF_BACKOFF_BASE = 30
    settings.HANDOFF_MAX_ATTEMPTS = 3
