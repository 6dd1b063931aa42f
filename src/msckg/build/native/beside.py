"""Checks that only read the store, run in a thread beside the reasoning.

Why a thread: Oxigraph evaluates a query without holding Python's GIL (two threads
querying one store take the time of one, measured), and so does rudof, so on a
machine with two cores the provenance checks and the SHACL shapes (about 45 s at
10^6 triples) run while the main line reasons. They read the ontology and the
asserted graph, which nothing writes after the tables are compiled; the reasoning
writes its own graphs.

Errors keep the order of the sequential build. Each step has a place in that order;
when the main line fails at place m, a step of the thread that failed at a place
before m is the error raised, as it would have been raised first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Step:
    name: str  # the phase its time is reported under, with " (beside)"
    place: int  # its place in the order of the sequential build
    run: Callable[[], Any]


@dataclass
class Beside:
    steps: list[Step]
    results: dict[str, Any] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    error: tuple[int, BaseException] | None = None
    _thread: threading.Thread | None = None

    def start(self) -> "Beside":
        self._thread = threading.Thread(target=self._work, name="msckg-checks", daemon=True)
        self._thread.start()
        return self

    def _work(self) -> None:
        for step in self.steps:
            t = time.perf_counter()
            try:
                self.results[step.name] = step.run()
            except BaseException as exc:  # handed to the main line, which raises it
                self.error = (step.place, exc)
                return
            finally:
                key = f"{step.name} (beside)"
                self.phases[key] = self.phases.get(key, 0.0) + time.perf_counter() - t

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def finish(self) -> dict[str, Any]:
        """Wait for every step; raise the first error; the steps' results by name."""
        self.join()
        if self.error is not None:
            raise self.error[1]
        return self.results

    def failed_before(self, place: int) -> BaseException | None:
        """After join: the thread's error, if its step comes before place in the sequential order."""
        if self.error is not None and self.error[0] < place:
            return self.error[1]
        return None
