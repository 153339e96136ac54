"""An in-process ASGI app served over real HTTP: uvicorn on a free loopback port, in a daemon thread.

Everything then goes over HTTP as for a remote server: one code path for Schemathesis, the scenario clients and the
curl lines; one event loop for the app (the mock's store is lock-free and its background automation runs on that
loop between requests); real socket timeouts for an app that hangs. starlette's TestClient would instead run the app
on a loop of its own, and Schemathesis's ASGI transport on yet another one.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from conformance.credentials import TargetError

ASGIApp = Callable[..., Any]


class LoopbackServer:
    """An ASGI app served by uvicorn on 127.0.0.1 and a free port, in a daemon thread, until stop()."""

    def __init__(self, app: ASGIApp) -> None:
        import uvicorn  # only in-process targets need it

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))  # the port is ours from here on: no race with another process
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="auto", timeout_graceful_shutdown=2, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"conformance-asgi-{self.port}",
            daemon=True,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise TargetError("the ASGI app stopped while starting (see the log above)")
            if time.monotonic() > deadline:
                self.stop()
                raise TargetError(f"the ASGI app did not start within {timeout}s")
            time.sleep(0.01)  # waiting for uvicorn's readiness flag, set from its thread

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout=5)
        self._socket.close()
