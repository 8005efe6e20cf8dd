"""The API documentation renders from files shipped with the project."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_without_any_other_origin(live_server, page):
    errors, foreign = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Cổng dịch vụ công" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.get_by_text("/api/v1/procedures/search").first.is_visible()
    assert foreign == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
