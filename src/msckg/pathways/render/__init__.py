"""One registry of output formats; each module of this package registers its own.

A renderer takes the graph and options and returns the file's bytes, so the
caller decides where they go (a file, stdout, a test).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from msckg.errors import InputError
from msckg.pathways.render.style import DEFAULT_TITLE

ENGINES = ("auto", "graphviz", "matplotlib")


@dataclass(frozen=True)
class RenderOptions:
    title: str = DEFAULT_TITLE
    engine: str = "auto"  # svg and png: Graphviz 'dot' if on PATH (auto), or matplotlib


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    binary: bool
    description: str
    render: Callable[[nx.MultiDiGraph, RenderOptions], bytes]
    also: tuple[str, ...] = ()  # other file suffixes of the format

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (self.suffix, *self.also)


_REGISTRY: dict[str, Format] = {}


def register(name: str, *, suffix: str, binary: bool = False, description: str = "",
             also: tuple[str, ...] = ()):
    """Decorator: make a renderer available under a format name."""

    def wrap(func: Callable[[nx.MultiDiGraph, RenderOptions], bytes]):
        _REGISTRY[name] = Format(name, suffix, binary, description or (func.__doc__ or "").strip(), func,
                                 also)
        return func

    return wrap


_loaded = False


def _load() -> None:
    """Import every module of the package once: each registers its formats."""
    global _loaded
    if not _loaded:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True


def formats() -> dict[str, Format]:
    _load()
    return dict(sorted(_REGISTRY.items()))


def get_format(name: str) -> Format:
    known = formats()
    if name not in known:
        raise InputError(f"unknown drawing format {name!r}", hint="use one of " + ", ".join(known))
    return known[name]


def format_of_suffix(suffix: str) -> str | None:
    """The format a file suffix names (.png -> png, .mermaid -> mermaid), or None."""
    for name, spec in formats().items():
        if suffix.lower() in spec.suffixes:
            return name
    return None


def render(graph: nx.MultiDiGraph, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The bytes of the graph drawn or written in a format."""
    options = options or RenderOptions()
    if options.engine not in ENGINES:
        raise InputError(f"unknown engine {options.engine!r}", hint="use one of " + ", ".join(ENGINES))
    return get_format(fmt).render(graph, options)
