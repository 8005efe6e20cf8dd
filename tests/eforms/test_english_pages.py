"""Every page of the citizen's path in English (``?lang=en`` once, then the
language cookie): the e-form start, steps (with errors), review, save and
resume, confirmation (with and without payment), tracking (accepted,
supplement, result download). Only content may stay Vietnamese."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.models import Dossier, DossierAttachment, DossierStatusChange, SupplementRequest
from eforms.workspace.services import accept
from tests.english_pages import interface_words, leftover_vietnamese

from . import helpers
from .factories import PDF_BYTES, OfficerFactory, applicant_answers

pytestmark = pytest.mark.django_db


def content_of(procedure, dossier=None):
    values = [procedure.title, procedure.agency.title if procedure.agency else ""]
    values += [c.name for c in procedure.components.all()]
    fees = getattr(procedure, "fees", None)  # the fee schedule's rows: the editor's names
    values += [row.name for row in fees.all()] if fees is not None else []
    values += [v for v in applicant_answers().values() if isinstance(v, str)]
    values += ["Đề nghị cấp bản chính.", "Phường 1 Bảo Lộc", "Lâm Đồng", "Bảo Lộc", "Đà Lạt", "Xuân Hương"]
    if dossier is not None:
        values += [dossier.procedure_name, dossier.applicant_address, dossier.result_place]
    return sorted(values, key=len, reverse=True)


def assert_english(response, content, name):
    assert response.status_code in (200, 400, 404, 429), (name, response.status_code)
    html = response.content.decode()
    assert '<html lang="en">' in html, name
    left = leftover_vietnamese(html, content)
    assert interface_words(left) == [], (name, left)
    assert left == [], (name, left)


def test_citizen_path_in_english(client, procedure, django_capture_on_commit_callbacks):
    content = content_of(procedure)
    assert_english(client.get(f"/nop-ho-so/{procedure.code}/?lang=en"), content, "start")
    draft = helpers.start(client, procedure)
    draft.refresh_from_db()
    steps = draft.form_version.schema["steps"]
    for number in range(1, len(steps) + 1):
        assert_english(client.get(helpers.step_url(procedure, draft, number)), content, f"step {number}")
    errors = client.post(
        helpers.step_url(procedure, draft, 1),
        {"action": "next", "applicant_phone": "0212", "applicant_email": "x", "applicant_id_number": "1"},
    )
    assert_english(errors, content, "step errors")
    helpers.fill_all(client, procedure, draft)
    assert_english(client.get(helpers.review_url(procedure, draft)), content, "review")
    assert_english(helpers.submit(client, procedure, draft, declaration=""), content, "review without declaration")
    save_url = f"/nop-ho-so/{procedure.code}/{draft.uuid}/luu/"
    assert_english(client.get(save_url), content, "save")
    assert_english(client.post(save_url, {}), content, "save, neither")
    assert_english(client.get(f"/nop-ho-so/{procedure.code}/tiep-tuc/"), content, "resume request")
    assert_english(client.post(f"/nop-ho-so/{procedure.code}/tiep-tuc/", {"phone": "0912345678"}), content, "sent")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = helpers.submit(client, procedure, draft)
    dossier = Dossier.objects.get()
    content = content_of(procedure, dossier)
    assert_english(client.get(submitted["Location"]), content, "confirmation")
    tracking = f"/tra-cuu-ho-so/?ma={dossier.code}&mtc={dossier.lookup_secret}"
    assert_english(client.get(tracking), content, "tracking, new")
    assert_english(client.get("/tra-cuu-ho-so/"), content, "tracking form")
    assert_english(client.get("/tra-cuu-ho-so/?ma=X&mtc=Y"), content, "tracking, not found")
    with django_capture_on_commit_callbacks(execute=True):
        accept(dossier, OfficerFactory(agency=procedure.agency))
    assert_english(client.get(tracking), content, "tracking, accepted")
    # a supplement request, then the result
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.SUPPLEMENT_REQUESTED)
    SupplementRequest.objects.create(dossier=dossier, items="Bản sao giấy khai sinh")
    assert_english(client.get(tracking), [*content, "Bản sao giấy khai sinh"], "tracking, supplement")
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.RETURNED)
    result = DossierAttachment(
        dossier=dossier,
        kind=AttachmentKind.RESULT,
        component_name="Kết quả giải quyết",
        original_name="trich-luc.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
    )
    result.file.save("ket-qua", ContentFile(PDF_BYTES), save=False)
    result.save()
    DossierStatusChange.objects.create(
        dossier=dossier, from_status=9, to_status=DossierStatus.RETURNED, created_at=timezone.now()
    )
    assert_english(client.get(tracking), [*content, "Kết quả giải quyết"], "tracking, result")


def test_payment_pages_in_english(client, full_procedure, django_capture_on_commit_callbacks):
    procedure = full_procedure
    content = content_of(procedure)
    client.get("/?lang=en")
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    assert_english(client.get(helpers.review_url(procedure, draft)), content, "review with fee")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = helpers.submit(client, procedure, draft)
    dossier = Dossier.objects.get()
    content = content_of(procedure, dossier)
    assert_english(client.get(submitted["Location"]), content, "confirmation, to pay")
    paying = client.post(f"/thanh-toan/ho-so/{dossier.uuid}/{dossier.lookup_secret}/")
    if paying.status_code == 302:
        assert_english(client.get(paying["Location"]), content, "sandbox bank")
    else:
        assert_english(paying, content, "payment")
