"""msckg pathway: routes, reachability, branch points, growth series and drawings of the
synthesis and transformation map, built from the stored query cq07-pathway-edges."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from msckg.commands._output import check_writable as _check_writable, write_output
from msckg.errors import InputError, NotFoundError
from msckg.paths import project_layout
from msckg.pathways import analysis, report
from msckg.pathways.graph import pathway_graph
from msckg.pathways.render import ENGINES, RenderOptions, format_of_suffix, formats, get_format, render
from msckg.pathways.resolve import resolve_species
from msckg.query.store import EmbeddedStore

_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                       show_default=True, help="text for reading, json for programs")


class _Context:
    """The store and the graph, opened on first use."""

    def __init__(self, endpoint: str | None = None, timeout: float = 30.0) -> None:
        self.layout = project_layout()
        self.endpoint = endpoint
        self.timeout = timeout
        self._store = None
        self._graph = None

    @property
    def store(self):
        if self._store is None:
            if self.endpoint is None:
                self._store = EmbeddedStore.open(self.layout.build / "store")
            else:  # any SPARQL 1.1 endpoint: the graph is asked only through the Store interface
                from msckg.query.endpoint import EndpointStore

                self._store = EndpointStore(self.endpoint, timeout=self.timeout)
        return self._store

    @property
    def graph(self):
        if self._graph is None:
            self._graph = pathway_graph(self.store, self.layout.queries)
        return self._graph

    def species(self, text: str) -> list[str]:
        return resolve_species(self.graph, text, self.store, self.layout.queries)


def _endpoint_options(command):
    """--endpoint and --timeout after the subcommand too ('pathway routes A B --endpoint URL')."""
    @functools.wraps(command)
    def run(obj: _Context, *args, endpoint: str | None = None, timeout: float | None = None, **kwargs):
        if endpoint is not None:
            obj.endpoint = endpoint
        if timeout is not None:
            obj.timeout = timeout
        return command(obj, *args, **kwargs)

    run = click.option("--timeout", type=float, default=None, help="seconds to wait for the endpoint")(run)
    return click.option("--endpoint", default=None, metavar="URL",
                        help="a SPARQL 1.1 query endpoint instead of the embedded store under build/")(run)


def _emit(fmt: str, text: str, data) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(text, nl=False)


@click.group(invoke_without_command=True)
@click.option("--all", "everything", is_flag=True,
              help="the whole map: every step as text, or drawn with --format and --out")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="with --all: text, json, or a drawing format (dot, svg, png, graphml, mermaid)")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="with --all: write the drawing here")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="svg/png: Graphviz 'dot' if on PATH (auto), or matplotlib")
@click.option("--endpoint", default=None, metavar="URL",
              help="a SPARQL 1.1 query endpoint instead of the embedded store under build/")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="seconds to wait for the endpoint")
@click.pass_context
def pathway(ctx: click.Context, everything: bool, fmt: str | None, out: Path | None, engine: str,
            endpoint: str | None, timeout: float) -> None:
    """Synthesis and transformation pathways: species joined by steps (synthesis, isomerization,
    ion exchange, growth, conversion ...). Species are named as chemists type them:
    'ZnSe PCs', '(CdSe)33', '(CdSe)33/34', 'MSC-399', 'Cu2Se'."""
    ctx.obj = _Context(endpoint, timeout)
    if ctx.invoked_subcommand is not None:
        if everything or fmt or out:
            raise InputError("--all, --format and --out before a subcommand apply to the whole map only",
                             hint="put options after the subcommand, e.g. 'msckg pathway draw --all --format png'")
        return
    if not everything:
        click.echo(ctx.get_help())
        return
    graph = ctx.obj.graph
    if fmt in (None, "text", "json") and out is None:
        _emit(fmt or "text", report.map_text(graph), report.map_json(graph))
        return
    _draw(graph, fmt or _format_from(out), out, engine, title=None)


def _format_from(out: Path | None) -> str:
    if out is None:
        raise InputError("a drawing needs --format or --out", hint="e.g. --format png --out map.png")
    name = format_of_suffix(out.suffix)
    if name is not None:
        return name
    raise InputError(f"cannot tell the format of {out.name!r} from its suffix",
                     hint="give --format (" + ", ".join(formats()) + ")")


def _draw(graph, fmt: str, out: Path | None, engine: str, title: str | None) -> None:
    spec = get_format(fmt)
    named = format_of_suffix(out.suffix) if out is not None else None
    if named is not None and named != fmt:
        raise InputError(f"--format {fmt} does not match the file name {out.name!r} ({named})",
                         hint=f"write {fmt} to a {spec.suffix} file, or leave --format out")
    if out is not None:
        _check_writable(out)
    if len(graph) == 0:
        raise NotFoundError("nothing to draw", hint="check the species named")
    options = RenderOptions(engine=engine) if title is None else RenderOptions(title=title, engine=engine)
    data = render(graph, fmt, options)
    if out is None:
        if spec.binary:
            raise InputError(f"{fmt} is binary: give --out FILE", hint=f"e.g. --out map{spec.suffix}")
        sys.stdout.write(data.decode("utf-8"))
        return
    write_output(out, data)
    click.echo(f"wrote {out} ({fmt}, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} arrows)",
               err=True)


@pathway.command("routes")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--max-steps", type=click.IntRange(1, 50), default=analysis.DEFAULT_MAX_STEPS, show_default=True)
@click.option("--limit", type=click.IntRange(1, 10000), default=analysis.DEFAULT_LIMIT, show_default=True,
              help="at most this many routes")
@_FORMAT
@click.pass_obj
@_endpoint_options
def routes_cmd(obj: _Context, source: str, target: str, max_steps: int, limit: int, fmt: str) -> None:
    """Every route from FROM to TO (simple paths of at most --max-steps steps), shortest first,
    with each step's kind, reagents, stimuli, conditions and references."""
    sources, targets = obj.species(source), obj.species(target)
    found = analysis.routes(obj.graph, sources, targets, max_steps=max_steps, limit=limit)
    if not found:
        names = report.names_slash
        raise NotFoundError(f"no route from {names(obj.graph, sources)} to {names(obj.graph, targets)}"
                            f" in at most {max_steps} steps",
                            hint=f'msckg pathway reachable "{source}" lists what it leads to')
    _emit(fmt, report.routes_text(obj.graph, sources, targets, found, limit),
          {"from": sources, "to": targets, "routes": [report.route_json(obj.graph, r) for r in found]})


@pathway.command("reachable")
@click.argument("source", metavar="FROM")
@click.option("--max-steps", type=click.IntRange(1, 1000), default=None, help="no further than this")
@_FORMAT
@click.pass_obj
@_endpoint_options
def reachable_cmd(obj: _Context, source: str, max_steps: int | None, fmt: str) -> None:
    """Every species that can be made from FROM, nearest first, each with a shortest route."""
    start = obj.species(source)
    found = analysis.reachable(obj.graph, start, max_steps=max_steps)
    _emit(fmt, report.reach_text(obj.graph, start, found, upstream=False),
          report.reach_json(obj.graph, start, found, upstream=False))


@pathway.command("into")
@click.argument("product", metavar="PRODUCT")
@click.option("--max-steps", type=click.IntRange(1, 1000), default=None, help="no further back than this")
@_FORMAT
@click.pass_obj
@_endpoint_options
def into_cmd(obj: _Context, product: str, max_steps: int | None, fmt: str) -> None:
    """Every species PRODUCT can be made from (its precursors, their precursors ...)."""
    target = obj.species(product)
    found = analysis.into(obj.graph, target, max_steps=max_steps)
    _emit(fmt, report.reach_text(obj.graph, target, found, upstream=True),
          report.reach_json(obj.graph, target, found, upstream=True))


@pathway.command("branches")
@_FORMAT
@click.pass_obj
@_endpoint_options
def branches_cmd(obj: _Context, fmt: str) -> None:
    """Branch points: species that lead to two or more different products."""
    found = analysis.branch_points(obj.graph)
    _emit(fmt, report.branches_text(obj.graph, found), report.branches_json(obj.graph, found))


@pathway.command("series")
@click.option("--kind", default=analysis.GROWTH_KIND, show_default=True,
              help="the step class whose chains to follow (local name)")
@_FORMAT
@click.pass_obj
@_endpoint_options
def series_cmd(obj: _Context, kind: str, fmt: str) -> None:
    """Growth series: maximal chains of layer-by-layer growth steps (cluster after cluster)."""
    known = analysis.step_kinds(obj.graph)
    match = {k.casefold(): k for k in known}.get(kind.casefold())
    if match is None:
        raise InputError(f"no step kind {kind!r} in the map", hint="kinds: " + ", ".join(sorted(known)))
    found = analysis.growth_series(obj.graph, match)
    _emit(fmt, report.series_text(obj.graph, found), report.series_json(obj.graph, found))


@pathway.command("missing-conditions")
@_FORMAT
@click.pass_obj
@_endpoint_options
def missing_cmd(obj: _Context, fmt: str) -> None:
    """Steps for which the sources state no condition and no stimulus."""
    found = analysis.missing_conditions(obj.graph)
    _emit(fmt, report.missing_text(obj.graph, found), report.missing_json(obj.graph, found))


@pathway.command("draw")
@click.option("--all", "everything", is_flag=True, help="the whole map (the default)")
@click.option("--from", "source", default=None, metavar="SPECIES", help="only what is made from SPECIES")
@click.option("--to", "target", default=None, metavar="SPECIES", help="only what leads to SPECIES")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="dot, svg, png, graphml, json or mermaid (default: from the --out suffix)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="the file to write (text formats go to stdout without it)")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="svg/png: Graphviz 'dot' if on PATH (auto), or matplotlib")
@click.option("--title", default=None, help="the drawing's title")
@click.pass_obj
@_endpoint_options
def draw_cmd(obj: _Context, everything: bool, source: str | None, target: str | None, fmt: str | None,
             out: Path | None, engine: str, title: str | None) -> None:
    """Draw the map (or the part from/to a species): nodes named by formula or label, arrows
    coloured by step kind and labelled with kind, reagents, conditions and references."""
    if everything and (source or target):
        raise InputError("--all draws the whole map; leave it out with --from or --to",
                         hint="e.g. 'msckg pathway draw --from \"ZnSe PCs\" --format svg --out zn.svg'")
    fmt = fmt or _format_from(out)
    graph = obj.graph
    if source or target:
        sources = obj.species(source) if source else []
        targets = obj.species(target) if target else []
        graph = analysis.subgraph(graph, sources, targets)
        if source and target and not analysis.routes(obj.graph, sources, targets, limit=1):
            raise NotFoundError(f"no route from {source!r} to {target!r}", hint="draw --from or --to alone")
        if graph.number_of_edges() == 0:  # one lonely node is no drawing
            side, other = ("made from", "--to") if source else ("leads to", "--from")
            raise NotFoundError(f"nothing in the map is {side} {source or target!r}" if source else
                                f"nothing in the map leads to {target!r}",
                                hint=f"try {other} {source or target!r}, or 'msckg pathway into/reachable'")
        if title is None:
            parts = ([f"from {report.names_slash(obj.graph, sources)}"] if sources else []) + \
                    ([f"to {report.names_slash(obj.graph, targets)}"] if targets else [])
            title = "Pathways " + " ".join(parts)
    _draw(graph, fmt, out, engine, title)
