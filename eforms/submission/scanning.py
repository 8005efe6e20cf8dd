"""Virus-scan hook for uploaded files.

``ClamdBackend`` talks to ClamAV's daemon with the INSTREAM command over TCP
(``CLAMD_HOST``/``CLAMD_PORT``) or a unix socket (``CLAMD_SOCKET``);
without either setting the no-op backend accepts every file. A scanner
that cannot be reached rejects the upload (fail closed) unless
``CLAMD_FAIL_OPEN`` is set.
"""

import socket
import struct
from dataclasses import dataclass

import structlog
from django.conf import settings

log = structlog.get_logger(__name__)
CHUNK = 64 * 1024


@dataclass
class ScanResult:
    clean: bool
    signature: str = ""
    error: str = ""


class NoopBackend:
    name = "noop"

    def scan(self, fileobj):
        return ScanResult(clean=True)


class ClamdBackend:
    name = "clamd"

    def __init__(self, host=None, port=3310, unix_socket=None, timeout=30):
        self.host, self.port, self.unix_socket, self.timeout = host, int(port), unix_socket, timeout

    def _connect(self):
        if self.unix_socket:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(self.unix_socket)
            return sock
        return socket.create_connection((self.host, self.port), timeout=self.timeout)

    def scan(self, fileobj):
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                fileobj.seek(0)
                while True:
                    chunk = fileobj.read(CHUNK)
                    if not chunk:
                        break
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0"):
                    data = sock.recv(4096)
                    if not data:
                        break
                    reply += data
            fileobj.seek(0)
        except OSError as exc:
            log.error("virus_scan_unavailable", error=str(exc))
            if getattr(settings, "CLAMD_FAIL_OPEN", False):
                return ScanResult(clean=True, error=str(exc))
            return ScanResult(clean=False, error=str(exc))
        text = reply.rstrip(b"\0").decode("utf-8", "replace")
        # "stream: OK" or "stream: Eicar-Test-Signature FOUND"
        if text.endswith("OK"):
            return ScanResult(clean=True)
        if text.endswith("FOUND"):
            signature = text.split(":", 1)[-1].rsplit(" ", 1)[0].strip()
            return ScanResult(clean=False, signature=signature)
        return ScanResult(clean=False, error=text)


def get_scanner():
    unix_socket = getattr(settings, "CLAMD_SOCKET", "") or ""
    host = getattr(settings, "CLAMD_HOST", "") or ""
    if unix_socket or host:
        return ClamdBackend(host=host, port=getattr(settings, "CLAMD_PORT", 3310), unix_socket=unix_socket or None)
    return NoopBackend()


def scan_file(fileobj):
    return get_scanner().scan(fileobj)
