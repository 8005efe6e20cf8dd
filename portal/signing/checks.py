"""System checks of the signature configuration (``manage.py check``): an
unknown ``SIGNING_BACKEND``, a PKCS#12 file of the center that is missing,
a PKCS#11 backend without its module, or a trust root that cannot be read
is an error at start-up rather than unsigned documents later. A backend of
``none`` (production's default until keys are installed) is not an error:
documents are then served unsigned."""

from pathlib import Path

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from portal.signing import conf
from portal.signing.trust import load_certificates


@checks.register()
def check_signing(app_configs=None, **kwargs):
    try:
        name = conf.backend()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), hint="Set SIGNING_BACKEND.", id="signing.E001")]
    errors = []
    if name == "pkcs12":
        path = conf.per_signer("SIGNING_PKCS12_PATH", conf.CENTER)
        if not path or not Path(path).is_file():
            errors.append(
                checks.Error(
                    f"SIGNING_BACKEND=pkcs12 but the center's PKCS#12 file {path or '(unset)'} is missing.",
                    hint="Set SIGNING_PKCS12_PATH (and SIGNING_PKCS12_PASSWORD) to the center's .p12 file.",
                    id="signing.E002",
                )
            )
    if name == "pkcs11" and not conf.per_signer("SIGNING_PKCS11_MODULE", conf.CENTER):
        errors.append(
            checks.Error(
                "SIGNING_BACKEND=pkcs11 needs SIGNING_PKCS11_MODULE (the token's PKCS#11 library).",
                id="signing.E003",
            )
        )
    for path in conf.trust_root_paths():
        try:
            load_certificates(path.read_bytes())
        except (OSError, ValueError) as error:
            errors.append(checks.Error(f"SIGNING_TRUST_ROOTS: cannot read {path}: {error}", id="signing.E004"))
    return errors
