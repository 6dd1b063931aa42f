"""ROBOT-report-style checks as stored SPARQL violation queries (queries/qc/*.rq).

Each query selects the violating entities; no row means the check passes. ROBOT
itself is not available here, so its report checks are written as plain SPARQL and
run on the built graph (the embedded store or any endpoint).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from msckg.query.answers import answer
from msckg.query.catalog import StoredQuery, load_catalog
from msckg.query.formats import readable
from msckg.query.store import Store


@dataclass
class CheckResult:
    name: str
    title: str
    level: str
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.rows


def qc_queries(queries: Path) -> dict[str, StoredQuery]:
    return load_catalog(queries / "qc")


def level_of(query: StoredQuery) -> str:
    for line in query.text.splitlines():
        if line.startswith("#+ level:"):
            return line.split(":", 1)[1].strip()
    return "ERROR"


def run_checks(store: Store, queries: Path) -> list[CheckResult]:
    """Every QC query on the store; its rows are the violations, as readable text."""
    results = []
    for name, query in sorted(qc_queries(queries).items()):
        found = answer(store, query)
        rows = [{var: readable(row[var]) for var in found.variables if var in row} for row in found.rows]
        results.append(CheckResult(name=name, title=query.title, level=level_of(query), rows=rows))
    return results


def format_results(results: list[CheckResult]) -> str:
    lines = []
    for result in results:
        status = "ok" if result.passed else f"{len(result.rows)} violation(s)"
        lines.append(f"{result.level:5s} {result.name}: {result.title}: {status}")
        for row in result.rows[:20]:
            lines.append("      " + "  ".join(f"{k}={v}" for k, v in row.items()))
        if len(result.rows) > 20:
            lines.append(f"      ... and {len(result.rows) - 20} more")
    return "\n".join(lines) + "\n"
