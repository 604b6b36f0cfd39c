"""A throw-away Neo4j Community server for the test suite, without Docker.

Why: our machines reach Maven Central but neither Docker Hub nor the Neo4j download site, so the
server is the embeddable ``org.neo4j:neo4j`` artifact, resolved by Maven from ``pom.xml`` next to
this file and started by ``Launcher.java`` (single-file Java source, no build step) with Bolt on
127.0.0.1, no TLS and no auth.

Standard library only, so CI can fetch the jars before the project's dependencies are installed::

    python tests/neo4j/server.py --fetch   # resolve and cache the jars, print the lib dir
    python tests/neo4j/server.py           # start a server, print its bolt:// URI, stop on Ctrl-C

Jars are cached outside the repository in ``$GEOKG_NEO4J_LIB`` (default
``~/.cache/geokg/neo4j-<version>/lib``); Maven keeps its own download cache in ``~/.m2``.
Other knobs: ``GEOKG_NEO4J_JAVA`` (path of the ``java`` to use, 17+; default: ``java`` on PATH) and
``GEOKG_NEO4J_STARTUP_TIMEOUT`` (seconds to wait for Bolt, default 120).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

# Keep in step with <neo4j.version> in pom.xml; it names the jar cache dir, so a version bump
# fetches into a fresh dir instead of mixing two versions' jars on one classpath.
NEO4J_VERSION = "5.26.31"

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"

# Written last into a lib dir: its presence means the copy finished (an interrupted fetch must
# not leave a half-filled classpath that is then trusted forever).
_COMPLETE_MARKER = ".geokg-fetch-complete"

# The flags Neo4j's own start scripts pass (Netty and the page cache reach into JDK internals),
# plus a heap cap: test graphs are tiny and CI machines have 2 cores shared with pytest.
JVM_FLAGS: tuple[str, ...] = (
    "-Xmx1g",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)

_READY_PREFIX = "READY "
_MIN_JAVA = 17


class Neo4jUnavailableError(RuntimeError):
    """Neo4j cannot be provided here (no Java/Maven, Java too old, jars not fetchable)."""


class Neo4jStartError(RuntimeError):
    """The launcher ran but the server did not become ready; the message carries its logs."""


def default_lib_dir() -> Path:
    """Where the jars live: outside the repo so ``git clean`` and fresh worktrees reuse them."""
    env = os.environ.get("GEOKG_NEO4J_LIB")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "geokg" / f"neo4j-{NEO4J_VERSION}" / "lib"


def java_executable() -> str | None:
    """The ``java`` to run, overridable with ``GEOKG_NEO4J_JAVA`` (e.g. to pick a JDK by path)."""
    override = os.environ.get("GEOKG_NEO4J_JAVA")
    return shutil.which(override) if override else shutil.which("java")


def _java_major(java: str) -> int | None:
    """Major version of ``java``, or None if it cannot be told (then we just try it)."""
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return None
    major = int(match.group(1))
    # Java 8 and older report "1.8.0_…".
    return int(match.group(2) or 0) if major == 1 else major


def _lib_complete(lib_dir: Path) -> bool:
    return (lib_dir / _COMPLETE_MARKER).is_file()


def unavailable_reason(lib_dir: Path | None = None) -> str | None:
    """Why Neo4j cannot be started here, or None if it can (cheap: no download, no JVM start).

    Maven is only needed while the jars are not cached yet.
    """
    lib_dir = lib_dir or default_lib_dir()
    java = java_executable()
    if java is None:
        where = os.environ.get("GEOKG_NEO4J_JAVA") or "`java` on PATH"
        return f"no {where} (JDK 17+ needed)"
    major = _java_major(java)
    if major is not None and major < _MIN_JAVA:
        return f"`{java}` is Java {major}; Neo4j 5.26 needs Java {_MIN_JAVA}+"
    if not _lib_complete(lib_dir) and shutil.which("mvn") is None:
        return f"no `mvn` on PATH and no cached Neo4j jars in {lib_dir}"
    return None


def _run_maven(out_dir: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jUnavailableError("no `mvn` on PATH: cannot fetch the Neo4j jars")
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={out_dir}",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Neo4jUnavailableError(f"Maven timed out fetching Neo4j jars: {exc}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise Neo4jUnavailableError(
            f"Maven could not fetch the Neo4j jars (exit {proc.returncode}): {' '.join(cmd)}\n{tail}"
        )


def fetch_jars(lib_dir: Path | None = None) -> Path:
    """Resolve Neo4j with Maven and copy its jars into ``lib_dir``; return that dir.

    A no-op once the dir is complete. A fresh dir is filled under a temporary name and renamed
    into place, so parallel callers (pytest-xdist workers, two CI jobs) never see half a
    classpath. An existing incomplete dir (e.g. one the user pointed ``GEOKG_NEO4J_LIB`` at) is
    filled in place, never deleted.
    """
    lib_dir = (lib_dir or default_lib_dir()).expanduser().resolve()
    if _lib_complete(lib_dir):
        return lib_dir
    if lib_dir.exists():
        _run_maven(lib_dir)
        (lib_dir / _COMPLETE_MARKER).write_text(NEO4J_VERSION + "\n")
        return lib_dir
    lib_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".lib-fetch-", dir=lib_dir.parent))
    try:
        _run_maven(staging)
        (staging / _COMPLETE_MARKER).write_text(NEO4J_VERSION + "\n")
        staging.chmod(0o755)  # mkdtemp's 0700 would be surprising on a cache dir
        try:
            staging.rename(lib_dir)
        except OSError:
            # Another process finished first; its copy is as good as ours.
            if not _lib_complete(lib_dir):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return lib_dir


def _free_port() -> int:
    """A port that was free a moment ago (a small race remains; start() retries on bind errors)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail_file(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no {path.name})"
    return "\n".join(text.splitlines()[-lines:])


class Neo4jTestServer:
    """One Neo4j process with a throw-away home dir; use as a context manager or start()/stop().

    The JVM's stdin is a pipe held by this object: if the Python process dies, even by SIGKILL,
    the pipe closes and the launcher shuts Neo4j down, so no server outlives the test run.
    """

    def __init__(
        self,
        lib_dir: Path | None = None,
        *,
        startup_timeout: float | None = None,
        stop_timeout: float = 30.0,
        port: int | None = None,
    ) -> None:
        """Configure, do not start. ``port=None`` picks a free one; 0 lets the JVM pick."""
        self.lib_dir = lib_dir
        # 5-20 s on an idle 2-core machine, but ~50 s was seen with a dozen test processes
        # competing; GEOKG_NEO4J_STARTUP_TIMEOUT raises the default deadline on slow hosts.
        self.startup_timeout = (
            startup_timeout
            if startup_timeout is not None
            else float(os.environ.get("GEOKG_NEO4J_STARTUP_TIMEOUT", "120"))
        )
        self.stop_timeout = stop_timeout
        self.requested_port = port
        self.uri: str | None = None
        self.home: Path | None = None
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=300)
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the JVM is alive (it may still be starting)."""
        return self._proc is not None and self._proc.poll() is None

    def output_tail(self, lines: int = 60) -> str:
        """The launcher's last output lines (Neo4j's user log and our READY line)."""
        return "\n".join(list(self._output)[-lines:])

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> str:
        """Fetch jars if needed, start Neo4j, wait for Bolt; return ``bolt://127.0.0.1:<port>``."""
        if self._proc is not None:
            raise RuntimeError("Neo4jTestServer already started")
        reason = unavailable_reason(self.lib_dir)
        if reason:
            raise Neo4jUnavailableError(reason)
        lib = fetch_jars(self.lib_dir)
        began = time.monotonic()
        attempts = 1 if self.requested_port is not None else 3
        for attempt in range(1, attempts + 1):
            port = self._free_port_or_requested()
            try:
                self._spawn(lib, port)
                self._wait_ready()
            except Neo4jStartError:
                bind_clash = any("BindException" in line or "Address already in use" in line for line in self._output)
                self.stop()
                if bind_clash and attempt < attempts:
                    continue  # someone took the port between our probe and Neo4j's bind
                raise
            break
        self.startup_seconds = time.monotonic() - began
        assert self.uri is not None
        return self.uri

    def _free_port_or_requested(self) -> int:
        return _free_port() if self.requested_port is None else self.requested_port

    def _spawn(self, lib: Path, port: int) -> None:
        java = java_executable()
        assert java is not None  # checked by unavailable_reason()
        self.home = Path(tempfile.mkdtemp(prefix="geokg-neo4j-"))
        self._output.clear()
        self._ready.clear()
        self.uri = None
        cmd = [
            java,
            *JVM_FLAGS,
            # The launcher deletes the home itself after shutdown: covers a parent killed by SIGKILL.
            "-Dgeokg.neo4j.deleteHome=true",
            "-cp",
            f"{lib}{os.sep}*",
            str(LAUNCHER),
            str(self.home),
            str(port),
        ]
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            # Own process group: a terminal Ctrl-C reaches Python only, which then stops Neo4j in
            # order instead of racing the JVM's own SIGINT handling.
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._drain, args=(self._proc,), name="neo4j-output", daemon=True)
        self._reader.start()

    def _drain(self, proc: subprocess.Popen[str]) -> None:
        """Keep reading the JVM's output so its pipe never fills, spotting the READY line."""
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip("\n")
            self._output.append(line)
            if not self._ready.is_set() and line.startswith(_READY_PREFIX):
                self.uri = line[len(_READY_PREFIX) :].strip()
                self._ready.set()

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while not self._ready.wait(0.2):
            if self._proc.poll() is not None:
                if self._reader is not None:
                    self._reader.join(5)  # collect the last lines before reporting
                raise Neo4jStartError(self._failure(f"exited with code {self._proc.returncode}"))
            if time.monotonic() > deadline:
                raise Neo4jStartError(self._failure(f"not ready after {self.startup_timeout:.0f} s"))

    def _failure(self, what: str) -> str:
        debug_log = (self.home / "logs" / "debug.log") if self.home else Path("debug.log")
        return (
            f"Neo4j test server {what}.\n"
            f"--- launcher output (last 60 lines) ---\n"
            + self.output_tail(60)
            + f"\n--- {debug_log} (last 60 lines) ---\n"
            + _tail_file(debug_log, 60)
        )

    def stop(self) -> None:
        """Stop Neo4j (stdin EOF + SIGTERM, SIGKILL after ``stop_timeout``) and delete its home.

        Safe to call twice and after a failed start.
        """
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                with contextlib.suppress(OSError):
                    if proc.stdin is not None:
                        proc.stdin.close()
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(self.stop_timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
            elif proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
        if self._reader is not None:
            self._reader.join(5)
            self._reader = None
        if proc is not None and proc.stdout is not None:
            proc.stdout.close()
        if self.home is not None:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None

    def __enter__(self) -> Neo4jTestServer:
        """Start on entry so ``with Neo4jTestServer() as server: server.uri`` just works."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Always stop, also when the body raised."""
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """CLI: ``--fetch`` for CI's setup step; no flag runs a server for manual poking."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetch", action="store_true", help="only fetch the jars")
    parser.add_argument("--lib", type=Path, default=None, help="jar dir (default: cache dir)")
    parser.add_argument("--port", type=int, default=None, help="Bolt port (default: a free one)")
    args = parser.parse_args(argv)

    if args.fetch:
        began = time.monotonic()
        try:
            lib = fetch_jars(args.lib)
        except Neo4jUnavailableError as exc:
            print(exc, file=sys.stderr)
            return 1
        jars = list(lib.glob("*.jar"))
        size = sum(j.stat().st_size for j in jars)
        print(
            f"{lib} ({len(jars)} jars, {size / 1e6:.0f} MB, {time.monotonic() - began:.1f} s)",
            file=sys.stderr,
        )
        print(lib)
        return 0

    # SIGTERM (e.g. from a CI step) stops Neo4j like Ctrl-C does, also while it is starting.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = Neo4jTestServer(args.lib, port=args.port)
    try:
        try:
            uri = server.start()
        except (Neo4jUnavailableError, Neo4jStartError) as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"Neo4j {NEO4J_VERSION} ready in {server.startup_seconds:.1f} s", file=sys.stderr)
        print(uri, flush=True)
        while server.running:
            time.sleep(0.5)
        print("Neo4j exited on its own:\n" + server.output_tail(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
