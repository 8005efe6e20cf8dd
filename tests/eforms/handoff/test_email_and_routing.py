"""The e-mail backend (dossier ZIP to the agency mailbox) and queue routing."""

import hashlib
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.base import ContentFile

from eforms.dossiers.models import DossierAttachment
from eforms.handoff import routing, services
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget

from .helpers import make_agency

pytestmark = pytest.mark.django_db


def _zip_builder_available():
    try:
        from eforms.dossiers.documents.archive import build_dossier_zip  # noqa: F401
    except ImportError:
        return False
    return True


needs_zip = pytest.mark.skipif(
    not _zip_builder_available(), reason="eforms.dossiers.documents.archive.build_dossier_zip is not available yet"
)


@needs_zip
def test_email_to_agency_mailbox_with_dossier_zip(dossier, agency, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    att = DossierAttachment(
        dossier=dossier,
        component_name="Giấy khai sinh",
        original_name="khai-sinh.pdf",
        content_type="application/pdf",
        size=9,
        sha256=hashlib.sha256(b"%PDF-1.4\n").hexdigest(),
    )
    att.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    att.save()
    HandoffTarget.objects.create(agency=agency, backend="email", mailbox="motcua@stp.example")
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert services.deliver(branch.pk) == "delivered"

    [message] = mail.outbox
    assert message.to == ["motcua@stp.example"]
    assert dossier.code in message.subject
    assert message.extra_headers["X-Portal-Delivery-Id"] == str(branch.uuid)
    [(name, content, mimetype)] = message.attachments
    assert name == f"{dossier.code}.zip" and mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert any(n.endswith(".json") for n in names)
    assert any(archive.read(n) == b"%PDF-1.4\n" for n in names)
    branch.refresh_from_db()
    assert branch.state == HandOffState.DELIVERED
    assert branch.receipt["to"] == "motcua@stp.example"


def test_email_without_mailbox_fails_and_is_retried(dossier, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    nomail = make_agency("ubnd-x", "UBND phường X")
    HandoffTarget.objects.create(agency=nomail, backend="email")
    dossier.agency = nomail
    dossier.save()
    services.enqueue_handoff(dossier)
    assert services.deliver(HandOff.objects.get().pk) == "failed"
    assert "no mailbox" in DeliveryAttempt.objects.get().error
    assert mail.outbox == []


def test_all_queue_names_one_per_agency(agency):
    make_agency("SXD", "Sở Xây dựng")
    names = routing.all_queue_names()
    assert names[0] == "default"
    assert {"backoffice.stp", "backoffice.sxd"} <= set(names)
    assert len(names) == len(set(names))


def test_runportal_consumes_every_department_queue(agency):
    from portal.management.commands.runportal import worker_queues

    assert "backoffice.stp" in worker_queues() and "default" in worker_queues()


def test_delivery_task_is_published_on_the_agency_queue(dossier, monkeypatch, django_capture_on_commit_callbacks):
    from eforms.handoff import tasks

    calls = []
    monkeypatch.setattr(tasks.deliver_handoff, "apply_async", lambda *a, **kw: calls.append((a, kw)))
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_handoff(dossier)
    [(args, kwargs)] = calls
    assert kwargs["queue"] == kwargs["routing_key"] == "backoffice.stp"
    assert list(args[0]) == [HandOff.objects.get().pk]  # an id, never an instance
    assert HandOff.objects.get().state == HandOffState.DISPATCHED


def test_english_translation_of_admin_labels():
    from django.utils import translation

    from eforms.handoff.constants import HandOffState
    from eforms.handoff.models import HandOff as Model

    with translation.override("en"):
        assert str(HandOffState.DEAD.label) == "Failed (dead letter)"
        assert str(Model._meta.verbose_name_plural) == "Hand-offs to agencies"
    with translation.override("vi"):
        assert str(HandOffState.DEAD.label) == "Chuyển không thành công"


def test_router_sends_deliver_to_the_agency_queue_without_explicit_queue(dossier):
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert routing.route_task("handoff.deliver", [branch.pk], {}, {}) == {
        "queue": "backoffice.stp",
        "routing_key": "backoffice.stp",
    }
    assert routing.route_task("handoff.deliver", [branch.pk], {}, {"queue": "x"}) is None
    assert routing.route_task("portal.health_check", [], {}, {}) is None
    assert routing.route_task("handoff.deliver", [999999], {}, {}) is None


def test_celery_app_routes_deliver_by_agency(dossier):
    from portal.celery import app

    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    route = app.amqp.router.route({}, "handoff.deliver", args=[branch.pk], kwargs={})
    assert route["queue"].name == "backoffice.stp"


def test_auto_consume_asks_the_worker_for_new_agency_queues(dossier):
    services.enqueue_handoff(dossier)
    HandOff.objects.update(state=HandOffState.DISPATCHED, dispatch_count=1)
    calls = []

    class Control:
        def add_consumer(self, queue, **kwargs):
            calls.append((queue, kwargs["destination"]))

    app = type("App", (), {"control": Control()})()
    assert services.ensure_consumers("w1@host", app=app) == ["backoffice.stp"]
    assert calls == [("backoffice.stp", ["w1@host"])]
    assert services.ensure_consumers("", app=app) == []


def test_beat_only_restricts_periodic_tasks(monkeypatch):
    from celery import Celery

    from portal.celery import _restrict_beat

    app = Celery("t", set_as_current=False)
    app.conf.beat_schedule = {"handoff-redispatch-due": {}, "other": {}}
    monkeypatch.setenv("CELERY_BEAT_ONLY", "handoff-redispatch-due")
    _restrict_beat(app)
    assert list(app.conf.beat_schedule) == ["handoff-redispatch-due"]


def _pdf_attachment(dossier, content=b"%PDF-1.4\n"):
    att = DossierAttachment(
        dossier=dossier,
        component_name="Giấy khai sinh",
        original_name="khai-sinh.pdf.exe",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    att.file.save("x", ContentFile(content), save=False)
    att.save()
    return att


def test_email_above_the_attachment_limit_sends_a_signed_link(dossier, agency, settings, client):
    import os
    import re
    from urllib.parse import urlsplit

    from eforms.dossiers.models import AuditAction, AuditEvent

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://dichvucong.example.gov.vn"
    settings.HANDOFF_EMAIL_MAX_ATTACHMENT_BYTES = 64 * 1024
    _pdf_attachment(dossier, b"%PDF-1.4\n" + os.urandom(128 * 1024))
    HandoffTarget.objects.create(agency=agency, backend="email", mailbox="motcua@stp.example")
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert services.deliver(branch.pk) == "delivered"

    [message] = mail.outbox
    assert message.attachments == []
    assert "quá lớn để đính kèm" in message.body
    [link] = re.findall(r"https://dichvucong\.example\.gov\.vn/ban-giao/tep/\S+/", message.body)
    branch.refresh_from_db()
    assert branch.receipt["zip"] == "link" and branch.receipt["zip_bytes"] > 64 * 1024

    response = client.get(urlsplit(link).path)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert not [n for n in archive.namelist() if n.endswith(".exe")]
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD_ZIP, dossier=dossier, username="ban-giao:stp").exists()


def test_email_below_the_limit_attaches_the_zip(dossier, agency, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HANDOFF_EMAIL_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    _pdf_attachment(dossier)
    HandoffTarget.objects.create(agency=agency, backend="email", mailbox="motcua@stp.example")
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert services.deliver(branch.pk) == "delivered"
    [message] = mail.outbox
    [(name, content, _)] = message.attachments
    assert "/ban-giao/tep/" not in message.body
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert "01 - Giấy khai sinh.pdf" in names or any(n.endswith("Giấy khai sinh.pdf") for n in names)
    branch.refresh_from_db()
    assert branch.receipt["zip"] == "attached" and branch.receipt["zip_bytes"] == len(content)
