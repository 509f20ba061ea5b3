"""A local SMTP server for the tests (aiosmtpd), collecting what it receives."""
from __future__ import annotations

from contextlib import contextmanager
from email import message_from_bytes, policy

from webserver import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@contextmanager
def smtp_server():
    from aiosmtpd.controller import Controller
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()
