from __future__ import annotations

import json
import sys

import click

from msckg.build.coverage import AIM, AIM_PARTS, aim_ratio, cited_coverage, coverage
from msckg.build.inputs import load_inputs
from msckg.errors import InputError
from msckg.paths import project_layout


@click.command(name="coverage")
@click.option("--source", "source_key", default=None, help="Source key (default: every source).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show-marked", is_flag=True, help="Also list sentences marked not fact-bearing, with reasons.")
def coverage_cmd(source_key: str | None, fmt: str, show_marked: bool) -> None:
    """Per section: sentences quoted as evidence, marked not fact-bearing, and uncovered."""
    # held sources by sentence of their text; cited ones by the locators of their sentences.tsv
    inputs = load_inputs(project_layout())
    cited_keys = inputs.cited_keys
    known = sorted(inputs.sources) + cited_keys
    if source_key is not None and source_key not in known:
        raise InputError(f"no source with key {source_key!r}",
                         hint="sources: " + (", ".join(known) or "none under data/"))
    keys = [source_key] if source_key else known
    result = {}
    cited = {}
    for key in keys:
        if key in cited_keys:
            cited[key] = cited_coverage(inputs.data, key)
        else:
            result[key] = coverage(inputs.data, inputs.sources[key])
    if fmt == "json":
        payload = {k: {"aim_parts": list(AIM_PARTS), "aim_ratio": round(aim_ratio(v), 4),
                       "parts": [{"part": p.part, "title": p.title, "total": p.total,
                                  "covered": p.covered, "marked": p.marked,
                                  "uncovered": [s for s, _ in p.uncovered]} for p in v]}
                   for k, v in result.items()}
        payload.update({k: {"text_held": False, "total": c.total, "used": c.used, "marked": c.marked,
                            "unused": [loc for loc, _ in c.unused]} for k, c in cited.items()})
        click.echo(json.dumps(payload, indent=2))
        return
    for key, c in cited.items():
        click.echo(f"source {key} (cited: text not held; coverage by the locators its facts use)")
        click.echo(f"  {'sentences':>9} {'used':>6} {'marked':>7} {'unused':>7}")
        click.echo(f"  {c.total:>9} {len(c.used):>6} {len(c.marked):>7} {len(c.unused):>7}")
        click.echo(f"  used: {', '.join(c.used) or '-'}")
        for locator, paraphrase in c.unused:
            click.echo(f"  unused {locator}: {paraphrase or '(no paraphrase)'}")
        if show_marked:
            for locator, reason in c.marked.items():
                click.echo(f"  marked {locator}: {reason}")
    if not result:
        return
    for key, parts in result.items():
        click.echo(f"source {key}")
        click.echo(f"  {'part':<16} {'sentences':>9} {'facts':>6} {'marked':>7} {'uncovered':>9}")
        for p in parts:
            click.echo(f"  {p.part:<16} {p.total:>9} {len(p.covered):>6} {len(p.marked):>7} {len(p.uncovered):>9}")
        ratio = aim_ratio(parts)
        verdict = "meets" if ratio >= AIM else "below"
        click.echo(f"  sections {AIM_PARTS[0]}-{AIM_PARTS[-1]}: {ratio:.1%} of sentences covered by facts "
                   f"({verdict} the {AIM:.0%} aim)")
        for p in parts:
            for sentence, text in p.uncovered:
                click.echo(f"  uncovered {sentence}: {text}")
            if show_marked:
                for sentence, reason in p.marked.items():
                    click.echo(f"  marked {sentence}: {reason}")
    sys.stdout.flush()
