"""The msckg command: a thin shell that gathers the command groups.

Each module in msckg/commands/ holds the commands of one step. A command's module
is imported only when that command runs (or its own --help is asked for), so
``msckg --help`` and ``msckg --version`` load click and nothing of the graph
stack (rdflib, networkx, owlready2, matplotlib).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path

import click

from msckg.errors import MsckgError

# name -> (module in msckg.commands, attribute, the command's short help, untruncated).
# The help line is kept here so that listing the commands imports none of them;
# tests/test_cli.py checks that each line equals the command's own short help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("build_cmd", "build",
        "Load, check, validate, reason; write the complete graph under build/."),
    "check": ("check_cmd", "check",
        "Parse ontology and data and check terms, provenance and quotes (no reasoning)."),
    "coverage": ("coverage_cmd", "coverage_cmd",
        "Per section: sentences quoted as evidence, marked not fact-bearing, and uncovered."),
    "describe": ("describe_cmd", "describe",
        "Every fact about the entity named TEXT (a formula, MSC-nnn, a label), with sources."),
    "export": ("export_cmd", "export",
        "Write the built graph (build/) in another syntax."),
    "import": ("import_cmd", "import_cmd",
        "Load an external ontology or extract (OWL as RDF/XML, OWL/XML or functional syntax, Turtle, N-Triples, JSON-LD, OBO) into build/store as graph external/NAME, so stored queries can use its class hierarchy through the mappings."),
    "links": ("links_cmd", "links",
        "Per category (species, materials, techniques, reactions, units, sources): entities mapped to external vocabularies (and to which), checked with no term found, and never checked."),
    "ms": ("ms_cmd", "ms",
        "Monoisotopic and average mass, most abundant peak and isotope pattern of SPECIES (a name or a formula)."),
    "pathway": ("pathway_cmd", "pathway",
        "Synthesis and transformation pathways: species joined by steps (synthesis, isomerization, ion exchange, growth, conversion ...)."),
    "photocatalysis": ("photocatalysis_cmd", "photocatalysis",
        "Photocatalysis arithmetic on the graph: feasibility from band edges, potentials at any pH, the redox ladder."),
    "publish": ("serve_cmd", "publish",
        "Load the built graph (build/msckg.nq) into a store, one named graph per request."),
    "queries": ("query_cmd", "queries",
        "List the stored queries: name, competency question, title and parameters."),
    "qc": ("qc_cmd", "qc",
        "Ontology QC of the build: ROBOT-style report checks and the OWL 2 DL profile of each part (exit 1 on any violation)."),
    "query": ("query_cmd", "query",
        "Run the stored query NAME (see 'msckg queries') or a query file FILE.rq."),
    "reason": ("reason_cmd", "reason",
        "Reason over ontology and data (no files written): what the reasoner and rules add."),
    "sentences": ("sentences_cmd", "sentences",
        "Print the sentence inventory (Turtle) of a source folder with fulltext and layout.toml."),
    "serve": ("serve_cmd", "serve",
        "Serve the built graph on the web: pages, linked data and a read-only SPARQL endpoint (Ctrl-C stops it)."),
    "site": ("site_cmd", "site",
        "Write the pages of the built graph as a static site (HTML files with relative links) to DIR."),
    "validate": ("validate_cmd", "validate",
        "Check terms, provenance and quotes, then list every SHACL violation (exit 1 if any)."),
    "new-source": ("new_source_cmd", "new_source",
        "Write a commented template for a new source under data/KEY/."),
    "reconcile": ("reconcile_cmd", "reconcile",
        "Likely duplicate species across sources, with the reason and how each is resolved."),
    "check-quotes": ("check_quotes_cmd", "check_quotes",
        "Check a cited source's sentence fingerprints against your own copy of its text."),
    "init": ("init_cmd", "init_cmd",
        "Make a project folder: the packaged ontology and queries, an empty data folder, a sample source."),
}


def load_command(name: str) -> click.Command:
    module, attribute, _ = COMMANDS[name]
    return getattr(importlib.import_module(f"msckg.commands.{module}"), attribute)


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit))
                for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):  # one line and an exit code, never a traceback
        try:
            return super().invoke(ctx)
        except MsckgError as exc:
            click.echo(f"msckg: error: {exc}", err=True)
            sys.exit(exc.exit_code)


def _terminate(signum, frame):  # SIGTERM unwinds like Ctrl-C, so clean-up code runs
    raise SystemExit(128 + signum)


@click.group(cls=_LazyGroup)
@click.version_option(package_name="msckg", prog_name="msckg")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="The project folder (default: the nearest folder above with msckg.toml, "
                   "else $MSCKG_ROOT, else the review shipped with msckg).")
def main(project: Path | None) -> None:
    """Knowledge graph of II-VI magic-size clusters and photocatalytic CO2 reduction."""
    signal.signal(signal.SIGTERM, _terminate)
    if project is not None:
        if not (project / "ontology").is_dir():
            raise click.UsageError(f"{project} is not an msckg project (no ontology/ folder); "
                                   "'msckg init DIR' makes one")
        os.environ["MSCKG_ROOT"] = str(project.resolve())
