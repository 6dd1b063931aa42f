"""Progress of the long commands (build, reason, import): the stage under way, on stderr, with
rich's spinner, and only on a terminal, so pipes and logs get the result lines alone."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def stages(command: str) -> Iterator[Callable[[str], None]]:
    """A callback that names the stage now running (a no-op when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        yield lambda stage: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    started = time.monotonic()
    with console.status(f"{command}: starting") as status:
        def show(stage: str) -> None:
            status.update(f"{command}: {stage}  [dim]({time.monotonic() - started:.0f} s)[/dim]")

        yield show
