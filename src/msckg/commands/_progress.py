"""Progress of the long commands (build, reason, import) on stderr, with rich, only on a terminal,
so pipes, logs and the output tests capture get the result lines alone.

The core reports through one callback: ``progress(stage)`` when a stage starts, and
``progress(stage, done, total)`` where the amount of work of the stage is known (files loaded,
triples imported). Where the command knows how many stages it has, the bar and its percentage
cover the whole command (stage 2 of 6 with half its files loaded is 25 %); otherwise they cover
the counted stage alone, and a stage whose work is not known shows the spinner only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Report = Callable[..., None]  # (stage: str, done: int | None = None, total: int | None = None)


@contextmanager
def stages(command: str, steps: int | None = None, console: Any = None) -> Iterator[Report]:
    """A callback for the core's progress reports (a no-op when stderr is not a terminal).

    steps: how many stages the command runs, if known. console: a rich Console to draw on (for
    a test that asks to see the bar); by default stderr, and only when it is a terminal.
    """
    if console is None:
        if not sys.stderr.isatty():
            yield lambda stage, done=None, total=None: None
            return
        from rich.console import Console

        console = Console(stderr=True)
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as bar:  # gone when done, as a spinner
        task = bar.add_task(f"{command}: starting", total=steps)
        state = {"stage": None, "started": 0}

        def report(stage: str, done: int | None = None, total: int | None = None) -> None:
            if stage != state["stage"]:
                state["stage"] = stage
                state["started"] += 1
            counted = done is not None and total
            text = f"{command}: {stage}" + (f" ({done}/{total})" if counted else "")
            if steps:
                position = state["started"] - 1 + (done / total if counted else 0.0)
                bar.update(task, description=text, completed=min(position, steps))
            elif counted:
                bar.update(task, description=text, total=total, completed=done)
            else:
                bar.update(task, description=text, total=None)
            bar.refresh()  # drawn now, not at the next tick: each report is seen

        yield report
        if steps:
            bar.update(task, description=f"{command}: done", completed=steps)
        elif bar.tasks[0].total:
            bar.update(task, description=f"{command}: done", completed=bar.tasks[0].total)
