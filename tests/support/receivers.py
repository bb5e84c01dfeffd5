"""A real webhook endpoint on loopback: every POST kept (headers, raw body, JSON); can go down.

It is the shared loopback portal (tests/support/portal.py) on a port kept across restarts."""

from __future__ import annotations

import socket

from tests.support.portal import LoopbackPortal


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebhookReceiver:
    """The loopback portal on a fixed port recording POSTs; ``status`` is its answer (a non-2xx
    answer records nothing: the sender must retry); stop() and start() again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.posts: list[dict] = []
        self._status = 200
        self._portal: LoopbackPortal | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    @property
    def bodies(self) -> list[dict]:
        """The JSON bodies received, in order."""
        return [post["json"] for post in self.posts]

    @property
    def status(self) -> int:
        return self._status

    @status.setter
    def status(self, value: int) -> None:
        self._status = value
        if self._portal is not None:
            self._portal.fault = None if 200 <= value < 300 else value

    def start(self) -> WebhookReceiver:
        self._portal = LoopbackPortal(port=self.port)
        self._portal.posts = self.posts
        self.status = self._status
        return self

    def stop(self) -> None:
        if self._portal is not None:
            self._portal.stop()
            self._portal = None
