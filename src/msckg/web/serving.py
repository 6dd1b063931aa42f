"""A small threaded HTTP server for the web application (standard library ``wsgiref``).

Each connection is handled in its own thread with a socket timeout, so a client
that sends nothing, or sends slowly, holds a thread for at most
``request_timeout`` seconds; the queries themselves are bounded by the worker
pool. The server binds to loopback unless told otherwise.
"""

from __future__ import annotations

import socketserver
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def _handler(request_timeout: float, quiet: bool) -> type[WSGIRequestHandler]:
    class Handler(WSGIRequestHandler):
        timeout = request_timeout  # socket timeout for reading the request (slow clients)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
            if not quiet:
                super().log_message(format, *args)

    return Handler


def make_web_server(app, host: str = "127.0.0.1", port: int = 7878, *, request_timeout: float = 30.0,
                    quiet: bool = True) -> WSGIServer:
    return make_server(host, port, app, server_class=_ThreadingServer,
                       handler_class=_handler(request_timeout, quiet))


class BackgroundServer:
    """The server in a thread of this process (tests, and ``msckg serve`` while it waits)."""

    def __init__(self, server: WSGIServer):
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
