"""Mappings to external ontologies, kept as SSSOM tables and emitted as triples.

Each mapping becomes ``subject <skos predicate> object`` with an axiom annotation
carrying the label seen in the external source and the justification; a row
whose object is sssom:NoTermFound becomes ``subject msc:unmappedChecked comment``
(checked, nothing suitable exists: different from never checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from msckg.errors import InputError
from msckg.namespaces import MSC, bind_prefixes
from msckg.axioms import add_annotated

NO_TERM = "sssom:NoTermFound"
PREDICATES = {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
              "skos:relatedMatch", "owl:equivalentClass"}
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


def mapping_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sssom.tsv")) if folder.is_dir() else []


def read_sssom(path: Path):
    """The mapping set as sssom-py's frame and converter: for validating and merging tables."""
    import logging

    from sssom.parsers import parse_sssom_table

    logging.getLogger("sssom").setLevel(logging.ERROR)
    try:
        msdf = parse_sssom_table(str(path))
    except Exception as exc:
        raise InputError(f"not a valid SSSOM table: {exc}", where=str(path),
                         hint="check it with 'sssom validate'") from None
    return msdf


@dataclass(frozen=True)
class MappingTable:
    """One SSSOM/TSV table as the build reads it: its metadata, and each row with its line number."""

    path: Path
    metadata: dict
    rows: list[tuple[int, dict[str, str]]]

    def expand(self, curie: str, line: int) -> str:
        """The IRI of a CURIE by the table's curie_map; an undeclared prefix is an error at its line."""
        prefix, sep, local = curie.partition(":")
        base = (self.metadata.get("curie_map") or {}).get(prefix)
        if not sep or base is None:
            raise InputError(f"{curie!r} does not use a prefix of the table's curie_map", where=f"{self.path}:{line}",
                             hint="add the prefix to '# curie_map:' at the top of the table, or fix the CURIE")
        return str(base) + local


def read_mapping_table(path: Path) -> MappingTable:
    """Parse an SSSOM/TSV table with the standard library and PyYAML.

    The build reads its mapping tables this way rather than with sssom-py, whose import (pandas,
    linkml) cost 3.5 s of CPU, a fifth of every build of the review, to read one table of 141 rows.
    sssom-py stays the judge of validity: `msckg links` validates every table with it, and
    tests/test_links.py checks that both readers give the same rows.
    """
    import csv

    import yaml

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the mapping table: {exc}", where=str(path),
                         hint="save it as UTF-8 SSSOM/TSV") from None
    header = [line[1:] for line in lines if line.startswith("#")]
    first = len(header)
    if any(line.startswith("#") for line in lines[first:]):
        raise InputError("metadata lines ('#') after the column names", where=str(path),
                         hint="keep the YAML metadata block at the top of the table")
    try:
        metadata = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"the metadata block is not YAML: {exc}", where=str(path),
                         hint="check the '# ' lines at the top of the table") from None
    table = list(csv.reader(lines[first:], delimiter="\t"))
    if not table:
        raise InputError("no column names", where=str(path), hint="add the SSSOM header row")
    columns = table[0]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", where=f"{path}:{first + 1}",
                         hint="SSSOM needs " + ", ".join(REQUIRED_COLUMNS))
    rows = []
    for number, values in enumerate(table[1:], start=first + 2):
        if not any(values):
            continue
        if len(values) != len(columns):
            raise InputError(f"{len(values)} cells where the header has {len(columns)}", where=f"{path}:{number}",
                             hint="separate cells with one tab each")
        rows.append((number, {c: v for c, v in zip(columns, values) if v != ""}))
    return MappingTable(path=path, metadata=metadata, rows=rows)


def mapping_graph(paths: list[Path]) -> Graph:
    g = bind_prefixes(Graph())
    for path in paths:
        table = read_mapping_table(path)
        for line, row in table.rows:
            subject = URIRef(table.expand(row["subject_id"], line))
            predicate_id = row["predicate_id"]
            comment = row.get("comment", "")
            if row["object_id"] == NO_TERM:
                g.add((subject, MSC.unmappedChecked, Literal(comment or "no external term found")))
                continue
            if predicate_id not in PREDICATES:
                raise InputError(f"mapping predicate {predicate_id} is not one the graph uses",
                                 where=f"{path}:{line} ({row['subject_id']} -> {row['object_id']})",
                                 hint="use " + ", ".join(sorted(PREDICATES)))
            predicate = URIRef(table.expand(predicate_id, line))
            obj = URIRef(table.expand(row["object_id"], line))
            annotations = [
                (MSC.mappingJustification, URIRef(table.expand(row["mapping_justification"], line))),
                (MSC.mappingSet, URIRef(str(table.metadata.get("mapping_set_id") or path.as_uri()))),
            ]
            if row.get("object_label"):
                annotations.append((MSC.externalLabel, Literal(row["object_label"])))
            if comment:
                annotations.append((RDFS.comment, Literal(comment)))
            add_annotated(g, (subject, predicate, obj), annotations)
    return g
