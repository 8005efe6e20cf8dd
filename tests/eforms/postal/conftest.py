"""Fixtures of the postal tests: a full-online procedure with a fee and a
citizen's draft filled through the real views."""

import socket
import threading

import pytest

from tests.eforms import helpers
from tests.eforms.factories import procedure_page
from tests.eforms.workspace.conftest import (  # noqa: F401 - the workspace's agency, officer and dossier
    dossier,
    officer,
    officer_client,
    procedure,
    stp,
)


@pytest.fixture(autouse=True)
def _postal_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.POSTAL_BACKEND = "sandbox"
    settings.POSTAL_CALLBACK_SECRET = "test-postal-secret"
    settings.POSTAL_CENTER_PROVINCE_CODE = 68


@pytest.fixture
def full_procedure(wagtail_root, home_page):
    return procedure_page(home_page, online_level="full", fee_vnd=50000, title="Cấp bản sao trích lục hộ tịch")


@pytest.fixture
def filled_draft(client, full_procedure):
    draft = helpers.start(client, full_procedure)
    helpers.fill_all(client, full_procedure, draft)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def silent_operator():
    """An HTTP server that accepts connections and never answers: a timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()
