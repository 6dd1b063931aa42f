"""The msckg command as a user starts it: --version and --help answer at once, loading none of
the graph stack; each command's module loads when that command runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from msckg.commands.main import COMMANDS, load_command, main

HEAVY = ("rdflib", "networkx", "owlready2", "matplotlib", "pyshacl")

PROBE = """
import sys
from msckg.commands.main import main
try:
    main({args!r}, prog_name="msckg")
except SystemExit:
    pass
print("LOADED:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def loaded_by(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args), heavy=HEAVY)],
                         capture_output=True, text=True, timeout=60).stdout
    marker = out.rpartition("LOADED:")[2].strip()
    assert "LOADED:" in out, out
    return [m for m in marker.split(",") if m]


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_load_no_graph_library(args):
    assert loaded_by(*args) == []


def test_describe_needs_no_reasoner_plotting_or_networkx():
    assert not {"networkx", "owlready2", "matplotlib"} & set(loaded_by("describe", "--help"))


def test_version_names_the_package():
    result = subprocess.run([sys.executable, "-m", "msckg", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("msckg, version ")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_command_list_shows_each_commands_own_help(name):
    command = load_command(name)
    assert command.name == name
    assert COMMANDS[name][2] == command.get_short_help_str(1000)


def test_pathway_subcommands_stay_under_pathway():
    assert "routes" not in COMMANDS and "routes" in load_command("pathway").commands
    assert main.get_command(None, "routes") is None
