"""A real IMAP server for the tests: pymap (pure Python, in-memory ``dict`` backend) started
as a subprocess on a free port, with one mailbox the test fills through IMAP APPEND."""

from __future__ import annotations

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


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    pytest.importorskip("pymap")
    server = ImapServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
