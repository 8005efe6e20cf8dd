"""The embedded broker transport: an outage is a connection error, a
partial or corrupt message file never kills the worker."""

import os
import uuid

import pytest
from kombu import Connection, Exchange, Queue

from portal.kombu_filesystem import QueueDirectoryUnavailable, Transport


@pytest.fixture
def name():
    # kombu keeps declared bindings in process-wide state: one queue per test
    return f"backoffice.t{uuid.uuid4().hex[:8]}"


@pytest.fixture
def folders(tmp_path):
    for sub in ("messages", "control", "processed"):
        (tmp_path / sub).mkdir()
    return tmp_path


def connection(folders):
    return Connection(
        transport=Transport,
        transport_options={
            "data_folder_in": str(folders / "messages"),
            "data_folder_out": str(folders / "messages"),
            "control_folder": str(folders / "control"),
            "processed_folder": str(folders / "processed"),
            "polling_interval": 0.05,
        },
    )


def test_round_trip_and_no_partial_file_visible(folders, name):
    queue = Queue(name, Exchange(name, "direct"), routing_key=name)
    with connection(folders) as conn:
        producer = conn.Producer()
        producer.publish({"n": 1}, exchange=queue.exchange, routing_key=name, declare=[queue])
        names = os.listdir(folders / "messages")
        assert len(names) == 1 and names[0].endswith(f".{name}.msg")  # renamed, no .tmp left
        message = conn.SimpleQueue(queue).get(timeout=5)
        assert message.payload == {"n": 1}
        message.ack()


def test_corrupt_message_is_skipped_not_fatal(folders, name, caplog):
    queue = Queue(name, Exchange(name, "direct"), routing_key=name)
    with connection(folders) as conn:
        conn.Producer().publish({"n": 2}, exchange=queue.exchange, routing_key=name, declare=[queue])
        # an empty file sorted first, as left by a writer caught mid-write
        (folders / "messages" / f"0_half.{name}.msg").write_bytes(b"")
        with caplog.at_level("ERROR", logger="eforms.handoff.transport"):
            message = conn.SimpleQueue(queue).get(timeout=5)
        assert message.payload == {"n": 2}
        assert "event=broker_message_undecodable" in caplog.text


def test_missing_queue_directory_is_a_connection_error(folders):
    with connection(folders) as conn:
        channel = conn.channel()
        os.rename(folders / "messages", folders / "gone")
        with pytest.raises(QueueDirectoryUnavailable):
            channel._put("backoffice.stp", {"n": 3})
        with pytest.raises(QueueDirectoryUnavailable):
            channel._get("backoffice.stp")
        assert QueueDirectoryUnavailable in Transport.connection_errors
    with pytest.raises(QueueDirectoryUnavailable):
        connection(folders).connect()
