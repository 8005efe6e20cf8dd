"""Editors build e-forms and calendar exceptions in the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model

from eforms.dossiers.models import CalendarException
from eforms.formdefs.models import ProcedureForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, monkeypatch, settings):
    settings.TWOFACTOR_PROTECTED_PATHS = ()
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-123")
    client.force_login(user)
    return client


def test_snippet_pages_load(admin_client, procedure):
    for model in (ProcedureForm, CalendarException):
        url = f"/admin/snippets/eforms/{model._meta.model_name}/"
        assert admin_client.get(url).status_code == 200, url
        assert admin_client.get(url + "add/").status_code == 200, url
