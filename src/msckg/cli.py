"""The msckg command: a thin shell that gathers the command groups.

Each module in msckg/commands/ holds the commands of one step, next to the
code it drives; every click command found there is registered here.
"""

from __future__ import annotations

import importlib
import pkgutil
import signal
import sys

import click

from msckg import commands
from msckg.errors import MsckgError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # one line and an exit code, never a traceback
        try:
            return super().invoke(ctx)
        except MsckgError as exc:
            click.echo(f"msckg: error: {exc}", err=True)
            sys.exit(exc.exit_code)


def _terminate(signum, frame):  # SIGTERM unwinds like Ctrl-C, so clean-up code runs
    raise SystemExit(128 + signum)


@click.group(cls=_Group)
def main() -> None:
    """Knowledge graph of II-VI magic-size clusters and photocatalytic CO2 reduction."""
    signal.signal(signal.SIGTERM, _terminate)


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, click.Command) and value.name not in main.commands:
                main.add_command(value)


_register()
