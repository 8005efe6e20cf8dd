"""The sandbox certificate authority: a root CA generated on this machine
on first use, which issues the center's signing certificate, one per
agency and a time-stamping certificate. Files under
``SIGNING_SANDBOX_DIR`` (``var/signing/``, never committed): ``root.pem``,
``<signer>.pem`` (certificate) and ``<signer>.key`` (unencrypted private
key, mode 0600). Subjects carry Vietnamese names and say "thử nghiệm", so a
sandbox signature can never pass for a real one.

Creation is serialised by an exclusive lock on ``.lock``, so the web
server and the worker starting together make one root, not two.
"""

import datetime as dt
import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import structlog
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

from portal.signing import conf

log = structlog.get_logger(__name__)

ROOT = "root"
TSA = "tsa"
KEY_SIZE = 2048
ROOT_YEARS = 10
LEAF_YEARS = 3
SANDBOX_MARK = "thử nghiệm"


@dataclass(frozen=True)
class Issued:
    """A certificate and its key on disk."""

    cert_path: Path
    key_path: Path


def _name(common_name, organisation):
    province = getattr(settings, "PORTAL_PROVINCE_NAME", "")
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if province:
        attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province[:128]))
    attributes += [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"Chứng thư {SANDBOX_MARK}"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ]
    return x509.Name(attributes)


def _write(path, data, mode):
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _save(directory, stem, cert, key):
    issued = Issued(directory / f"{stem}.pem", directory / f"{stem}.key")
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write(issued.key_path, key_pem, 0o600)
    _write(issued.cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return issued


def _builder(subject, issuer, public_key, years):
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(*, signing=False, ca=False):
    return x509.KeyUsage(
        digital_signature=signing or not ca,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _make_root(directory, organisation):
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = _name(f"CA {SANDBOX_MARK} - Cổng dịch vụ công", organisation)
    cert = (
        _builder(name, name, key.public_key(), ROOT_YEARS)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    log.info("signing_sandbox_root_created", directory=str(directory))
    return _save(directory, ROOT, cert, key)


def _load(issued):
    cert = x509.load_pem_x509_certificate(issued.cert_path.read_bytes())
    key = serialization.load_pem_private_key(issued.key_path.read_bytes(), password=None)
    return cert, key


def _make_leaf(directory, root, stem, common_name, organisation, *, tsa=False):
    root_cert, root_key = _load(root)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    builder = (
        _builder(_name(common_name, organisation), root_cert.subject, key.public_key(), LEAF_YEARS)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=not tsa), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()), critical=False)
    )
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    cert = builder.sign(root_key, hashes.SHA256())
    log.info("signing_sandbox_certificate_issued", signer=stem, subject=common_name)
    return _save(directory, stem, cert, key)


@contextmanager
def _locked(directory):
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _existing(directory, stem):
    issued = Issued(directory / f"{stem}.pem", directory / f"{stem}.key")
    return issued if issued.cert_path.exists() and issued.key_path.exists() else None


def root(directory=None):
    """The sandbox root, created on first use."""
    directory = Path(directory or conf.sandbox_dir())
    found = _existing(directory, ROOT)
    if found:
        return found
    with _locked(directory):
        return _existing(directory, ROOT) or _make_root(directory, settings.PORTAL_CENTER_NAME)


def issued_for(stem, common_name, organisation, *, directory=None, tsa=False):
    """The certificate of signer ``stem`` (``center``, ``agency-stp``,
    ``tsa``), issued by the sandbox root on first use."""
    directory = Path(directory or conf.sandbox_dir())
    found = _existing(directory, stem)
    if found:
        return found
    the_root = root(directory)
    with _locked(directory):
        return _existing(directory, stem) or _make_leaf(directory, the_root, stem, common_name, organisation, tsa=tsa)


def tsa(directory=None):
    center = settings.PORTAL_CENTER_NAME
    return issued_for(TSA, f"Dịch vụ cấp dấu thời gian {SANDBOX_MARK}", center, directory=directory, tsa=True)
