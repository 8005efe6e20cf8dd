"""A deployment without a postal operator (``POSTAL_BACKEND=none``, the
production default) offers no postal choice and orders nothing; the system
checks name a wrong configuration and the sandbox left on a server."""

import pytest

from eforms.dossiers.constants import Channel
from eforms.dossiers.models import Dossier
from eforms.postal.checks import postal_deploy, postal_operator
from eforms.postal.models import PostalOrder
from eforms.postal.services import request_result_delivery
from tests.eforms import helpers
from tests.eforms.postal.test_flow import CHOICE

pytestmark = pytest.mark.django_db


def test_without_an_operator_the_e_form_offers_no_postal_choice(
    client, full_procedure, filled_draft, settings, django_capture_on_commit_callbacks
):
    settings.POSTAL_BACKEND = "none"
    page = client.get(helpers.review_url(full_procedure, filled_draft)).content.decode()
    assert "Dịch vụ bưu chính công ích" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = helpers.submit(client, full_procedure, filled_draft, **CHOICE)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.ONLINE and not PostalOrder.objects.exists()
    assert request_result_delivery(dossier) is None and not PostalOrder.objects.exists()


@pytest.mark.parametrize(
    ("backend", "url", "key", "ids"),
    [
        ("sandbox", "", "", []),
        ("none", "", "", []),
        ("http", "https://api.example.vn", "k", []),
        ("http", "", "", ["postal.E002"]),
        ("fax", "", "", ["postal.E001"]),
    ],
)
def test_configuration_checks(settings, backend, url, key, ids):
    settings.POSTAL_BACKEND, settings.POSTAL_API_URL, settings.POSTAL_API_KEY = backend, url, key
    assert [message.id for message in postal_operator()] == ids


def test_deploy_check_warns_about_the_sandbox_and_a_derived_secret(settings):
    settings.POSTAL_BACKEND = "sandbox"
    assert [message.id for message in postal_deploy()] == ["postal.W001"]
    settings.POSTAL_BACKEND, settings.POSTAL_CALLBACK_SECRET = "http", ""
    assert [message.id for message in postal_deploy()] == ["postal.W002"]
    settings.POSTAL_BACKEND = "none"
    assert postal_deploy() == []
