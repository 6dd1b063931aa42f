"""Progress of the long commands: a bar with a percentage where the work is known, drawn only on a
terminal (or a console a test hands over), never into piped or captured output."""

from __future__ import annotations

import io

from rich.console import Console

from msckg.build.load import load_data
from msckg.build.project import STAGES
from msckg.commands._progress import stages
from msckg.links.importer import IMPORT_STAGES, import_file
from msckg.query.store import create_store
from tests.helpers import run_cli
from tests.test_import import CHMO_TTL


def terminal() -> tuple[Console, io.StringIO]:
    screen = io.StringIO()
    return Console(file=screen, force_terminal=True, width=160, color_system=None), screen


def test_a_build_of_six_stages_shows_its_share_done():
    console, screen = terminal()
    with stages("build", steps=len(STAGES), console=console) as progress:
        progress(STAGES[0])
        progress(STAGES[0], 30, 60)  # half the data files of the first of six stages: 8 %
        progress(STAGES[1])  # the second of six starts: 1/6 done
        progress(STAGES[2])
        progress(STAGES[3])  # the fourth: 3/6 done
    shown = screen.getvalue()
    for text in ("(30/60)", " 8%", "17%", "33%", "50%", "build: validating SHACL shapes", "100%"):
        assert text in shown, text


def test_a_counted_stage_without_known_stages_shows_its_own_share():
    console, screen = terminal()
    with stages("import", console=console) as progress:
        progress("importing", 250, 1000)
    assert "(250/1000)" in screen.getvalue() and "25%" in screen.getvalue()


def test_no_terminal_no_progress(capsys):
    with stages("build", steps=3) as progress:  # pytest's captured stderr is not a terminal
        progress("loading", 1, 2)
        progress("rules")
    assert capsys.readouterr().err == ""


def test_the_build_reports_each_data_file_loaded(layout):
    seen: list[tuple[int, int]] = []
    load_data(layout, progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert total > 1 and seen == [(n, total) for n in range(1, total + 1)]


def test_an_import_reports_the_triples_written_out_of_those_read(build_dir, tmp_path):
    target = tmp_path / "build"
    target.mkdir()
    create_store(target / "store", build_dir / "msckg.nq")
    reports: list[tuple] = []
    record = import_file(target, CHMO_TTL, "chmo", progress=lambda *args: reports.append(args))
    assert [r[0] for r in reports][:2] == list(IMPORT_STAGES)
    stage, done, total = reports[-1]
    assert stage == "importing" and done == total and total >= record.triples > 0


def test_piped_output_of_an_import_has_no_bar(build_dir, tmp_path):
    target = tmp_path / "build"
    target.mkdir()
    create_store(target / "store", build_dir / "msckg.nq")
    done = run_cli("import", str(CHMO_TTL), "--name", "chmo", build_dir=target)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "%" not in done.stdout and done.stdout.startswith("imported ")
