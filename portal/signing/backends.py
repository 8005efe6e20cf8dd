"""The key of each signer, by ``SIGNING_BACKEND`` (see ``conf``):

- ``sandbox``: the local CA's certificate of that signer (issued on first
  use) and the sandbox TSA, so documents are PAdES-B-T here too;
- ``pkcs12``: ``SIGNING_PKCS12_PATH[_<SIGNER>]`` with its password, the
  certificate chain inside the file;
- ``pkcs11``: the key and certificate labelled for the signer on the token
  of ``SIGNING_PKCS11_MODULE`` (an HSM, or the USB token of a certificate
  issued by Ban Cơ yếu Chính phủ). Needs ``python-pkcs11`` installed next
  to the portal (not in ``requirements.txt``: a deployment with a token
  adds it with its vendor's module).

``SIGNING_TSA_URL`` (any backend but the sandbox's own) adds an RFC 3161
time stamp. A signer without a key raises ``SigningUnavailable``.
"""

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.sign import signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from portal.signing import conf, sandbox


class SigningUnavailable(Exception):
    """No key is configured for this signer, or it cannot be opened."""


def _asn1_cert(path):
    data = path.read_bytes()
    return asn1_x509.Certificate.load(_der(data))


def _der(data):
    if pem.detect(data):
        _, _, der = pem.unarmor(data)
        return der
    return data


def _mtime(path):
    return Path(path).stat().st_mtime_ns


@lru_cache(maxsize=64)
def _sandbox_signer(key_path, cert_path, root_path, _mtime):
    # loading (and checking) an RSA key costs ~40 ms: once per process and file
    root = _asn1_cert(Path(root_path))
    return signers.SimpleSigner.load(key_path, cert_path, other_certs=[root])


@lru_cache(maxsize=4)
def _sandbox_tsa(key_path, cert_path, root_path, _mtime):
    root = _asn1_cert(Path(root_path))
    tsa_key = asn1_keys.PrivateKeyInfo.load(_der(Path(key_path).read_bytes()))
    return DummyTimeStamper(
        tsa_cert=_asn1_cert(Path(cert_path)), tsa_key=tsa_key, certs_to_embed=SimpleCertificateStore.from_certs([root])
    )


def _sandbox(identity):
    issued = sandbox.issued_for(identity.stem, identity.name, identity.organisation)
    root = str(sandbox.root().cert_path)
    signer = _sandbox_signer(str(issued.key_path), str(issued.cert_path), root, _mtime(issued.key_path))
    if signer is None:
        raise SigningUnavailable(f"sandbox key of {identity.stem} unreadable")
    tsa = sandbox.tsa()
    return signer, _sandbox_tsa(str(tsa.key_path), str(tsa.cert_path), root, _mtime(tsa.key_path))


def _pkcs12(identity):
    path = conf.per_signer("SIGNING_PKCS12_PATH", identity.key)
    if not path:
        raise SigningUnavailable(f"SIGNING_PKCS12_PATH_{identity.suffix} is not set")
    password = conf.per_signer("SIGNING_PKCS12_PASSWORD", identity.key)
    try:
        signer = _pkcs12_signer(path, password, _mtime(path))
    except OSError as error:
        raise SigningUnavailable(f"cannot read {path}: {error}") from error
    if signer is None:
        raise SigningUnavailable(f"cannot open the PKCS#12 file of {identity.suffix} (wrong password?)")
    return signer


@lru_cache(maxsize=64)
def _pkcs12_signer(path, password, _mtime):
    return signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() if password else None)


@contextmanager
def _pkcs11(identity):
    # python-pkcs11 is optional (only deployments with a token install it):
    # imported here so the other backends work without it.
    try:
        from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11SigningContext
    except ImportError as error:
        raise SigningUnavailable("SIGNING_BACKEND=pkcs11 needs python-pkcs11 installed") from error
    module = conf.per_signer("SIGNING_PKCS11_MODULE", conf.CENTER)
    key_label = conf.per_signer("SIGNING_PKCS11_KEY_LABEL", identity.key)
    if not module or not key_label:
        raise SigningUnavailable(f"SIGNING_PKCS11_MODULE and SIGNING_PKCS11_KEY_LABEL_{identity.suffix} are needed")
    token = conf.per_signer("SIGNING_PKCS11_TOKEN_LABEL", conf.CENTER)
    config = PKCS11SignatureConfig(
        module_path=module,
        token_criteria=TokenCriteria(label=token) if token else None,
        key_label=key_label,
        cert_label=conf.per_signer("SIGNING_PKCS11_CERT_LABEL", identity.key) or key_label,
        user_pin=conf.per_signer("SIGNING_PKCS11_PIN", conf.CENTER) or None,
    )
    try:
        with PKCS11SigningContext(config) as signer:
            yield signer
    except Exception as error:  # the token's library raises its own types
        raise SigningUnavailable(f"PKCS#11 token: {error}") from error


def _timestamper():
    url = conf.tsa_url()
    return HTTPTimeStamper(url, timeout=10) if url else None


@contextmanager
def signer_for(identity):
    """``(signer, timestamper or None)`` of ``identity``, for one signature."""
    name = conf.backend()
    if name == "none":
        raise SigningUnavailable("SIGNING_BACKEND=none")
    if name == "sandbox":
        yield _sandbox(identity)
    elif name == "pkcs12":
        yield _pkcs12(identity), _timestamper()
    else:
        with _pkcs11(identity) as signer:
            yield signer, _timestamper()
