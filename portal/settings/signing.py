"""Digital signatures of the documents the portal issues (``portal/signing/``),
read from the environment; imported at the end of ``base``. README,
"Configuration", lists every variable. The settings are ``DOCUMENT_SIGNING_*``
(Django's own ``SIGNING_BACKEND`` is its cookie signer); the variables
``SIGNING_*``. Per-signer keys and passwords (``SIGNING_PKCS12_PATH_<SIGNER>``
…) are read from the environment when signing (``portal.signing.conf``)."""

from .env import env, env_list

# sandbox (local CA under var/signing/) | pkcs12 | pkcs11 | none;
# production.py defaults to none: a server never signs with a sandbox key by accident
DOCUMENT_SIGNING_BACKEND = env("SIGNING_BACKEND", "sandbox")
DOCUMENT_SIGNING_SANDBOX_DIR = env("SIGNING_SANDBOX_DIR")  # default PORTAL_VAR_DIR/signing
DOCUMENT_SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", [])
DOCUMENT_SIGNING_TSA_URL = env("SIGNING_TSA_URL", "")
DOCUMENT_SIGNING_VERIFY_MAX_MB = int(env("SIGNING_VERIFY_MAX_MB", "20"))
