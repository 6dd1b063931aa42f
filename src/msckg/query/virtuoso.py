"""A throw-away Virtuoso (Debian's virtuoso-opensource) on loopback ports, for tests and benchmarks.

It is a second SPARQL engine to check that the stored queries are portable:
``msckg publish --endpoint <graph_store_url>`` loads the built graph through the
SPARQL 1.1 Graph Store Protocol (Virtuoso's /sparql-graph-crud), and
``EndpointStore(query_url)`` asks it the stored queries. The database lives in a
folder of its own and is deleted with it; the server is stopped by stop() (or at
the end of a with block). Nothing here is for production: the anonymous SPARQL
user may update the store.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from msckg.query.server import free_port, stop_process
from msckg.query.store import StoreError

SERVER = "virtuoso-t"
ISQL = "isql-vt"
VAD = Path("/usr/share/virtuoso-opensource-7/vad")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")

_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {db}, {vad}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 0
"""


def available() -> str | None:
    """None if Virtuoso can be started here, else why not."""
    for program in (SERVER, ISQL):
        if shutil.which(program) is None:
            return f"{program} not found: install Debian's virtuoso-opensource (scripts/setup.sh does, as root)"
    return None


class VirtuosoServer:
    """virtuoso-t in the foreground on free loopback ports, with a database in a temporary folder."""

    def __init__(self, *, memory_mb: int = 400, timeout: int = 60, startup: float = 180.0):
        self.folder = Path(tempfile.mkdtemp(prefix="msckg-virtuoso-"))
        self.sql_port, self.http_port = free_port(), free_port()
        buffers = max(2000, memory_mb * 1024 * 1024 // 8192 * 2 // 3)  # 8 KB pages, two thirds of the memory
        (self.folder / "virtuoso.ini").write_text(_INI.format(
            db=self.folder, sql_port=self.sql_port, http_port=self.http_port, vad=VAD, vsp=VSP,
            buffers=buffers, dirty=buffers * 3 // 4, timeout=timeout), encoding="utf-8")
        self.startup = startup
        self.process: subprocess.Popen | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def start(self) -> VirtuosoServer:
        why = available()
        if why:
            raise StoreError(why)
        log = (self.folder / "server.out").open("wb")
        self.process = subprocess.Popen([SERVER, "-f", "-c", str(self.folder / "virtuoso.ini")],
                                        cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + self.startup
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = (self.folder / "server.out").read_text(errors="replace")[-500:]
                self.stop()
                raise StoreError(f"Virtuoso did not start within {self.startup:g} s: {tail}")
            time.sleep(0.5)
        # the anonymous SPARQL user may write: Graph Store Protocol without authentication
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);')
        return self

    def sql(self, statements: str) -> str:
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise StoreError(f"Virtuoso refused SQL: {(done.stdout + done.stderr).strip()[-300:]}")
        return done.stdout

    def _answers(self) -> bool:
        url = self.query_url + "?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, grace: float = 20.0) -> None:
        stop_process(self.process, grace)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.stop()
