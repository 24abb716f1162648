from tests.outbox.smtp import smtp_server  # noqa: F401
