"""msckg qc: the ontology QC report of the built graph."""

from __future__ import annotations

import json
import sys

import click

from msckg.paths import project_layout


@click.command()
@click.option("--profile/--no-profile", default=True, show_default=True,
              help="Also check the OWL 2 DL profile of every part of build/ with the OWL API.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def qc(profile: bool, fmt: str) -> None:
    """Ontology QC of the build: ROBOT-style report checks and the OWL 2 DL profile of each part (exit 1 on any violation)."""
    from msckg.qc.profile import build_imports, check_profile, checker_unavailable
    from msckg.qc.report import format_results, run_checks
    from msckg.query.store import EmbeddedStore

    layout = project_layout()
    results = run_checks(EmbeddedStore.open(layout.build / "store"), layout.queries)
    failed = any(not r.passed for r in results)
    profiles = []
    if profile:
        reason = checker_unavailable()
        if reason:
            click.echo(f"msckg: the OWL 2 DL profile check is skipped: {reason}", err=True)
        else:
            files = sorted(layout.build.glob("*.ttl"))
            profiles = check_profile(files, build_imports(layout.build))
            failed |= any(p.violations for p in profiles)
    if fmt == "json":
        click.echo(json.dumps({
            "checks": [{"name": r.name, "title": r.title, "level": r.level, "violations": r.rows} for r in results],
            "profile": [{"file": p.path, "ontology": p.ontology, "axioms": p.axioms,
                         "violations": [{"kind": k, "description": d} for k, d in p.violations]}
                        for p in profiles]}, indent=2, ensure_ascii=False))
    else:
        click.echo(format_results(results), nl=False)
        for p in profiles:
            status = "OWL 2 DL" if not p.violations else f"{len(p.violations)} OWL 2 DL violation(s)"
            click.echo(f"PROFILE {p.path}: {p.axioms} axioms, {status}")
            for kind, description in p.violations[:10]:
                click.echo(f"      {kind}: {description[:200]}")
    if failed:
        sys.exit(1)
