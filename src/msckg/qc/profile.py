"""The OWL 2 DL profile of files, checked with the OWL API (Debian's libowlapi-java).

A small committed Java program (owlapi/ProfileCheck.java) is run with the system
Java's source launcher, so nothing is compiled or downloaded at set-up. Imports
are resolved through an IRI-to-file map (a build folder's catalog), never fetched.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from msckg.errors import InputError

OWLAPI_JAR = Path("/usr/share/java/owlapi-distribution.jar")
CHECKER = Path(__file__).with_name("owlapi") / "ProfileCheck.java"


@dataclass
class FileProfile:
    path: str
    ontology: str = ""
    axioms: int = 0
    violations: list[tuple[str, str]] = field(default_factory=list)  # (kind, description)


def checker_unavailable() -> str | None:
    """Why the OWL API check cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "no 'java' on PATH (install a JDK 11+: apt-get install default-jdk-headless)"
    if not OWLAPI_JAR.is_file():
        return f"the OWL API is not installed ({OWLAPI_JAR} missing: apt-get install libowlapi-java)"
    return None


def check_profile(files: list[Path], imports: dict[str, Path] | None = None,
                  timeout: float = 600) -> list[FileProfile]:
    """OWL 2 DL profile violations of each file (each loaded on its own, imports mapped)."""
    reason = checker_unavailable()
    if reason:
        raise InputError("the OWL 2 DL profile check cannot run: " + reason)
    command = ["java", "-cp", str(OWLAPI_JAR.parent / "*"), str(CHECKER)]
    for iri, path in sorted((imports or {}).items()):
        command += ["--map", f"{iri}={Path(path).resolve()}"]
    command += [str(Path(f).resolve()) for f in files]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise InputError(f"the OWL API profile check took longer than {timeout:.0f} s") from None
    reports: dict[str, FileProfile] = {}
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "VIOLATION":
            path, violation, description = rest.split("\t", 2)
            reports.setdefault(path, FileProfile(path)).violations.append((violation, description))
        elif kind == "FILE":
            path, iri, axioms, _count = rest.split("\t")
            report = reports.setdefault(path, FileProfile(path))
            report.ontology, report.axioms = iri, int(axioms)
        elif kind == "ERROR":
            path, error, message = (rest.split("\t", 2) + ["", ""])[:3]
            raise InputError(f"the OWL API cannot load the file: {error} {message}"[:500], where=path)
    if done.returncode not in (0, 1) or len(reports) != len(files):
        raise InputError("the OWL API profile check failed: " + (done.stderr.strip().splitlines() or ["?"])[-1])
    return [reports[str(Path(f).resolve())] for f in files]


def build_imports(build: Path) -> dict[str, Path]:
    """IRI -> file for a build folder, read from its catalog-v001.xml (as Protégé does)."""
    import xml.etree.ElementTree as ET

    catalog = build / "catalog-v001.xml"
    if not catalog.is_file():
        return {}
    mapped = {}
    for element in ET.parse(catalog).getroot():
        if element.tag.endswith("uri") and element.get("name") and element.get("uri"):
            mapped[element.get("name")] = build / element.get("uri")
    return mapped
