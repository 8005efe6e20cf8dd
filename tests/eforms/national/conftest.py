"""The national tests talk HTTP to the sandbox receiver through an
in-process transport: ``requests`` sends each request to
``http://testserver/`` through Django's test client (the real sandbox views,
middleware and database), and a request slower than its read timeout raises
``ReadTimeout`` as a socket would."""

import time
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from eforms.national import lgsp as national_http

SKIPPED_HEADERS = {"content-length", "content-type", "host", "accept-encoding", "connection"}


class DjangoTransport(BaseAdapter):
    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        parts = urlsplit(request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in SKIPPED_HEADERS}
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        self.sent.append((request.method, path, body))
        started = time.monotonic()
        answer = Client(raise_request_exception=False).generic(
            request.method,
            path,
            data=body,
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            headers=headers,
        )
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        if read_timeout is not None and time.monotonic() - started > read_timeout:
            raise requests.exceptions.ReadTimeout(f"read timed out after {read_timeout}s")
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(dict(answer.items()))
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


@pytest.fixture(autouse=True)
def transport(monkeypatch, settings):
    """Every gateway session reaches the sandbox in process."""
    adapter = DjangoTransport()

    def make_session():
        session = requests.Session()
        session.mount("http://testserver/", adapter)
        return session

    monkeypatch.setattr(national_http, "make_session", make_session)
    national_http._cached_session["value"] = ""
    settings.NATIONAL_SANDBOX_DELAY_SECONDS = 0.3
    settings.NATIONAL_SYNC_BACKOFF_BASE = 30
    return adapter
