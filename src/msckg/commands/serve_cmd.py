from __future__ import annotations

import signal

import click

from msckg.paths import project_layout
from msckg.errors import InputError
from msckg.query.server import publish as publish_graphs


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else serves the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=30, show_default=True,
              help="Seconds a query may run before its worker is killed (answered 504).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Queries that may run at once; more are refused with 503.")
@click.option("--max-result-mb", type=click.FloatRange(0.001, 4096), default=32, show_default=True,
              help="Largest answer in MB; a larger one is refused, never cut short.")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="A SERVICE target federated queries may call (repeatable); all others are refused.")
@click.option("--request-timeout", type=click.FloatRange(0.1, 3600), default=30, show_default=True,
              help="Seconds a client may take to send its request.")
@click.option("--log", is_flag=True, help="Log every request to stderr.")
def serve(host: str, port: int, timeout: float, workers: int, max_result_mb: float,
          allow_service: tuple[str, ...], request_timeout: float, log: bool) -> None:
    """Serve the built graph on the web: pages, linked data and a read-only SPARQL endpoint (Ctrl-C stops it).

    HTML pages for people and Turtle, N-Triples or JSON-LD for programs at
    /resource/ID, /ontology/ID and /graph/NAME; SPARQL 1.1 queries at
    http://HOST:PORT/query, each run in a worker process that is killed at the
    time limit. SERVICE, updates and over-deep or over-long queries are refused.
    """
    from msckg.query.workers import Limits, QueryService
    from msckg.web.app import WebApp
    from msckg.web.serving import make_web_server

    _check_port_free(host, port)
    layout = project_layout()
    store = layout.build / "store"
    if not store.is_dir():
        raise InputError("no built store", where=str(store), hint="run 'msckg build' first")
    limits = Limits(timeout_s=timeout, concurrency=workers, max_result_bytes=int(max_result_mb * 1024 * 1024),
                    allow_service=tuple(allow_service))
    signal.signal(signal.SIGTERM, _interrupt)  # a terminated 'msckg serve' stops its workers too
    with QueryService(store, limits) as service:
        service.warm_up()  # the workers open the store before the server says it is ready
        server = make_web_server(WebApp(layout, service), host, port, request_timeout=request_timeout,
                                 quiet=not log)
        bound = server.server_address[1]
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"warning: serving on {host}, not only this machine", err=True)
        click.echo(f"SPARQL endpoint: http://{host}:{bound}/query (read-only, query timeout {timeout:g} s, "
                   f"{workers} workers; Ctrl-C stops it)")
        click.echo(f"pages: http://{host}:{bound}/", nl=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


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
