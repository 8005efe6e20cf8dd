"""Synchronisation with the national public-service portal (Cổng Dịch vụ
công quốc gia, DVCQG) through its LGSP adapter (``eforms.national``).

``national_settings`` is called by ``base`` (sandbox off) and again by
``dev`` and ``test`` (sandbox on unless ``NATIONAL_PORTAL_SANDBOX=0``). With
the sandbox on and no ``NATIONAL_PORTAL_URL``, the portal talks to its own
sandbox receiver at ``<PORTAL_BASE_URL>/dvcqg-sandbox/``; with neither, the
status push is off (nothing is recorded)."""

import hashlib

from .env import env, env_bool


def sandbox_token(secret_key):
    """The bearer token the sandbox accepts when ``NATIONAL_PORTAL_TOKEN`` is unset."""
    return "sbx-" + hashlib.sha256(f"national-sandbox:{secret_key}".encode()).hexdigest()[:40]


def national_settings(base_url, secret_key, sandbox_default):
    sandbox = env_bool("NATIONAL_PORTAL_SANDBOX", sandbox_default)
    url = env("NATIONAL_PORTAL_URL", "")
    if not url and sandbox:
        url = base_url.rstrip("/") + "/dvcqg-sandbox/"
    client_id = env("NATIONAL_PORTAL_CLIENT_ID", "")
    token = env("NATIONAL_PORTAL_TOKEN", "")
    if sandbox and not token and not client_id:
        token = sandbox_token(secret_key)
    return {
        "NATIONAL_PORTAL_SANDBOX": sandbox,
        # LGSP adapter base URL; the paths below are appended to it.
        "NATIONAL_PORTAL_URL": url,
        "NATIONAL_PORTAL_AUTH_PATH": env("NATIONAL_PORTAL_AUTH_PATH", "auth"),
        "NATIONAL_PORTAL_INTEGRATION_PATH": env("NATIONAL_PORTAL_INTEGRATION_PATH", "integration"),
        # A static bearer token, or client credentials exchanged for a session.
        "NATIONAL_PORTAL_TOKEN": token,
        "NATIONAL_PORTAL_CLIENT_ID": client_id,
        "NATIONAL_PORTAL_CLIENT_SECRET": env("NATIONAL_PORTAL_CLIENT_SECRET", ""),
        # Mã đơn vị of the province on the national portal (madonvi).
        "NATIONAL_PORTAL_UNIT_CODE": env("NATIONAL_PORTAL_UNIT_CODE", "000.00.00.H00"),
        "NATIONAL_PORTAL_CONNECT_TIMEOUT": float(env("NATIONAL_PORTAL_CONNECT_TIMEOUT", "5")),
        "NATIONAL_PORTAL_READ_TIMEOUT": float(env("NATIONAL_PORTAL_READ_TIMEOUT", "30")),
        # The status push on the shared outbox: attempts, back-off base · 2^(n-1)
        # capped, lease of a claimed message (longer than both timeouts), sweep.
        "NATIONAL_SYNC_MAX_ATTEMPTS": int(env("NATIONAL_SYNC_MAX_ATTEMPTS", "10")),
        "NATIONAL_SYNC_BACKOFF_BASE": float(env("NATIONAL_SYNC_BACKOFF_BASE", "30")),
        "NATIONAL_SYNC_BACKOFF_MAX": float(env("NATIONAL_SYNC_BACKOFF_MAX", "3600")),
        "NATIONAL_SYNC_LEASE": float(env("NATIONAL_SYNC_LEASE", "120")),
        "NATIONAL_SYNC_SWEEP_INTERVAL": float(env("NATIONAL_SYNC_SWEEP_INTERVAL", "60")),
        "NATIONAL_SYNC_SWEEP_GRACE": float(env("NATIONAL_SYNC_SWEEP_GRACE", "60")),
        "NATIONAL_SYNC_SWEEP_BATCH": int(env("NATIONAL_SYNC_SWEEP_BATCH", "500")),
        # Catalogue refresh from the national procedure database (seconds).
        "NATIONAL_CATALOGUE_REFRESH_SECONDS": float(env("NATIONAL_CATALOGUE_REFRESH_SECONDS", "86400")),
        # How long the sandbox sleeps when told to time out (tests set it low).
        "NATIONAL_SANDBOX_DELAY_SECONDS": float(env("NATIONAL_SANDBOX_DELAY_SECONDS", "35")),
    }
