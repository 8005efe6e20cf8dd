"""What the deployment configures for signatures. The environment
variables are named ``SIGNING_*``; their Django settings
``DOCUMENT_SIGNING_*`` (``portal/settings/signing.py``), because Django's
own ``SIGNING_BACKEND`` is the cookie signer. Keys and passwords per signer
are read from the environment only, never from settings.

- ``SIGNING_BACKEND``: ``sandbox`` (a local CA generated on first use under
  ``SIGNING_SANDBOX_DIR``), ``pkcs12`` (a ``.p12``/``.pfx`` file per signer),
  ``pkcs11`` (an HSM or a USB token through its PKCS#11 module), ``none``.
- per signer: the center is ``CENTER``, an agency its code upper-cased with
  every other character as ``_`` (``STP``, ``CA_TINH``). ``pkcs12`` reads
  ``SIGNING_PKCS12_PATH[_<SIGNER>]`` and ``SIGNING_PKCS12_PASSWORD[_<SIGNER>]``;
  ``pkcs11`` reads ``SIGNING_PKCS11_KEY_LABEL[_<SIGNER>]`` and
  ``SIGNING_PKCS11_CERT_LABEL[_<SIGNER>]`` on the token of
  ``SIGNING_PKCS11_MODULE`` / ``SIGNING_PKCS11_TOKEN_LABEL`` /
  ``SIGNING_PKCS11_PIN``. The name without a suffix is the center's.
- ``SIGNING_TRUST_ROOTS``: PEM or DER files of the roots a signature must
  chain to (the national root CA of Ban Cơ yếu Chính phủ for government
  signatures); the sandbox root is trusted only with the sandbox backend.
- ``SIGNING_TSA_URL``: an RFC 3161 time-stamping authority (PAdES-B-T);
  the sandbox stamps with its own TSA certificate in process.
"""

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BACKENDS = ("sandbox", "pkcs12", "pkcs11", "none")
CENTER = "CENTER"


def backend():
    name = (getattr(settings, "DOCUMENT_SIGNING_BACKEND", "sandbox") or "sandbox").strip().lower()
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"SIGNING_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}.")
    return name


def sandbox_dir():
    return Path(getattr(settings, "DOCUMENT_SIGNING_SANDBOX_DIR", None) or Path(settings.VAR_DIR) / "signing")


def signer_suffix(key):
    """``CENTER`` for the center, ``CA_TINH`` for agency code ``ca-tinh``."""
    return re.sub(r"[^A-Z0-9]", "_", str(key or CENTER).upper()) or CENTER


def per_signer(name, key):
    """``<name>_<SIGNER>`` from the environment, else ``<name>`` for the
    center only (an agency never borrows the center's key)."""
    suffix = signer_suffix(key)
    value = os.environ.get(f"{name}_{suffix}")
    if value:
        return value
    if suffix == CENTER:
        return os.environ.get(name) or ""
    return ""


def trust_root_paths():
    return [Path(p) for p in getattr(settings, "DOCUMENT_SIGNING_TRUST_ROOTS", ()) if p]


def tsa_url():
    return getattr(settings, "DOCUMENT_SIGNING_TSA_URL", "") or ""


def max_upload_bytes():
    return int(getattr(settings, "DOCUMENT_SIGNING_VERIFY_MAX_MB", 20)) * 1024 * 1024
