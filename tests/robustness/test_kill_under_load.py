"""Kill a gunicorn worker with SIGKILL in the middle of concurrent writes; nothing breaks."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.factories import intake_payload

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def _port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _post(port: int, path: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request("POST", path, body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    conn.close()
    return response.status, data


def _server(url: str, port: int) -> subprocess.Popen[bytes]:
    # the load fires the 2015 procedure's acts: new cases open under v1 (WORKFLOW_VERSIONS)
    env = dict(os.environ, CASEFLOW_DATABASE_URL=url, CASEFLOW_SECRET_KEY="test-secret-key",
               CASEFLOW_WORKFLOW_VERSIONS="adjudication=1,prelitigation_mediation=1")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--no-control-socket", "-w", "2",
         "-b", f"{HOST}:{port}", "--log-level", "error", "wsgi:app"], cwd=ROOT, env=env)
    for _ in range(150):
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("gunicorn did not start")


def _workers(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True).stdout
    return [int(p) for p in out.split()]


def test_sigkill_mid_load_leaves_a_valid_chain_and_consistent_cases(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    port = _port()
    server = _server(url, port)
    results: list[int | str] = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        tokens = {u: _post(port, "/api/v1/auth/token", {"username": u,
                                                       "password": "caseflow-demo"})[1]["token"]
                  for u in ("370982001-officer", "370982-officer")}

        def client(n: int) -> None:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    status, body = _post(port, "/api/v1/cases", intake_payload(
                        confirm_duplicate=True, respondents=[
                            {"kind": "person", "name": f"负载{n}-{i}"}]),
                        tokens["370982001-officer"])
                    outcome: int | str = status
                    if status == 201:
                        outcome, _ = _post(port, f"/api/v1/cases/{body['id']}/transitions", {
                            "trigger": "accept", "on": "2026-09-30", "version": body["version"],
                            "data": {"conditions_confirmed": True}}, tokens["370982-officer"])
                except (ConnectionError, http.client.HTTPException, OSError):
                    outcome = "cut"
                with lock:
                    results.append(outcome)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        victims = _workers(server.pid)
        assert victims, "no gunicorn worker found"
        os.kill(victims[0], signal.SIGKILL)
        time.sleep(3.0)
        stop.set()
        for t in threads:
            t.join(60)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    server_errors = [r for r in results if isinstance(r, int) and r >= 500]
    assert not server_errors, server_errors
    assert sum(1 for r in results if r in (200, 201)) > 10, results
    verdict = verify_chain()
    assert verdict.ok, verdict
    last = select(AuditEvent.case_id, func.max(AuditEvent.seq).label("seq")).where(
        AuditEvent.to_status.is_not(None), AuditEvent.case_id.is_not(None)).group_by(
        AuditEvent.case_id).subquery()
    pairs = db.session.execute(select(Case.status, AuditEvent.to_status).join(
        last, last.c.case_id == Case.id).join(AuditEvent, AuditEvent.seq == last.c.seq)).all()
    cases = db.session.scalar(select(func.count()).select_from(Case))
    assert len(pairs) == cases and all(status == to for status, to in pairs)
