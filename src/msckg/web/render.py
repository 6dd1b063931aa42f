"""Templates (Jinja2) and the links between pages, for the server and the static site alike.

Every link a page writes is relative to the page itself (``../resource/CdSe13``),
so the same pages work under any deployment prefix and, written with an
``.html`` suffix by ``msckg site``, straight from the file system.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from msckg.web.pages import local_name, page_path


@dataclass(frozen=True)
class Linker:
    """Links from the page at ``here`` (a site path such as 'resource/CdSe13'; '' is home)."""

    here: str
    static: bool = False  # the static site: pages are files ending in .html, nothing runs

    def __call__(self, path: str, **params: object) -> str:
        target = self.file_of(path)
        if params:
            target += "?" + urlencode({k: v for k, v in params.items() if v is not None})
        start = posixpath.dirname(self.here)
        relative = posixpath.relpath(target or ".", start or ".") if target else posixpath.relpath(".", start or ".")
        if not self.static and not target:
            relative = relative + "/" if relative != "." else "./"
        return relative

    def file_of(self, path: str) -> str:
        """The file (static) or URL path (server) a site path is served at."""
        path = path.strip("/")
        if not self.static:
            return path
        if not path:
            return "index.html"
        last = path.rsplit("/", 1)[-1]
        return path if "." in last and last.rsplit(".", 1)[1] in ("css", "svg", "png", "ttl", "nt", "jsonld", "csv",
                                                                  "json") else path + ".html"

    def iri(self, iri: str) -> str:
        """A link to the page of one of our IRIs, or the IRI itself for anything else."""
        path = page_path(iri)
        return self(path) if path is not None else iri


def environment() -> Environment:
    env = Environment(loader=PackageLoader("msckg.web", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["local"] = local_name
    env.filters["quote"] = lambda text: quote(str(text), safe="")
    env.filters["shown"] = lambda value: str(value).lower() if isinstance(value, bool) else value  # YAML true
    return env


_ENV: Environment | None = None


def render_page(template: str, *, here: str, static: bool = False, **context: object) -> str:
    global _ENV
    if _ENV is None:
        _ENV = environment()
    link = Linker(here, static)
    return _ENV.get_template(template).render(link=link, static=static, here=here, **context)
