"""The roots a signature must chain to: ``SIGNING_TRUST_ROOTS`` (PEM or DER
files: the national root CA of Ban Cơ yếu Chính phủ, a commercial CA the
province accepts), plus the sandbox root when ``SIGNING_BACKEND=sandbox``
(development, tests). A production portal never trusts a sandbox root."""

import structlog
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from portal.signing import conf, sandbox

log = structlog.get_logger(__name__)


def load_certificates(data):
    """Every certificate of a PEM bundle or one DER certificate."""
    if pem.detect(data):
        return [
            asn1_x509.Certificate.load(der)
            for kind, _, der in pem.unarmor(data, multiple=True)
            if kind == "CERTIFICATE"
        ]
    return [asn1_x509.Certificate.load(data)]


def trust_roots():
    roots = []
    for path in conf.trust_root_paths():
        try:
            roots.extend(load_certificates(path.read_bytes()))
        except (OSError, ValueError) as error:
            log.error("signing_trust_root_unreadable", path=str(path), error=str(error))
    if conf.backend() == "sandbox":
        roots.extend(load_certificates(sandbox.root().cert_path.read_bytes()))
    return roots
