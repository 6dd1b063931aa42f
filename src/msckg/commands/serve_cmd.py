from __future__ import annotations

import signal

import click

from msckg.paths import project_layout
from msckg.query.server import OxigraphServer, publish as publish_graphs


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(1, 3600), default=30, show_default=True,
              help="Seconds a query may run before the server stops it.")
def serve(host: str, port: int, timeout: int) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint (Ctrl-C stops it).

    Queries go to http://HOST:PORT/query; the default graph is the union of all
    graphs. Updates are refused.
    """
    _check_port_free(host, port)
    server = OxigraphServer(project_layout().build / "store", host=host, port=port, read_only=True,
                            timeout_s=timeout)
    signal.signal(signal.SIGTERM, _interrupt)  # a terminated 'msckg serve' stops its server too
    try:
        server.start()
        click.echo(f"SPARQL endpoint: {server.query_url} (read-only, query timeout {timeout} s; Ctrl-C stops it)")
        code = server.wait()
    finally:
        server.stop()
    if code not in (0, -2, -15):
        raise SystemExit(code)


def _check_port_free(host: str, port: int) -> None:
    """A busy port is one line: else the other program's server answers our start-up check."""
    import socket

    from msckg.errors import InputError

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror})",
                         hint="stop the program that uses the port, or give another --port") from None


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL of the target store (Oxigraph: http://HOST:PORT/store).")
@click.option("--method", type=click.Choice(["PUT", "POST"]), default="PUT", show_default=True,
              help="PUT replaces each named graph, POST adds to it.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait per graph.")
def publish(endpoint: str, method: str, timeout: float) -> None:
    """Load the built graph (build/msckg.nq) into a store, one named graph per request."""
    sent = publish_graphs(project_layout().build / "msckg.nq", endpoint, method=method, timeout=timeout)
    for graph, count in sent.items():
        click.echo(f"{graph}: {count} triples")
    click.echo(f"published {sum(sent.values())} triples in {len(sent)} graphs to {endpoint}")
