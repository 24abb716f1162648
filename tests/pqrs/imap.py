"""A real IMAP server for the tests: pymap (pure Python, in-memory ``dict`` backend) started
as a subprocess on a free port, with one mailbox the test fills through IMAP APPEND."""

from __future__ import annotations

import atexit
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

USER = "pqrs@entidad.test"
PASSWORD = "clave-de-prueba"  # a throwaway test server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ImapServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        pymap = Path(sys.executable).with_name("pymap")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(pymap),
                "--host", "127.0.0.1", "--port", str(self.port), "--no-tls",
                "--no-service", "admin",
                "dict", "--demo-user", USER, "--demo-password", PASSWORD,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("pymap did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def deliver(self, message: EmailMessage | bytes) -> None:
        """Put a message in the INBOX (unseen), as a mail server's delivery would."""
        from imap_tools import MailBoxUnencrypted

        raw = message if isinstance(message, bytes) else message.as_bytes()
        with MailBoxUnencrypted("127.0.0.1", self.port).login(USER, PASSWORD) as box:
            box.append(raw, "INBOX", flag_set=())

    def unseen(self) -> int:
        from imap_tools import AND, MailBoxUnencrypted

        with MailBoxUnencrypted("127.0.0.1", self.port).login(USER, PASSWORD) as box:
            return len(list(box.uids(AND(seen=False))))

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def empty(self) -> None:
        """Delete every message of the INBOX (the only folder the intake reads or writes)."""
        from imap_tools import MailBoxUnencrypted

        with MailBoxUnencrypted("127.0.0.1", self.port).login(USER, PASSWORD) as box:
            uids = list(box.uids())
            if uids:
                box.delete(uids)


_shared: ImapServer | None = None


def _stop_shared() -> None:
    if _shared is not None:
        _shared.stop()


atexit.register(_stop_shared)  # the worker's last test leaves it running


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    """The server with an empty INBOX. One process serves the tests of a worker (starting
    pymap costs about a second); a test that stops it gets a new one for the next test."""
    global _shared
    pytest.importorskip("pymap")
    if _shared is None or not _shared.running():
        _shared = ImapServer()
        _shared.start()
    else:
        _shared.empty()
    yield _shared
