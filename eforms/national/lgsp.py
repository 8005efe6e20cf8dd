"""The national portal's LGSP adapter over HTTP(S), JSON both ways.

Authentication: a static bearer token (``NATIONAL_PORTAL_TOKEN``), or client
credentials (``NATIONAL_PORTAL_CLIENT_ID`` / ``_SECRET``) posted to
``<URL>/auth`` as ``{"username", "password"}`` for a ``session`` (answer
``{"error_code": 0, "session": …}``), sent as the bearer token and as
``session`` in every body, renewed once when a request answers 401.

Every request body carries ``madonvi`` (``NATIONAL_PORTAL_UNIT_CODE``) and
``service``. ``DongBoHoSoMC`` sends ``{"isUpdating": "True"|"False", "data":
[record]}`` with the record's idempotency key in the ``Idempotency-Key``
header and as ``MaDongBo``; the answer ``{"error_code": "00"}`` is success
(``"duplicate": true`` when already received). HTTP 4xx other than 401, 408
and 429 is a refusal (not retried); timeouts, connection errors, 5xx,
401 after renewal and answers that are not the expected JSON are retried.
"""

import threading

import requests
import structlog
from django.conf import settings

from eforms.national.gateway import GatewayError, NationalPortalGateway, PushResult

log = structlog.get_logger(__name__)
RETRYABLE_STATUS = {401, 408, 425, 429}
_session_lock = threading.Lock()
_cached_session = {"value": ""}


def make_session():
    """The ``requests`` session used for every call (tests mount an in-process
    transport on it)."""
    return requests.Session()


def _url(path):
    return settings.NATIONAL_PORTAL_URL.rstrip("/") + "/" + path.strip("/") + "/"


def _timeouts():
    return (settings.NATIONAL_PORTAL_CONNECT_TIMEOUT, settings.NATIONAL_PORTAL_READ_TIMEOUT)


def _text(response):
    return (response.text or "")[:2000]


class HttpGateway(NationalPortalGateway):
    name = "http"

    def __init__(self, session=None):
        self.http = session or make_session()

    def configured(self):
        if not settings.NATIONAL_PORTAL_URL:
            return False, "NATIONAL_PORTAL_URL is not set"
        if not settings.NATIONAL_PORTAL_TOKEN and not (
            settings.NATIONAL_PORTAL_CLIENT_ID and settings.NATIONAL_PORTAL_CLIENT_SECRET
        ):
            return False, "NATIONAL_PORTAL_TOKEN or NATIONAL_PORTAL_CLIENT_ID/SECRET is not set"
        return True, ""

    # --- authentication --------------------------------------------------------

    def _token(self, renew=False):
        if settings.NATIONAL_PORTAL_TOKEN:
            return settings.NATIONAL_PORTAL_TOKEN
        with _session_lock:
            if renew or not _cached_session["value"]:
                _cached_session["value"] = self._login()
            return _cached_session["value"]

    def _login(self):
        body = {"username": settings.NATIONAL_PORTAL_CLIENT_ID, "password": settings.NATIONAL_PORTAL_CLIENT_SECRET}
        answer = self._post(settings.NATIONAL_PORTAL_AUTH_PATH, body, headers={})
        session = answer.get("session") if str(answer.get("error_code")) in {"0", "00"} else None
        if not isinstance(session, str) or not session:
            raise GatewayError("authentication refused by the national portal", response=str(answer)[:2000])
        return session

    # --- one request -------------------------------------------------------------

    def _post(self, path, body, headers):
        try:
            response = self.http.post(_url(path), json=body, headers=headers, timeout=_timeouts())
        except requests.Timeout as exc:
            raise GatewayError(f"timeout: {exc}") from exc
        except requests.RequestException as exc:
            raise GatewayError(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 500 or response.status_code in RETRYABLE_STATUS:
            raise GatewayError(f"HTTP {response.status_code}", response=_text(response))
        try:
            answer = response.json()
        except ValueError as exc:
            raise GatewayError(
                f"malformed answer (HTTP {response.status_code}, not JSON)", response=_text(response)
            ) from exc
        if not isinstance(answer, dict) or "error_code" not in answer:
            raise GatewayError(
                f"malformed answer (HTTP {response.status_code}, no error_code)", response=_text(response)
            )
        if response.status_code >= 400:
            raise GatewayError(
                f"refused (HTTP {response.status_code}): {answer.get('message', '')}"[:2000],
                retryable=False,
                response=_text(response),
            )
        return answer

    def _call(self, service, extra, headers=None):
        body = {"madonvi": settings.NATIONAL_PORTAL_UNIT_CODE, "service": service, **extra}
        for attempt in (1, 2):
            token = self._token(renew=attempt == 2)
            body["session"] = token
            try:
                answer = self._post(
                    settings.NATIONAL_PORTAL_INTEGRATION_PATH,
                    body,
                    headers={"Authorization": f"Bearer {token}", **(headers or {})},
                )
            except GatewayError as error:
                if attempt == 1 and "HTTP 401" in str(error) and not settings.NATIONAL_PORTAL_TOKEN:
                    continue
                raise
            if str(answer.get("error_code")) not in {"0", "00"}:
                raise GatewayError(
                    f"refused: error_code {answer.get('error_code')}: {answer.get('message', '')}"[:2000],
                    retryable=False,
                    response=str(answer)[:2000],
                )
            return answer
        raise GatewayError("unauthorised")  # pragma: no cover - the loop returns or raises

    # --- the interface -------------------------------------------------------------

    def push_status(self, record, idempotency_key, *, is_update):
        answer = self._call(
            "DongBoHoSoMC",
            {"isUpdating": "True" if is_update else "False", "data": [record]},
            headers={"Idempotency-Key": str(idempotency_key)},
        )
        return PushResult(duplicate=bool(answer.get("duplicate")), response=str(answer)[:2000])

    def fetch_catalogue(self):
        answer = self._call("LayDanhSachTTHC", {})
        result = answer.get("result")
        if not isinstance(result, list):
            raise GatewayError("malformed answer: result is not a list", response=str(answer)[:2000])
        return result
