"""``/nop-ho-so/<code>/<draft>/buoc/<n>/``: one step of the e-form.

Everything works without JavaScript; ``eforms.js`` only shows/hides
conditional fields, reloads the ward list and prevents double clicks.
"""

import uuid

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from eforms.dossiers.filetypes import accept_of
from eforms.formdefs.forms import StepForm, initial_from_answers
from eforms.formdefs.frozen import frozen_text
from eforms.formdefs.schema import condition_met
from eforms.submission.identity import identity_for, lock_form, locked_post, provider, with_identity
from eforms.submission.services import complete_step, save_step, upload_limits, uploads_by_field
from eforms.submission.uploads import LimitedUploadHandler
from eforms.submission.views.common import (
    draft_page,
    progress,
    rate_limited,
    steps_of,
    too_many,
)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def step(request, code, draft_uuid, number):
    """One step of the form. The upload handler must be installed before
    the body is read, hence ``csrf_exempt`` here and ``csrf_protect`` on
    the inner POST handler."""
    procedure, draft, response = draft_page(request, code, draft_uuid)
    if response:
        return response
    steps = steps_of(draft)
    if not 1 <= number <= len(steps):
        raise Http404
    spec = steps[number - 1]
    # a signed-in citizen's identity fields are prefilled and locked (``eforms.submission.identity``)
    identity = identity_for(request, draft)
    if request.method == "POST":
        handler = LimitedUploadHandler(request, limits=upload_limits(spec))
        request.upload_handlers.insert(0, handler)
        return csrf_protect(_step_post)(request, procedure, draft, number, spec, handler, identity)
    if rate_limited(request, "step"):
        return too_many(request)
    return _render_step(request, procedure, draft, number, spec, _unbound(spec, draft, identity), {}, identity=identity)


def _unbound(spec, draft, identity=None):
    # the provider's answers at construction: the ward list follows the province
    answers = with_identity(draft.data, identity)
    form = StepForm(spec, initial=initial_from_answers(spec, answers), answers=answers)
    return lock_form(form, identity)


def _step_post(request, procedure, draft, number, spec, handler, identity=None):
    if rate_limited(request, "step"):
        return too_many(request)
    try:
        data, files = request.POST, request.FILES
    except MultiPartParserError:
        errors = {"__all__": [_("Dữ liệu gửi lên bị hỏng. Vui lòng thử lại.")]}
        unbound = _unbound(spec, draft, identity)
        return _render_step(request, procedure, draft, number, spec, unbound, errors, status=400, identity=identity)
    action = data.get("action", "next")
    # posted values of locked fields are ignored: the provider's answers are put back
    form = lock_form(StepForm(spec, data=locked_post(spec, data, identity), answers=draft.data), identity)
    remove_ids = [value for value in data.getlist("remove_upload") if _is_uuid(value)]
    saved = save_step(draft, spec, form, files, remove_ids=remove_ids, oversized=handler.oversized)
    if action == "back":
        if number > 1:
            return redirect("eforms:step", procedure.code, draft.uuid, number - 1)
        return redirect("eforms:start", procedure.code)
    if action == "refresh":
        # back at the address (its ward list now filled), not at the top of the form
        address = next((f["name"] for f in spec["fields"] if f["type"] == "address"), None)
        anchor = f"#id_{address}_ward" if address else "#buoc"
        return redirect(reverse("eforms:step", args=[procedure.code, draft.uuid, number]) + anchor)
    if action == "remove":
        return redirect("eforms:step", procedure.code, draft.uuid, number)
    if action.startswith("reuse:") and identity is not None:
        # a document of an earlier dossier of the signed-in citizen ("reuse:<field>:<key>")
        _kind, field_name, key = (action.split(":", 2) + ["", ""])[:3]
        refused = provider().reuse(request, draft, field_name[:60], key[:40])
        if refused:
            shown = any(f.get("name") == field_name and f["type"] == "file" for f in spec["fields"])
            saved.file_errors.setdefault(field_name if shown else "__all__", []).append(refused)
            return _render_step(request, procedure, draft, number, spec, form, saved.file_errors, identity=identity)
        return redirect("eforms:step", procedure.code, draft.uuid, number)
    if action == "save":
        return redirect("eforms:save", procedure.code, draft.uuid)
    if not complete_step(draft, spec, saved, skip=identity.skip_uploads if identity else ()):
        return _render_step(request, procedure, draft, number, spec, form, saved.file_errors, identity=identity)
    if number < len(steps_of(draft)):
        return redirect("eforms:step", procedure.code, draft.uuid, number + 1)
    return redirect("eforms:review", procedure.code, draft.uuid)


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _render_step(request, procedure, draft, number, spec, form, file_errors, status=200, identity=None):
    items, summary = _render_items(draft, spec, form, file_errors, identity)
    return render(
        request,
        "eforms/step.html",
        {
            "procedure": procedure,
            "draft": draft,
            "step": spec,
            "step_title": _(spec["title"]),
            "step_intro": frozen_text(spec.get("intro")),
            "number": number,
            "total": len(steps_of(draft)),
            "progress": progress(draft, number),
            "form": form,
            "items": items,
            "error_summary": summary,
            "has_files": any(f["type"] == "file" for f in spec["fields"]),
            "identity_source": identity.source if _locks_a_field(identity, spec) else "",
        },
        status=status,
    )


def _locks_a_field(identity, spec):
    """Whether this step shows a field the identity provider filled in."""
    if identity is None:
        return False
    names = {field.get("name") for field in spec["fields"]}
    return any(name in identity.answers or f"{name}_province" in identity.answers for name in names if name)


def _render_items(draft, spec, form, file_errors, identity=None):
    """What the step template draws, in order, and the error summary."""
    answers = dict(draft.data)
    items = []
    summary = []
    for message in form.non_field_errors() if form.is_bound else []:
        summary.append(("#buoc", message))
    for message in file_errors.get("__all__", []):
        summary.append(("#buoc", message))
    grouped = uploads_by_field(draft)
    step_names = {f.get("name") for f in spec["fields"]}
    for field in spec["fields"]:
        kind = field["type"]
        condition = field.get("condition")
        # A condition on an earlier step's answer is decided here, server-side.
        if condition and condition["field"] not in step_names and condition["field"] not in _address_keys(spec):
            if not condition_met(field, answers):
                continue
            condition = None
        item = {"kind": kind, "spec": field, "condition": condition}
        if kind in ("heading", "help"):
            item["text"] = _(field["label"])
        elif kind == "address":
            name = field["name"]
            item.update(
                {
                    "label": _(field["label"]),
                    "required": field.get("required"),
                    "province": form[f"{name}_province"],
                    "ward": form[f"{name}_ward"],
                    "street": form[f"{name}_street"],
                    "id": f"id_{name}_province",
                }
            )
            for part in ("province", "ward", "street"):
                for message in form.errors.get(f"{name}_{part}", []) if form.is_bound else []:
                    summary.append((f"#id_{name}_{part}", message))
        elif kind == "file" and identity and field["name"] in identity.skip_uploads:
            item.update({"kind": "file_skipped", "label": field.get("component_name") or field["label"]})
        elif kind == "file":
            name = field["name"]
            item.update(
                {
                    "name": name,
                    "id": f"id_{name}",
                    "label": field["label"],
                    "help_text": frozen_text(field.get("help_text")),
                    "required": field.get("required"),
                    "uploads": grouped.get(name, []),
                    "errors": file_errors.get(name, []),
                    "accept": accept_of(field["allowed_types"]),
                    "types_label": ", ".join(t.upper() for t in field["allowed_types"]),
                    "reusable": identity.reusable.get(name, []) if identity else [],
                }
            )
            for message in item["errors"]:
                summary.append((f"#id_{name}", message))
        else:
            bound = form[field["name"]]
            item["field"] = bound
            item["required"] = field.get("required")
            item["id"] = bound.id_for_label or f"id_{field['name']}"
            if kind in ("choice", "multichoice"):
                item["id"] = f"id_{field['name']}_0"
            if form.is_bound and bound.errors:
                described = [f"{bound.auto_id}_error"]  # the id the field template gives the messages
                if bound.help_text and kind not in ("choice", "multichoice", "checkbox"):
                    described.insert(0, f"{bound.auto_id}_helptext")
                if kind not in ("choice", "multichoice", "checkbox"):
                    bound.field.widget.attrs["aria-describedby"] = " ".join(described)
                for message in bound.errors:
                    summary.append((f"#{item['id']}", message))
        items.append(item)
    return items, summary


def _address_keys(spec):
    keys = set()
    for field in spec["fields"]:
        if field["type"] == "address":
            keys.update({f"{field['name']}_province", f"{field['name']}_ward", f"{field['name']}_street"})
    return keys
