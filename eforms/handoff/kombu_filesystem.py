"""The embedded broker: kombu's filesystem transport, made to survive an
unavailable queue directory.

Stock kombu treats a vanished or unreadable queue directory as a crash
("Unrecoverable error" and the worker exits). Here it is what it is, a
broker outage: a ``ConnectionError`` that Celery's consumer answers by
reconnecting until the directory is back, and that publishers see as a
failed publish (the hand-off outbox keeps the branch and retries). Selected
by ``CELERY_BROKER_TRANSPORT`` when ``CELERY_BROKER_URL`` is
``filesystem://`` (see ``portal/settings/base.py``).
"""
import os

from kombu.exceptions import ChannelError
from kombu.transport import filesystem


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

    def _get(self, queue):
        return self._guard(super()._get, queue)

    def _put(self, queue, payload, **kwargs):
        return self._guard(super()._put, queue, payload, **kwargs)

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
