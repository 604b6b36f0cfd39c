"""`geokg demo`: the showcase writes the viewer page and the overview report from the bundled
samples, repeatably, and `--serve`'s browser opening waits for the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg.demo import REPORT_HTML, REPORT_MD, VIEWER, demo_settings, run_demo
from kg.settings import Settings


@pytest.mark.slow
def test_demo_writes_viewer_and_report_and_repeats_itself(tmp_path: Path) -> None:
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1")  # a configured Neo4j must not be touched
    lines = run_demo(tmp_path, settings)
    for name in (VIEWER, REPORT_HTML, REPORT_MD):
        path = tmp_path / name
        assert path.stat().st_size > 1000
        assert any(str(path.resolve()) in line for line in lines), (name, lines)
    assert not any(line.startswith("skipped") for line in lines), lines
    report = (tmp_path / REPORT_MD).read_text("utf-8")
    assert report.startswith("# Relations overview") and "## Evidence per relation" in report
    assert "geokg demo" in (tmp_path / VIEWER).read_text("utf-8")
    assert "data:image/png;base64," in (tmp_path / REPORT_HTML).read_text("utf-8")
    assert demo_settings(tmp_path, settings).db == tmp_path / "graph"

    run_demo(tmp_path, settings)  # ingest is idempotent and the report deterministic
    assert (tmp_path / REPORT_MD).read_text("utf-8") == report


#: a server that answers /health only after 1.5 s, so the opener has to wait for it
LATE_SERVER = """
import sys, time, uvicorn
from fastapi import FastAPI
app = FastAPI()
app.get("/health")(lambda: {"ok": True})
time.sleep(1.5)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""
#: what $BROWSER runs: it records the URL it was asked to open
RECORDER = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"


def test_open_when_ready_opens_the_viewer_once_the_server_answers(tmp_path: Path) -> None:
    seen = tmp_path / "opened.txt"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", LATE_SERVER, str(port)])
    try:
        env = {**os.environ, "BROWSER": f'{sys.executable} -c "{RECORDER}" {seen} %s'}
        opener = subprocess.run(
            [sys.executable, "-c", f"from kg.demo import open_when_ready; open_when_ready('http://127.0.0.1:{port}').join()"],
            env=env, timeout=60, capture_output=True, text=True,
        )
        assert opener.returncode == 0, opener.stderr
        assert seen.read_text() == f"http://127.0.0.1:{port}/viz"
    finally:
        server.terminate()
        server.wait(10)
