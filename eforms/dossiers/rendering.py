"""Form data of a dossier as (label, value) rows, for the detail page, the
PDF of the submission and the exports."""
from django.utils.text import capfirst

SKIP_KEYS = {"csrfmiddlewaretoken"}


def _label(key):
    return capfirst(str(key).replace("_", " ").strip())


def _value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(item) for item in value) or "—"
    if isinstance(value, dict):
        if "value" in value:
            return _value(value["value"])
        if "label" in value:
            return _value(value["label"])
        parts = [_value(v) for v in value.values() if v not in (None, "", [], {})]
        return ", ".join(parts) or "—"
    return str(value)


def _walk(data, prefix=""):
    for key, value in data.items():
        if key in SKIP_KEYS:
            continue
        if isinstance(value, dict) and "label" in value and "value" in value:
            yield (prefix + str(value["label"]), _value(value["value"]))
        else:
            yield (prefix + _label(key), _value(value))


def _schema_rows(dossier, data):
    """Rows labelled by the form version the dossier was submitted with."""
    version = getattr(dossier, "form_version", None)
    schema = getattr(version, "schema", None) if version is not None else None
    if not schema or not isinstance(schema, dict) or "steps" not in schema:
        return None
    from eforms.formdefs.schema import iter_fields

    rows, seen, parts_of = [], set(), []
    for step, field in iter_fields(schema):
        name = field.get("name")
        if name and field.get("type") == "address":
            parts_of.append(f"{name}_")  # its sub-answers (province, ward, street) are in the composed value
        if not name or field.get("type") == "file" or name not in data:
            continue
        seen.add(name)
        value = data[name]
        if isinstance(value, dict) and "label" in value:  # an address or a choice with its label
            value = value.get("label")
        rows.append((str(field.get("label") or _label(name)), _value(value)))
    for key, value in data.items():  # answers the schema does not name
        if key not in seen and key not in SKIP_KEYS and not key.startswith(tuple(parts_of)):
            rows.extend(_walk({key: value}))
    return rows


def form_data_rows(dossier):
    """Rows in the order of the form: labels of the submitted form version
    when there is one, else of the stored keys (counter dossiers store
    ``{"key": {"label": …, "value": …}}``)."""
    data = dossier.form_data or {}
    if not isinstance(data, dict):
        return [("Dữ liệu", _value(data))]
    try:
        rows = _schema_rows(dossier, data)
    except Exception:  # noqa: BLE001 - an unexpected schema shape: show the raw keys
        rows = None
    if rows is not None:
        return rows
    return list(_walk(data))
