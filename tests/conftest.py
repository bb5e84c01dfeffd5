"""Fixtures for every test package: the shared loopback portal and a real webhook receiver
(tests/support/)."""

from __future__ import annotations

import pytest

from tests.support.portal import LoopbackPortal
from tests.support.receivers import WebhookReceiver

ALLOW_ALL = "User-agent: *\nDisallow:\n"


@pytest.fixture
def portal():
    """A loopback portal whose robots.txt allows everything; each test sets its routes and faults."""
    with LoopbackPortal() as server:
        server.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, ALLOW_ALL)
        yield server


@pytest.fixture
def webhook():
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()
