"""The bad-input catalogue: every case gives one clear line and its exit code, never a traceback,
never a silent exit 0; a failed build leaves build/ untouched and nothing half-done beside it.

One table, one test. Each row: the case, what is planted in a copy of the project (a file under
data/, a layout, a file to import ...), the command run, the fragments the one line must hold and
the exit code. "{root}" and "{tmp}" in a command stand for the project copy and a scratch folder.
Commands other than build run against the review's built graph.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from msckg.namespaces import turtle_prefixes
from tests.helpers import run_cli

HEADER = turtle_prefixes()
HEADER_LINES = HEADER.count("\n")


def _sourced(s: str, p: str, o: str, sentence: str = "mscr:li2023-sec4-02") -> str:
    return (f"{s} {p} {o} .\n[ a owl:Axiom ; owl:annotatedSource {s} ; owl:annotatedProperty {p} ; "
            f"owl:annotatedTarget {o} ; msc:statedIn {sentence} ] .\n")


# --- what can be planted ------------------------------------------------------------------------

def data_file(name: str, body: str, header: bool = True) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / "data" / "li2023" / name).write_text((HEADER if header else "") + body, encoding="utf-8")
    return plant


def raw_file(relative: str, content: bytes) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return plant


def fifo(relative: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        os.mkfifo(root / relative)
    return plant


def folder(relative: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        (root / relative).mkdir()
    return plant


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plant


def second_source(layout_toml: str, text: bytes = b"One sentence.\n") -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        source = root / "data" / "sources" / "zz"
        source.mkdir()
        (source / "layout.toml").write_text(layout_toml, encoding="utf-8")
        (source / "fulltext.txt").write_bytes(text)
    return plant


def nothing(root: Path) -> None:
    pass


def busy_port(root: Path) -> None:  # a listener the test keeps open while the case runs
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    _LISTENERS.append(listener)
    (root / "port").write_text(str(listener.getsockname()[1]))


_LISTENERS: list[socket.socket] = []

LAYOUT = '[source]\niri = "https://w3id.org/msckg/resource/zz"\nkey = "{key}"\ntext = "{text}"\n' \
         '[[part]]\nid = "sec1"\ntitle = "One"\nlines = [[1, 1]]\n'
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "aaaaaaaaaa">\n'
                  + "".join(f' <!ENTITY {b} "{("&" + a + ";") * 10}">\n' for a, b in zip("abcdefgh", "bcdefghi"))
                  + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
                    ' <rdf:Description rdf:about="http://example.org/x"><rdfs:label>&i;</rdfs:label>'
                    '</rdf:Description>\n</rdf:RDF>\n').encode()
CYCLE = ("@prefix msc: <https://w3id.org/msckg/ontology/> .\n"
         "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
         "msc:CdSCluster rdfs:subClassOf msc:CdSeCluster .\nmsc:CdSeCluster rdfs:subClassOf msc:CdSCluster .\n")
Q2 = "cq02-doped-alloyed-clusters"
UNREACHABLE = "http://127.0.0.1:9/query"


@dataclass(frozen=True)
class Case:
    name: str
    plant: Callable[[Path], None]
    command: tuple[str, ...]
    expect: tuple[str, ...]  # fragments of the one line on stderr
    code: int = 2
    absent: str | None = None  # a file the command must not have written


CASES = [
    # --- the build: data files ---
    Case("malformed turtle names file and line",
         data_file("zz-bad.ttl", 'mscr:X a msc:MagicSizeCluster ;\n   rdfs:label "X"@en\nmscr:Y a msc:Nanocluster .\n'),
         ("build",), (f"zz-bad.ttl:{HEADER_LINES + 3}", "malformed turtle")),
    Case("misspelt class is named with a suggestion", data_file("zz-typo.ttl", "mscr:X a msc:MagicSizeClustr .\n"),
         ("build",), ("MagicSizeClustr", "not in the ontology", f"zz-typo.ttl:{HEADER_LINES + 1}", "MagicSizeCluster")),
    Case("fact without source", data_file("zz-unsourced.ttl", "mscr:CdSe13 msc:hasDopant mscr:Mn2plus .\n"),
         ("build",), ("has no source", "CdSe13", "msc:statedIn")),
    Case("quantity without unit",
         data_file("zz-unitless.ttl", _sourced("mscr:q1", "rdf:type", "qudt:QuantityValue")
                   + _sourced("mscr:q1", "qudt:numericValue", "2.0")
                   + _sourced("mscr:MnxCd13-xSe13", "msc:hasDopantAmount", "mscr:q1")
                   + _sourced("mscr:q1", "qudt:hasQuantityKind", "quantitykind:Count")  # model v2: kind given
                   + 'mscr:q1 rdfs:label "x"@en .\n'),
         ("build",), ("no unit", "resource/q1")),
    Case("contradiction caught by the reasoner",
         data_file("zz-contradiction.ttl", _sourced("mscr:Cd", "rdf:type", "msc:ChalcogenElement", "mscr:li2023-sec1-07")),
         ("build",), ("inconsistent", "resource/Cd is asserted both", "disjoint")),
    Case("a rule that is not valid SPARQL", raw_file("queries/rules/zz-broken.rq",
         b"#+ summary: broken\nCONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }\n"),
         ("build", "--reasoner", "rl"), ("zz-broken.rq", "rule does not run", "2:19", "fix the SPARQL")),
    Case("missing --data file", nothing, ("build", "--data", "{root}/nowhere.ttl"), ("nowhere.ttl", "missing")),
    Case("--data names a folder", folder("folder.ttl"), ("build", "--data", "{root}/folder.ttl"),
         ("folder.ttl", "cannot be read")),
    Case("file format nobody reads", raw_file("data/li2023/notes.xlsx", b"PK\x03\x04"), ("build",),
         ("notes.xlsx", "not read by the build")),
    Case("quote the source does not say",
         replace_in("data/li2023/sentences.ttl", "such as nanobelts, nanoribbons, and quantum dots",
                    "such as nanobelts and quantum dots"),
         ("build",), ("li2023-sec2-01", "not in the source text verbatim")),
    Case('ill-typed "abc"^^xsd:decimal', data_file("zz-decimal.ttl", 'mscr:q9 qudt:numericValue "abc"^^xsd:decimal .\n'),
         ("build",), (f"zz-decimal.ttl:{HEADER_LINES + 1}", '"abc" is not a valid xsd:decimal')),
    Case('ill-typed "-0.24"^^xsd:integer', data_file("zz-integer.ttl", '\nmscr:q9 qudt:numericValue "-0.24"^^xsd:integer .\n'),
         ("build",), (f"zz-integer.ttl:{HEADER_LINES + 2}", '"-0.24" is not a valid xsd:integer')),
    Case('out of range "1e999"^^xsd:double', data_file("zz-double.ttl", 'mscr:q9 qudt:numericValue "1e999"^^xsd:double .\n'),
         ("build",), (f"zz-double.ttl:{HEADER_LINES + 1}", '"1e999" is out of the range of xsd:double')),
    Case("one IRI with two labels", data_file("zz-label.ttl", 'mscr:CdSe13 rdfs:label "(ZnS)99"@en .\n'),
         ("build",), ("resource/CdSe13 has two labels", "(ZnS)99", "zz-label.ttl", "skos:altLabel")),
    Case("subClassOf cycle in the ontology", raw_file("ontology/zz-cycle.ttl", CYCLE.encode()),
         ("build",), ("subClassOf cycle", "msc:CdSCluster", "msc:CdSeCluster", "zz-cycle.ttl")),
    Case("FIFO under data/ does not hang the build", fifo("data/li2023/zz.ttl"), ("build",),
         ("zz.ttl", "not a regular file")),
    Case("data file not UTF-8", raw_file("data/li2023/zz-latin1.ttl", HEADER.encode() + b'mscr:X rdfs:comment "caf\xe9" .\n'),
         ("build",), (f"zz-latin1.ttl:{HEADER_LINES + 1}", "not UTF-8")),
    # --- the build: source folders ---
    Case("layout.toml without key", second_source(LAYOUT.replace('key = "{key}"\n', "").format(text="fulltext.txt")),
         ("build",), ("zz/layout.toml", "lacks the field 'key'")),
    Case("source text not UTF-8", second_source(LAYOUT.format(key="zz", text="fulltext.txt"), b"caf\xe9 au lait.\n"),
         ("build",), ("zz/fulltext.txt:1", "not UTF-8")),
    Case("layout text outside the project", second_source(LAYOUT.format(key="zz", text="../../../../etc/hostname")),
         ("build",), ("zz/layout.toml", "outside the source folder")),
    Case("second source with the review's key", second_source(LAYOUT.format(key="li2023", text="fulltext.txt")),
         ("build",), ("source key 'li2023' is also the key of", "give each source its own key")),
    # --- queries and their parameters ---
    Case("unknown name for an iri parameter", nothing, ("query", Q2, "--param", "dopant=Mnx"),
         ("dopant='Mnx' names no entity", "closest names", "Mn2+")),
    Case("iri parameter with a tab", nothing, ("query", Q2, "--param", "dopant=https://w3id.org/msckg/resource/Mn\t2plus"),
         ("is not a valid iri",)),
    Case("iri parameter a relative IRI", nothing, ("query", Q2, "--param", "dopant=resource/Mn2plus"),
         ("names no entity",)),
    Case("iri parameter with a space in an IRI", nothing, ("query", Q2, "--param", "dopant=http://x y"),
         ("is not a valid iri",)),
    Case("iri parameter with a carriage return", nothing, ("query", Q2, "--param", "dopant=mscr:Mn\r2plus"),
         ("is not a valid iri",)),
    Case("iri parameter empty", nothing, ("query", Q2, "--param", "dopant="), ("parameter dopant is empty",)),
    Case("enumerated parameter, a value it does not take", nothing,
         ("query", "cq04-experiment-vs-computation", "--param", "basis=computation"),
         ("basis='computation' is not one of its values", "'computation only'")),
    Case("enumerated parameter, a plural", nothing, ("query", "cq16-challenges-prospects", "--param", "kind=challenges"),
         ("is not one of its values", "'challenge'")),
    Case("queries of an unknown CQ", nothing, ("queries", "--cq", "99"), ("no stored query answers '99'", "CQ10")),
    Case("coverage of an unknown source", nothing, ("coverage", "--source", "nosuch"),
         ("no source with key 'nosuch'", "li2023")),
    # --- describe, pathway, export, import, serve ---
    Case("describe an unknown name", nothing, ("describe", "(ZnS)99"), ("no entity is named '(ZnS)99'",), code=1),
    Case("describe --endpoint unreachable", nothing, ("describe", "(CdSe)13", "--endpoint", UNREACHABLE),
         ("127.0.0.1:9",)),
    Case("pathway routes --endpoint after the subcommand", nothing,
         ("pathway", "routes", "ZnSe PCs", "MSC-299", "--endpoint", UNREACHABLE), ("127.0.0.1:9",)),
    Case("pathway series of an unknown kind", nothing, ("pathway", "series", "--kind", "Foo"),
         ("no step kind 'Foo'", "LayerByLayerGrowth")),
    Case("pathway draw, format and suffix disagree", nothing,
         ("pathway", "draw", "--format", "png", "--out", "{tmp}/x.svg"),
         ("--format png does not match", "x.svg"), absent="x.svg"),
    Case("export into a folder that does not exist", nothing,
         ("export", "--format", "ttl", "--out", "{tmp}/nonexistent/dir/x.ttl"),
         ("does not exist", "create the folder first"), absent="nonexistent"),
    Case("export --out empty", nothing, ("export", "--format", "ttl", "--out", ""), ("--out",)),
    Case("export onto a full device", nothing, ("export", "--format", "ttl", "--out", "/dev/full"),
         ("/dev/full", "No space left on device")),
    Case("import of a billion-laughs RDF/XML file", raw_file("laughs.owl", BILLION_LAUGHS),
         ("import", "{root}/laughs.owl", "--name", "laughs"), ("laughs.owl", "expands to more than")),
    Case("serve on a busy port", busy_port, ("serve", "--port", "{port}"), ("cannot listen on 127.0.0.1:", "--port")),
]


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(layout, tmp_path) -> Path:
    """A copy of the project's inputs, with a previous build/ to protect."""
    root = tmp_path / "project"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(layout.root / name, root / name)
    (root / "build").mkdir()
    (root / "build" / "msckg.ttl").write_text("# the previous build\n")
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_one_line_and_its_exit_code(case: Case, project: Path, build_dir: Path,
                                                    tmp_path: Path):
    case.plant(project)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    port = (project / "port").read_text() if (project / "port").exists() else ""
    command = [a.format(root=project, tmp=scratch, port=port) for a in case.command]
    building = command[0] == "build"
    # a build runs on the planted project; everything else asks the review's built graph
    target = project / "build" if building else build_dir
    before = _snapshot(target)
    try:
        result = run_cli(*command, root=project, build_dir=target, timeout=240)
    finally:
        for listener in _LISTENERS:
            listener.close()
        _LISTENERS.clear()
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in case.expect:
        assert fragment in lines[0], (fragment, lines[0])
    assert result.returncode == case.code, (result.returncode, lines[0])
    assert _snapshot(target) == before, "the build folder changed"
    if building:
        assert not [p for p in project.iterdir() if p.name.startswith(".build")], "staging left behind"
    if case.absent:
        assert not (scratch / case.absent).exists(), f"{case.absent} was written"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full was replaced"


def test_a_quote_of_part_of_a_sentence_is_accepted(project):
    """Evidence may quote a clause: it must stand in its section, not be a whole sentence."""
    sentences = project / "data" / "li2023" / "sentences.ttl"
    text = sentences.read_text(encoding="utf-8")
    whole = ("Research has shown that MSCs are essential intermediates in the formation of II–VI "
             "semiconductor nanostructures, such as nanobelts, nanoribbons, and quantum dots.32–37")
    assert whole in text
    sentences.write_text(text.replace(whole, "MSCs are essential intermediates in the formation of II–VI "
                                             "semiconductor nanostructures", 1), encoding="utf-8")
    result = run_cli("validate", root=project, build_dir=project / "build")
    assert result.returncode == 0, result.stderr


def test_a_byte_order_mark_is_read_as_nothing(project):
    """Some editors start UTF-8 files with a byte-order mark: the build reads past it."""
    path = project / "data" / "li2023" / "entities.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    layout = project / "data" / "sources" / "li2023" / "layout.toml"
    layout.write_bytes(b"\xef\xbb\xbf" + layout.read_bytes())
    result = run_cli("check", root=project, build_dir=project / "build")
    assert result.returncode == 0, result.stderr


def test_a_data_folder_that_cannot_be_listed_is_an_error(layout, monkeypatch):
    """(As root every folder can be read, so the refusal is shown by making the listing fail.)"""
    from msckg.build import load
    from msckg.errors import InputError

    def walk(top, onerror=None, followlinks=False):
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "li2023")))
        return iter(())

    monkeypatch.setattr(load.os, "walk", walk)
    with pytest.raises(InputError, match=r"li2023: folder cannot be read \(Permission denied\)"):
        load.rdf_files(layout.data)
