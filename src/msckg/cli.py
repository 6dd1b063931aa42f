"""The msckg command: a thin shell that gathers the command groups."""

from __future__ import annotations

import sys

import click

from msckg.errors import MsckgError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # one line and an exit code, never a traceback
        try:
            return super().invoke(ctx)
        except MsckgError as exc:
            click.echo(f"msckg: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group)
def main() -> None:
    """Knowledge graph of II-VI magic-size clusters and photocatalytic CO2 reduction."""


def _register() -> None:
    from msckg.commands import build_cmd, check_cmd

    main.add_command(check_cmd.check)
    main.add_command(build_cmd.build)


_register()
