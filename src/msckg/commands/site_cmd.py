from __future__ import annotations

from pathlib import Path

import click

from msckg.paths import project_layout


@click.command()
@click.option("--out", "out", required=True, metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (created; its former pages are replaced).")
def site(out: Path) -> None:
    """Write the pages of the built graph as a static site (HTML files with relative links) to DIR.

    The same pages 'msckg serve' shows, for hosting anywhere or opening from the
    file system: open DIR/index.html. Query pages show the answer for the
    default parameters; running other values needs 'msckg serve'.
    """
    from msckg.query.store import EmbeddedStore
    from msckg.web.static_site import write_site

    layout = project_layout()
    store = EmbeddedStore.open(layout.build / "store")
    written = write_site(store, layout, out, progress=lambda text: click.echo(text, err=True))
    click.echo(f"wrote {written} files to {out} (open {out / 'index.html'})")
