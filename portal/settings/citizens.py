"""Citizen sign-in (OpenID Connect relying party) and the sandbox identity
provider. ``citizen_settings`` is called by ``base`` (sandbox off) and again
by ``dev`` and ``test`` (sandbox on unless ``CITIZEN_OIDC_SANDBOX=0``).

The sandbox provider signs its ID tokens with an RSA key generated at first
start under ``var/sandbox-idp/`` (never committed)."""

import hashlib
import os
from pathlib import Path

from .env import env, env_bool

DEFAULT_CLAIMS = {
    "ID_NUMBER": "so_dinh_danh",
    "FULL_NAME": "name",
    "BIRTH_DATE": "birthdate",
    "SEX": "gender",
    "ADDRESS": "address",
    "PHONE": "phone_number",
    "EMAIL": "email",
    "LEVEL": "loa",
}
SANDBOX_CLIENT_ID = "cong-dvc-sandbox"
BCP_RFC9700 = {
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}


def sandbox_private_key(var_dir):
    """The sandbox provider's RSA key (PEM): read from ``var/``, generated the
    first time; concurrent first starts agree on one file (link, not replace)."""
    folder = Path(var_dir) / "sandbox-idp"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "oidc-rsa.pem"
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        tmp = folder / f".oidc-rsa.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text()


def citizen_settings(var_dir, base_url, secret_key, *, sandbox_default):
    sandbox = env_bool("CITIZEN_OIDC_SANDBOX", sandbox_default)
    values = {
        "CITIZEN_OIDC_SANDBOX": sandbox,
        "CITIZEN_OIDC_ISSUER": env("CITIZEN_OIDC_ISSUER", f"{base_url.rstrip('/')}/sandbox-idp" if sandbox else ""),
        "CITIZEN_OIDC_CLIENT_ID": env("CITIZEN_OIDC_CLIENT_ID", SANDBOX_CLIENT_ID if sandbox else ""),
        "CITIZEN_OIDC_CLIENT_SECRET": env(
            "CITIZEN_OIDC_CLIENT_SECRET",
            hashlib.sha256(f"sandbox-idp:{secret_key}".encode()).hexdigest()[:40] if sandbox and secret_key else "",
        ),
        "CITIZEN_OIDC_SCOPES": " ".join(
            env("CITIZEN_OIDC_SCOPES", "openid profile email phone address").replace(",", " ").split()
        ),
        "CITIZEN_OIDC_REDIRECT_URI": env("CITIZEN_OIDC_REDIRECT_URI", f"{base_url.rstrip('/')}/dang-nhap/xac-thuc/"),
        "CITIZEN_OIDC_TIMEOUT": float(env("CITIZEN_OIDC_TIMEOUT", "10")),
        "CITIZEN_OIDC_CLAIMS": {
            key: env(f"CITIZEN_OIDC_CLAIM_{key}", default) for key, default in DEFAULT_CLAIMS.items()
        },
        "CITIZEN_SESSION_MAX_AGE": int(env("CITIZEN_SESSION_MAX_AGE", "1800")),
        # the provider is only a sandbox, but it follows RFC 9700 (OAuth 2.0 Security BCP): check --deploy stays quiet
        "OAUTH2_PROVIDER": {"OIDC_ENABLED": False, **BCP_RFC9700},
    }
    if sandbox:
        values["OAUTH2_PROVIDER"] = {
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": sandbox_private_key(var_dir),
            "PKCE_REQUIRED": True,
            "OAUTH2_VALIDATOR_CLASS": "eforms.citizens.sandbox.validator.SandboxValidator",
            "SCOPES": {
                "openid": "OpenID Connect",
                "profile": "Họ tên, ngày sinh, giới tính",
                "email": "Thư điện tử",
                "phone": "Số điện thoại",
                "address": "Địa chỉ thường trú",
            },
            "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
            "ACCESS_TOKEN_EXPIRE_SECONDS": 600,
            "ID_TOKEN_EXPIRE_SECONDS": 600,
            **BCP_RFC9700,
            # the sandbox runs on http://127.0.0.1 and http://localhost
            "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": False,
            "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
        }
    return values
