"""Reuse of a document from an earlier dossier of the signed-in citizen: the
same component offered on the step, copied into the draft, its origin in the
file name the officer sees; another citizen's file is refused."""

import pytest
from django.core.files.base import ContentFile

from eforms.citizens.models import CitizenDossier, LinkSource, ReusedDocument
from eforms.dossiers.models import Dossier, DossierAttachment
from eforms.submission.models import DraftUpload
from tests.eforms import helpers
from tests.eforms.factories import PDF_BYTES, DossierFactory, pdf_file

from .helpers import make_citizen, sign_in_as
from .test_eform import COMPONENTS, ID_COMPONENT, id_procedure  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _earlier(citizen, procedure, component="Giấy xác nhận", code=None):
    dossier = DossierFactory(procedure=procedure, submitted=True, applicant_id_number=citizen.id_number)
    if code:
        Dossier.objects.filter(pk=dossier.pk).update(code=code)
        dossier.refresh_from_db()
    attachment = DossierAttachment.objects.create(
        dossier=dossier,
        component_name=component,
        file=ContentFile(PDF_BYTES, name="xac-nhan.pdf"),
        original_name="xac-nhan.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    CitizenDossier.objects.create(citizen=citizen, dossier=dossier, source=LinkSource.SIGNED_IN)
    return dossier, attachment


def _file_step(draft):
    for number, step in enumerate(draft.form_version.schema["steps"], start=1):
        if any(f["type"] == "file" for f in step["fields"]):
            return number, step
    raise AssertionError("no file step")


def _field(step, component):
    return next(f["name"] for f in step["fields"] if f.get("component_name") == component)


def test_earlier_document_is_offered_copied_and_its_origin_kept(client, id_procedure):  # noqa: F811
    citizen = make_citizen()
    earlier, attachment = _earlier(citizen, id_procedure)
    sign_in_as(client, citizen)
    draft = helpers.start(client, id_procedure)
    number, step = _file_step(draft)
    page = client.get(helpers.step_url(id_procedure, draft, number)).content.decode()
    assert "dùng lại giấy tờ" in page and earlier.code in page
    field = _field(step, "Giấy xác nhận")
    answer = client.post(helpers.step_url(id_procedure, draft, number), {"action": f"reuse:{field}:{attachment.uuid}"})
    assert answer.status_code == 302
    upload = DraftUpload.objects.get(draft=draft, field_name=field)
    assert earlier.code in upload.original_name
    assert upload.file.name != attachment.file.name  # a copy: the earlier dossier keeps its own file
    assert upload.file.read() == PDF_BYTES
    row = ReusedDocument.objects.get(upload_uuid=upload.uuid)
    assert row.source == attachment and row.source_dossier_code == earlier.code


def test_another_citizens_document_is_refused(client, id_procedure):  # noqa: F811
    citizen = make_citizen()
    other = make_citizen(number="001203007788", full_name="Lê Minh Khôi", birth_date=None)
    _theirs, attachment = _earlier(other, id_procedure)
    sign_in_as(client, citizen)
    draft = helpers.start(client, id_procedure)
    number, step = _file_step(draft)
    field = _field(step, "Giấy xác nhận")
    answer = client.post(helpers.step_url(id_procedure, draft, number), {"action": f"reuse:{field}:{attachment.uuid}"})
    assert answer.status_code == 200
    assert "Không dùng lại được giấy tờ này" in answer.content.decode()
    assert not DraftUpload.objects.filter(draft=draft).exists()


@pytest.mark.parametrize(
    "action", ["reuse:", "reuse:x", "reuse:tep_3:<script>", "reuse:tep_3:\x00", "reuse:" + "a" * 5000]
)
def test_malformed_reuse_is_a_clear_message(client, id_procedure, action):  # noqa: F811
    sign_in_as(client, make_citizen())
    draft = helpers.start(client, id_procedure)
    number, _step = _file_step(draft)
    answer = client.post(helpers.step_url(id_procedure, draft, number), {"action": action, "tep_1": pdf_file()})
    assert answer.status_code == 200
    assert "Không dùng lại được giấy tờ này" in answer.content.decode()
    assert "<script>" not in answer.content.decode()


def test_reused_document_reaches_the_dossier_with_its_origin(client, id_procedure):  # noqa: F811
    citizen = make_citizen()
    earlier, attachment = _earlier(citizen, id_procedure)
    sign_in_as(client, citizen)
    draft = helpers.start(client, id_procedure)
    steps = draft.form_version.schema["steps"]
    for number, step in enumerate(steps, start=1):
        data = {"action": "next"}
        for spec in step["fields"]:
            if spec["type"] == "textarea":
                data[spec["name"]] = "Đề nghị cấp."
            elif spec["type"] == "file" and spec.get("component_name") == "Tờ khai đề nghị":
                data[spec["name"]] = pdf_file()
        if any(f["type"] == "file" for f in step["fields"]):
            field = _field(step, "Giấy xác nhận")
            client.post(helpers.step_url(id_procedure, draft, number), {"action": f"reuse:{field}:{attachment.uuid}"})
        answer = client.post(helpers.step_url(id_procedure, draft, number), data)
        assert answer.status_code == 302, helpers._errors(answer)
    assert helpers.submit(client, id_procedure, draft).status_code == 302
    dossier = Dossier.objects.exclude(pk=earlier.pk).get()
    reused = dossier.attachments.get(component_name="Giấy xác nhận")
    assert f"[Từ hồ sơ {earlier.code}]" in reused.original_name
    assert ID_COMPONENT not in [a.component_name for a in dossier.attachments.all()]
    assert COMPONENTS
