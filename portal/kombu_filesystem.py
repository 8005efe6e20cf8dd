"""The embedded broker: kombu's filesystem transport, made safe for a real
worker next to a busy web server.

Stock kombu has two failure modes the hand-off cannot live with:

* a vanished or unreadable queue directory is an "Unrecoverable error" and
  the worker exits. Here it is what it is, a broker outage: a
  ``ConnectionError`` that Celery's consumer answers by reconnecting until
  the directory is back, and that publishers see as a failed publish (the
  hand-off outbox keeps the branch and retries);
* a message file is created empty and written afterwards, while the
  consumer reads without the writer's lock: under load the worker reads a
  half-written message, fails to decode it and exits (seen in
  ``bench/handoff.py``). Here a message is written to a hidden temporary
  file and renamed into place (atomic on POSIX), and a message that still
  cannot be decoded is logged and dropped instead of killing the worker
  (the outbox publishes it again).

Selected by ``CELERY_BROKER_TRANSPORT`` when ``CELERY_BROKER_URL`` is
``filesystem://`` (see ``portal/settings/base.py``).
"""

import logging
import os
import shutil
import tempfile
import uuid
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger("eforms.handoff.transport")


class QueueDirectoryUnavailable(ConnectionError):
    """The queue directory is missing or unusable: the broker is down."""


def _check_folders(options):
    for key in ("data_folder_in", "data_folder_out"):
        folder = options.get(key)
        if folder and not os.path.isdir(folder):
            raise QueueDirectoryUnavailable(f"queue directory {folder} is not available")


class Channel(filesystem.Channel):
    def _guard(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (ChannelError, OSError) as exc:
            if isinstance(exc, QueueDirectoryUnavailable):
                raise
            _check_folders(self.transport_options)  # raises if that is the cause
            raise

    def _put(self, queue, payload, **kwargs):
        """Write the message under a hidden name, then rename it into the
        queue: a consumer never sees a partial file."""
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        temporary = os.path.join(self.data_folder_out, f".tmp-{uuid.uuid4().hex}")
        try:
            with open(temporary, "wb", buffering=0) as fh:
                fh.write(str_to_bytes(dumps(payload)))
            os.rename(temporary, final)
        except OSError as exc:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            _check_folders(self.transport_options)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        return self._guard(self._get_message, queue)

    def _get_message(self, queue):
        wanted = f"{queue}.msg"
        for filename in sorted(os.listdir(self.data_folder_in)):
            if filename.startswith(".") or filename.partition(".")[2] != wanted:
                continue
            processed = self.processed_folder if self.store_processed else tempfile.gettempdir()
            try:
                shutil.move(os.path.join(self.data_folder_in, filename), processed)
            except OSError:
                continue  # taken by another consumer in the meantime
            path = os.path.join(processed, filename)
            try:
                with open(path, "rb") as fh:
                    payload = fh.read()
                if not self.store_processed:
                    os.remove(path)
            except OSError as exc:
                raise ChannelError(f"Cannot read file {path!r} from queue.") from exc
            try:
                return loads(bytes_to_str(payload))
            except ValueError:
                logger.error(
                    "event=broker_message_undecodable queue=%s file=%s bytes=%s", queue, filename, len(payload)
                )
                continue
        raise Empty()

    def _size(self, queue):
        return self._guard(super()._size, queue)

    def _purge(self, queue):
        return self._guard(super()._purge, queue)


class Transport(filesystem.Transport):
    Channel = Channel
    connection_errors = filesystem.Transport.connection_errors + (QueueDirectoryUnavailable,)

    def establish_connection(self):
        _check_folders(self.client.transport_options)
        return super().establish_connection()
