"""The citizens' rules: a citizen from the provider's claims, the answers
prefilled and locked from them, the uploads not asked for, the level a
procedure requires, and the links between citizens, drafts and dossiers."""

import datetime
import re

import structlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eforms.citizens.models import Citizen, CitizenDossier, CitizenDraft, LinkSource, ProcedureAssurance
from eforms.citizens.oidc import SignInError, claim, level_of
from eforms.formdefs.schema import iter_fields
from eforms.formdefs.validators import normalize_cccd, normalize_phone, validate_cccd, validate_vn_mobile

log = structlog.get_logger(__name__)

# The identity document a signed-in citizen is not asked to upload: the
# provider already vouched for it (the procedures' own words: "Giấy tờ tùy
# thân …", "Bản sao/Bản chụp giấy tờ tùy thân …", "Bản sao căn cước …").
IDENTITY_DOCUMENT = re.compile(
    r"^\s*(bản\s+(sao|chụp)\s+)?(giấy\s+tờ\s+tùy\s+thân|(thẻ\s+)?căn\s+cước(\s+công\s+dân)?\b)", re.IGNORECASE
)


# --- sign-in ---------------------------------------------------------------


def _text(value, limit):
    return str(value or "").replace("\x00", "").strip()[:limit]


def _birth_date(value):
    text = _text(value, 20)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=datetime.UTC).date()
        except ValueError:
            continue
    return None


def _address(value):
    """``(formatted text, province code, ward code, street)``."""
    if isinstance(value, dict):
        try:
            province = int(value.get("province_code")) if value.get("province_code") is not None else None
            ward = int(value.get("ward_code")) if value.get("ward_code") is not None else None
        except (TypeError, ValueError):
            province = ward = None
        return (
            _text(value.get("formatted"), 500),
            province,
            ward,
            _text(value.get("street_address"), 200),
        )
    return _text(value, 500), None, None, ""


def citizen_from_claims(claims, issuer):
    """Create or update the citizen the claims describe; ``SignInError``
    ("missing_claim") without a valid identification number or a name."""
    number = normalize_cccd(_text(claim(claims, "ID_NUMBER"), 20))
    try:
        validate_cccd(number)
    except ValidationError:
        raise SignInError("missing_claim", "ID_NUMBER") from None
    name = _text(claim(claims, "FULL_NAME"), 200)
    if not name:
        raise SignInError("missing_claim", "FULL_NAME")
    subject = _text(claims.get("sub"), 255)
    if not subject:
        raise SignInError("missing_claim", "sub")
    formatted, _province, _ward, _street = _address(claim(claims, "ADDRESS"))
    phone = _text(claim(claims, "PHONE"), 20)
    try:
        phone = normalize_phone(phone) if phone else ""
        validate_vn_mobile(phone) if phone else None
    except ValidationError:
        phone = ""
    values = {
        "full_name": name,
        "birth_date": _birth_date(claim(claims, "BIRTH_DATE")),
        "sex": _text(claim(claims, "SEX"), 20),
        "address": formatted,
        "phone": phone,
        "email": _text(claim(claims, "EMAIL"), 254),
        "level": level_of(claim(claims, "LEVEL")),
        "issuer": _text(issuer, 300),
        "subject": subject,
        "claims": {key: value for key, value in claims.items() if key not in ("nonce", "at_hash", "c_hash")},
        "last_sign_in": timezone.now(),
    }
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().filter(id_number=number).first()
        if citizen is None:
            try:
                with transaction.atomic():
                    citizen = Citizen.objects.create(id_number=number, **values)
            except IntegrityError:
                citizen = Citizen.objects.select_for_update().get(id_number=number)
        for field, value in values.items():
            setattr(citizen, field, value)
        citizen.save()
    return citizen


# --- the e-form ------------------------------------------------------------


def prefill_answers(citizen, schema):
    """The answers the e-form takes from the provider (only fields the form
    has, only values the provider gave)."""
    names = {spec.get("name"): spec for _step, spec in iter_fields(schema)}
    candidates = {
        "applicant_name": citizen.full_name,
        "applicant_id_number": citizen.id_number,
        "applicant_birth_date": citizen.birth_date.isoformat() if citizen.birth_date else "",
        "applicant_phone": citizen.phone,
        "applicant_email": citizen.email,
    }
    if "applicant_sex" in names and citizen.sex:
        candidates["applicant_sex"] = citizen.sex
    answers = {name: value for name, value in candidates.items() if name in names and value}
    _formatted, province, ward, street = _address(claim(citizen.claims, "ADDRESS"))
    address = names.get("applicant_address")
    if address and address.get("type") == "address" and province and ward:
        answers.update(
            {
                "applicant_address_province": province,
                "applicant_address_ward": ward,
                "applicant_address_street": street,
            }
        )
    return answers


def identity_upload_fields(schema):
    """Names of the file fields that ask for a copy of an identity document."""
    return frozenset(
        spec["name"]
        for _step, spec in iter_fields(schema, types={"file"})
        if IDENTITY_DOCUMENT.match(str(spec.get("component_name") or spec.get("label") or ""))
    )


def required_level(procedure):
    row = ProcedureAssurance.objects.filter(procedure_id=procedure.pk).first()
    return row.required_level if row else 0


# --- links -----------------------------------------------------------------


def draft_owner(draft):
    link = CitizenDraft.objects.filter(draft_id=draft.pk).select_related("citizen").first()
    return link.citizen if link else None


def link_draft(citizen, draft):
    """The draft is the citizen's (first come: a draft never changes hands)."""
    link, _created = CitizenDraft.objects.get_or_create(draft_id=draft.pk, defaults={"citizen": citizen})
    return link.citizen_id == citizen.pk


def link_dossier(citizen, dossier, source):
    link, created = CitizenDossier.objects.get_or_create(
        dossier_id=dossier.pk, defaults={"citizen": citizen, "source": source}
    )
    if created:
        log.info("citizen_dossier_linked", dossier=dossier.code, citizen=str(citizen.uuid), source=source)
    return link


def link_submitted_drafts(citizen):
    """Dossiers of the citizen's drafts that have no link yet (the link is
    written right after submission; this heals one that was not)."""
    rows = CitizenDraft.objects.filter(citizen=citizen, draft__dossier__isnull=False).select_related("draft__dossier")
    for row in rows:
        link_dossier(citizen, row.draft.dossier, LinkSource.SIGNED_IN)
