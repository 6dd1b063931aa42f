"""Mappings to external ontologies, kept as SSSOM tables and emitted as triples.

Each mapping becomes ``subject <skos predicate> object`` with an axiom annotation
carrying the label seen in the external source and the justification; a row
whose object is sssom:NoTermFound becomes ``subject msc:unmappedChecked comment``
(checked, nothing suitable exists: different from never checked).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from msckg.errors import InputError
from msckg.namespaces import MSC, bind_prefixes
from msckg.axioms import add_annotated

NO_TERM = "sssom:NoTermFound"
PREDICATES = {"skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
              "skos:relatedMatch", "owl:equivalentClass"}


def mapping_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sssom.tsv")) if folder.is_dir() else []


def read_sssom(path: Path):
    """The mapping set as a pandas frame and its converter (sssom-py does the parsing)."""
    import logging

    from sssom.parsers import parse_sssom_table

    logging.getLogger("sssom").setLevel(logging.ERROR)
    try:
        msdf = parse_sssom_table(str(path))
    except Exception as exc:
        raise InputError(f"not a valid SSSOM table: {exc}", where=str(path),
                         hint="check it with 'sssom validate'") from None
    return msdf


def mapping_graph(paths: list[Path]) -> Graph:
    g = bind_prefixes(Graph())
    for path in paths:
        msdf = read_sssom(path)
        converter = msdf.converter
        for number, row in enumerate(msdf.df.to_dict("records"), start=2):
            subject = URIRef(converter.expand(row["subject_id"], strict=True))
            predicate_id = row["predicate_id"]
            comment = str(row.get("comment") or "")
            if row["object_id"] == NO_TERM:
                g.add((subject, MSC.unmappedChecked, Literal(comment or "no external term found")))
                continue
            if predicate_id not in PREDICATES:
                raise InputError(f"mapping predicate {predicate_id} is not one the graph uses",
                                 where=f"{path} ({row['subject_id']} -> {row['object_id']})",
                                 hint="use " + ", ".join(sorted(PREDICATES)))
            predicate = URIRef(converter.expand(predicate_id, strict=True))
            obj = URIRef(converter.expand(row["object_id"], strict=True))
            annotations = [
                (MSC.mappingJustification, URIRef(converter.expand(row["mapping_justification"], strict=True))),
                (MSC.mappingSet, URIRef(msdf.metadata.get("mapping_set_id", path.as_uri()))),
            ]
            if row.get("object_label"):
                annotations.append((MSC.externalLabel, Literal(str(row["object_label"]))))
            if comment:
                annotations.append((RDFS.comment, Literal(comment)))
            add_annotated(g, (subject, predicate, obj), annotations)
    return g
