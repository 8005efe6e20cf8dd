"""Real Celery worker processes for the integration and fault tests.

Import the fixtures you need in a ``conftest.py``::

    from tests.worker_fixtures import broker, celery_worker_factory  # noqa: F401

The broker under test is ``CELERY_BROKER_URL`` (Redis or RabbitMQ), or the
embedded kombu ``filesystem://`` transport in a private directory. The test
process and the worker share the test database: pytest-django's test DB (a
file for SQLite, see ``portal.settings.test``; ``test_<name>`` on
PostgreSQL), so tests using a worker must use ``transactional_db``.

``broker`` can also be broken and restored (``broker.stop()`` /
``broker.start()``): a throwaway ``redis-server`` the test owns and kills
for Redis, a TCP proxy in front of RabbitMQ whose connections are cut, and a
filesystem queue directory that disappears for the embedded transport.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


# --- brokers -----------------------------------------------------------------


class FilesystemBroker:
    """kombu's filesystem transport in a private directory. ``stop`` makes
    the queue directory vanish (a lost mount): publishing fails."""

    kind = "filesystem"

    def __init__(self, root):
        self.root = Path(root)
        self.url = "filesystem://"
        self.queue_dir = self.root / "queue"
        self.result_backend = f"file://{self.root / 'celery-results'}"
        for sub in ("messages", "control", "processed"):
            (self.queue_dir / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "celery-results").mkdir(parents=True, exist_ok=True)
        self.transport_options = {
            "data_folder_in": str(self.queue_dir / "messages"),
            "data_folder_out": str(self.queue_dir / "messages"),
            "control_folder": str(self.queue_dir / "control"),
            "processed_folder": str(self.queue_dir / "processed"),
            "store_processed": False,
            "polling_interval": 0.1,
        }
        self._aside = self.queue_dir / "messages.down"

    def worker_env(self):
        # The worker's settings put QUEUE_DIR under its PORTAL_VAR_DIR.
        return {
            "PORTAL_VAR_DIR": str(self.root),
            "CELERY_BROKER_URL": self.url,
            "CELERY_RESULT_BACKEND": self.result_backend,
        }

    def stop(self):
        os.rename(self.queue_dir / "messages", self._aside)

    def start(self):
        if self._aside.exists():
            os.rename(self._aside, self.queue_dir / "messages")

    def close(self):
        self.start()


class RedisBroker:
    """A throwaway ``redis-server`` owned by the test (never the shared one)."""

    kind = "redis"

    def __init__(self, root):
        self.root = Path(root)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.result_backend = self.url
        self.transport_options = {"visibility_timeout": 3600}
        self.proc = None
        self.start()

    def worker_env(self):
        return {
            "PORTAL_VAR_DIR": str(self.root),
            "CELERY_BROKER_URL": self.url,
            "CELERY_RESULT_BACKEND": self.result_backend,
        }

    def start(self):
        binary = shutil.which("redis-server")
        if not binary:
            pytest.fail("redis-server is needed to break a private Redis broker (apt-get install redis-server)")
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def up():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(up, 10, 0.05, "redis-server to start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # a crash: everything in memory is lost
            self.proc.wait(5)

    def close(self):
        self.stop()


class TcpProxy(threading.Thread):
    """Forward 127.0.0.1:<port> to a real broker; ``cut`` closes every
    connection and refuses new ones until ``resume``."""

    def __init__(self, target_host, target_port):
        super().__init__(daemon=True)
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._pairs = []
        self._listener = None
        self._stopped = threading.Event()
        self._open_listener()
        self.start()

    def _open_listener(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.2)
        self._listener = listener

    def run(self):
        while not self._stopped.is_set():
            listener = self._listener
            if listener is None:
                time.sleep(0.05)
                continue
            try:
                client, _addr = listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    def _pipe(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def cut(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def resume(self):
        if self._listener is None:
            self._open_listener()

    def close(self):
        self.cut()
        self._stopped.set()


class AmqpBroker:
    """The RabbitMQ of ``CELERY_BROKER_URL`` behind a TCP proxy the test
    owns: stopping the shared service would hurt other users of it."""

    kind = "amqp"

    def __init__(self, root, url):
        self.root = Path(root)
        parts = urlsplit(url)
        self.proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672)
        netloc = f"{parts.username or 'guest'}:{parts.password or 'guest'}@127.0.0.1:{self.proxy.port}"
        self.url = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        self.direct_url = url
        self.result_backend = "rpc://"
        self.transport_options = {}

    def worker_env(self):
        return {
            "PORTAL_VAR_DIR": str(self.root),
            "CELERY_BROKER_URL": self.url,
            "CELERY_RESULT_BACKEND": self.result_backend,
        }

    def stop(self):
        self.proxy.cut()

    def start(self):
        self.proxy.resume()

    def close(self):
        self.proxy.close()

    def delete_queues(self, names):
        from kombu import Connection

        with Connection(self.direct_url) as conn:
            channel = conn.channel()
            for name in names:
                try:
                    channel.queue_delete(name)
                except Exception:  # noqa: BLE001 - a missing queue closes the channel; reopen and go on
                    channel = conn.channel()


def _reset_app(app):
    """Forget the Celery app's pooled connections and result backend."""
    if app._pool is not None:
        try:
            app._pool.force_close_all()
        except Exception:  # noqa: BLE001 - tearing down a pool whose broker was killed on purpose
            pass
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app._backend_cache = None
    if getattr(app._local, "backend", None) is not None:
        app._local.backend = None


@pytest.fixture
def broker(tmp_path_factory):
    """The broker under test, private to this test, used by this process
    (not eagerly) and by the workers it starts."""
    from portal.celery import app

    root = Path(tempfile.mkdtemp(prefix="portal-worker-"))
    url = os.environ.get("CELERY_BROKER_URL", "") or "filesystem://"
    if url.startswith(("redis://", "rediss://")):
        instance = RedisBroker(root)
    elif url.startswith(("amqp://", "amqps://", "pyamqp://")):
        instance = AmqpBroker(root, url)
    else:
        instance = FilesystemBroker(root)

    saved = {
        key: app.conf.get(key)
        for key in (
            "broker_url",
            "result_backend",
            "broker_transport_options",
            "task_always_eager",
            "broker_connection_timeout",
        )
    }
    _reset_app(app)
    # Celery reads CELERY_BROKER_URL / CELERY_RESULT_BACKEND from the
    # environment before its configuration: point them at this broker too.
    saved_env = {key: os.environ.get(key) for key in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
    os.environ["CELERY_BROKER_URL"] = instance.url
    os.environ["CELERY_RESULT_BACKEND"] = instance.result_backend
    app.conf.broker_url = instance.url
    app.conf.result_backend = instance.result_backend
    app.conf.broker_transport_options = instance.transport_options
    app.conf.task_always_eager = False
    app.conf.broker_connection_timeout = 2
    try:
        yield instance
    finally:
        instance.close()
        _reset_app(app)
        for key, value in saved.items():
            app.conf[key] = value
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(root, ignore_errors=True)


# --- workers -------------------------------------------------------------------


def database_url():
    """The URL of the database this test process uses (the test DB)."""
    from django.db import connection

    settings = connection.settings_dict
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        name = str(settings["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("a worker cannot share an in-memory SQLite database")
        return f"sqlite:///{name}"
    if settings["ENGINE"] == "django.db.backends.postgresql":
        user = settings.get("USER") or ""
        password = settings.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings.get("HOST") or "127.0.0.1"
        port = settings.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{settings['NAME']}"
    pytest.fail(f"no worker support for {settings['ENGINE']}")


class WorkerProcess:
    def __init__(self, cmd, env, log_path):
        self.cmd = cmd
        self.env = env
        self.log_path = Path(log_path)
        self.proc = None

    def start(self, timeout=40):
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.cmd, env=self.env, cwd=str(REPO), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

        def ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log()[-4000:]}")
            return re.search(r"\bready\.|event=worker_ready", self.log(offset))

        wait_for(ready, timeout, 0.2, "the Celery worker to be ready")
        return self

    def ensure_running(self):
        """What a supervisor (systemd ``Restart=always``, ``make run``) does:
        start the worker again if it exited. Returns True if restarted."""
        if self.proc is not None and self.proc.poll() is not None:
            self.restarts = getattr(self, "restarts", 0) + 1
            self.start()
            return True
        return False

    def log(self, offset=0):
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(offset)
                return fh.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def kill9(self):
        """SIGKILL the worker and its pool processes (a crashed host)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        """A warm shutdown (SIGTERM, as systemd sends it): the worker
        finishes its tasks, flushes its acks and stops its pool. Once it
        logs ``worker_stopped`` (tests/worker_hooks.py) only the process's
        own exit is left, which takes seconds: the process group is killed
        then. The group is killed too if the shutdown takes over 15 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        os.kill(self.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while self.proc.poll() is None and time.monotonic() < deadline:
            if "event=worker_stopped" in self.log(offset):
                break
            time.sleep(0.05)
        self.kill9()


@pytest.fixture
def celery_worker_factory(broker, tmp_path):
    """Start real ``celery -A portal worker`` processes on ``broker``:
    ``start(queues=[...], beat=False, env={...})`` returns a WorkerProcess."""
    workers = []

    def start(queues=("default",), beat=False, env=None, concurrency=2, name=None):
        name = name or f"w{len(workers) + 1}-{uuid.uuid4().hex[:6]}"
        full_env = dict(os.environ)
        full_env.update(
            {
                "DJANGO_SETTINGS_MODULE": "portal.settings.test",
                "CELERY_TASK_ALWAYS_EAGER": "0",
                "DATABASE_URL": database_url(),
                "PYTHONPATH": str(REPO) + os.pathsep + full_env.get("PYTHONPATH", ""),
                "LOG_LEVEL": "INFO",
                # only the hand-off sweep: other periodic tasks would publish
                # to a shared broker's "default" queue
                "CELERY_BEAT_ONLY": "handoff-redispatch-due",
            }
        )
        full_env.update(broker.worker_env())
        full_env.update(env or {})
        cmd = [
            CELERY,
            "-A",
            "portal",
            "worker",
            "--loglevel",
            "INFO",
            "--hostname",
            f"{name}@%h",
            "--queues",
            ",".join(queues),
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--include",
            "tests.worker_hooks",
        ]
        if beat:
            cmd += ["--beat", "--schedule", str(tmp_path / f"beat-{name}")]
        worker = WorkerProcess(cmd, full_env, tmp_path / f"{name}.log")
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.stop()
