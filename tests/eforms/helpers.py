"""Driving the submission flow through the real views (Django test client)."""

import re

from django.urls import reverse

from eforms.submission.models import SubmissionDraft

from .factories import applicant_answers, first_ward, pdf_file


def start(client, procedure):
    response = client.post(reverse("eforms:start", args=[procedure.code]))
    assert response.status_code == 302, response.content[:500]
    draft = SubmissionDraft.objects.order_by("-id").first()
    return draft


def step_url(procedure, draft, number):
    return reverse("eforms:step", args=[procedure.code, draft.uuid, number])


def fill_all(client, procedure, draft, files=None):
    """Answer every step with valid data and uploads; returns the last response."""
    draft.refresh_from_db()
    steps = draft.form_version.schema["steps"]
    response = None
    for number, step in enumerate(steps, start=1):
        data = {"action": "next"}
        names = {f.get("name") for f in step["fields"]}
        if "applicant_name" in names:
            data.update(applicant_answers())
            data["applicant_address_ward"] = first_ward()
        for field in step["fields"]:
            if field["type"] == "file":
                data[field["name"]] = (files or {}).get(field["name"]) or pdf_file(f"{field['name']}.pdf")
            elif field["type"] == "textarea" and field["name"] not in data:
                data[field["name"]] = "Đề nghị cấp bản chính."
        response = client.post(step_url(procedure, draft, number), data)
        assert response.status_code == 302, _errors(response)
    return response


def review_url(procedure, draft):
    return reverse("eforms:review", args=[procedure.code, draft.uuid])


def submit(client, procedure, draft, **overrides):
    draft.refresh_from_db()
    data = {"submit_token": draft.submit_token, "form_version": str(draft.form_version_id), "declaration": "on"}
    data.update(overrides)
    return client.post(review_url(procedure, draft), data)


def _errors(response):
    text = response.content.decode()
    found = re.findall(r'<ul class="form-error"[^>]*>(.*?)</ul>', text, re.S)
    return f"{response.status_code}: {found[:5] or text[:800]}"
