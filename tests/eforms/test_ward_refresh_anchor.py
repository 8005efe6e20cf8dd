"""Issue #14: after the no-JavaScript "Tải danh sách phường, xã" refresh the
page comes back at the address's ward list (portal.js focuses it), not at
the top of the form; nothing typed is lost."""

import pytest
from django.test import Client

from tests.eforms import helpers
from tests.eforms.factories import applicant_answers, procedure_page

pytestmark = pytest.mark.django_db


def test_refresh_returns_to_the_ward_field(home_page):
    procedure = procedure_page(home_page)
    client = Client()
    draft = helpers.start(client, procedure)
    data = {**applicant_answers(), "action": "refresh"}
    response = client.post(helpers.step_url(procedure, draft, 1), data)
    assert response.status_code == 302
    assert response["Location"].endswith("/buoc/1/#id_applicant_address_ward")
    page = client.get(response["Location"]).content.decode()
    assert 'id="id_applicant_address_ward"' in page and "Nguyễn Thị Hồng Nhung" in page
