"""Benchmarks: CaseFlow under gunicorn (2 workers) on 127.0.0.1, measured with `hey`.

    .venv/bin/python bench/run.py --cases 10000 [--database-url URL] [--requests 400]

Generates the data set when the database has fewer cases than asked, starts gunicorn, and
prints one table: p50/p95 and requests/s for the case list page, a case page, the case API,
transitions through the API with 8 concurrent clients, the KPI dashboard and the audit search,
the raw SQL time of the case-list queries, audit-chain verification in events/s, and the RSS of
each worker. Nothing here passes or fails: it prints figures (see bench/README.md).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
PASSWORD = "caseflow-demo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Client:
    """A tiny HTTP client for set-up requests (login, token, finding ids)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie = port, ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        all_headers = {"Cookie": self.cookie} if self.cookie else {}
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, dict(response.getheaders()), data

    def login(self, username: str) -> str:
        _, _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urlencode({"username": username, "password": PASSWORD,
                          "csrf_token": token.decode()}).encode()
        status, _, _ = self.request("POST", "/login", body,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login failed for {username}: {status}"
        return self.cookie

    def token(self, username: str) -> str:
        body = json.dumps({"username": username, "password": PASSWORD}).encode()
        status, _, data = self.request("POST", "/api/v1/auth/token", body,
                                       {"Content-Type": "application/json"})
        assert status == 200, data
        return json.loads(data)["token"]


def hey(url: str, requests: int, concurrency: int, headers: dict[str, str]) -> dict[str, float]:
    """Run hey and read p50/p95 (ms) and requests/s from its summary."""
    args = ["hey", "-n", str(requests), "-c", str(concurrency)]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    if "95%" not in out:
        raise RuntimeError(f"hey gave no latency distribution for {url}:\n{out}")
    p50 = float(re.search(r"50%+ in ([\d.]+) secs", out).group(1)) * 1000
    p95 = float(re.search(r"95%+ in ([\d.]+) secs", out).group(1)) * 1000
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    return {"p50": p50, "p95": p95, "rps": rps, "codes": codes}


def transitions_load(port: int, token: str, cases: list[tuple[int, str, int]],
                     clients: int = 8) -> dict[str, Any]:
    """Fire transitions on many cases from 8 concurrent clients.

    Cases in `received` get `request_correction`, those in `pending_correction` get
    `receive_correction`, so the benchmark can be run again on the same data. Under the 2025
    Measures (version 2) the bureau also sets the correction's due date.
    """
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    queue = list(cases)

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            with lock:
                if not queue:
                    return
                case_id, status, version = queue.pop()
            correction = {"missing": "专利登记簿副本", **({"due_on": "2026-12-04"} if version >= 2
                                                         else {})}
            body = json.dumps({"trigger": "request_correction", "on": "2026-11-20",
                               "data": correction} if status == "received"
                              else {"trigger": "receive_correction", "on": "2026-11-21"}).encode()
            started = time.perf_counter()
            conn.request("POST", f"/api/v1/cases/{case_id}/transitions", body=body,
                         headers={"Authorization": f"Bearer {token}",
                                  "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status] = statuses.get(response.status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"p50": statistics.median(latencies), "p95": latencies[int(len(latencies) * .95) - 1],
            "rps": len(latencies) / elapsed, "codes": statuses}


def rss_mb(master_pid: int) -> list[float]:
    """Return the RSS (MB) of each gunicorn worker (children of the master)."""
    out = subprocess.run(["ps", "-o", "pid=,rss=", "--ppid", str(master_pid)],
                         capture_output=True, text=True).stdout.split("\n")
    return [int(line.split()[1]) / 1024 for line in out if line.strip()]


def in_app(database_url: str, fn: str, *args: Any) -> Any:
    """Run one of this module's in-process measurements with the app (separate process)."""
    from caseflow import create_app
    from caseflow.database import WRITE_INTENT

    app = create_app({"DATABASE_URL": database_url})
    token = WRITE_INTENT.set(False)  # these measurements only read
    try:
        with app.app_context():
            return globals()[fn](app, *args)
    finally:
        WRITE_INTENT.reset(token)


def measure_verify(app: Any, jobs: int = 1) -> dict[str, float]:
    from caseflow.audit.parallel import verify_parallel
    from caseflow.audit.services import verify_chain
    from caseflow.extensions import db

    started = time.perf_counter()
    if jobs > 1:
        verdict = verify_parallel(db.engine.url.render_as_string(hide_password=False), jobs)
    else:
        verdict = verify_chain()
    elapsed = time.perf_counter() - started
    return {"events": verdict.events_checked, "seconds": elapsed,
            "rate": verdict.events_checked / elapsed, "ok": verdict.ok}


def measure_raw_list_sql(app: Any, username: str, rounds: int = 50) -> dict[str, float]:
    """Time the case list's own SQL (count + page 25) without Flask or templates."""
    from sqlalchemy import func, select

    from caseflow.auth.models import User
    from caseflow.cases.queries import CaseFilters, case_list_query
    from caseflow.extensions import db

    user = db.session.scalar(select(User).where(User.username == username))
    stmt = case_list_query(user, CaseFilters(status="investigating"))
    count = select(func.count()).select_from(stmt.order_by(None).subquery())
    page = stmt.limit(25).offset(0)
    times = []
    with db.engine.connect() as conn:
        for _ in range(rounds):
            started = time.perf_counter()
            conn.execute(count).scalar()
            conn.execute(page).all()
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(rounds * .95) - 1]}


def open_case_ids(app: Any, unit_code: str, limit: int) -> list[tuple[int, str, int]]:
    from sqlalchemy import select

    from caseflow.cases.models import Case
    from caseflow.extensions import db
    from caseflow.org.models import Unit
    from caseflow.org.queries import scope_unit_ids

    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
    return [tuple(r) for r in db.session.execute(select(
        Case.id, Case.status, Case.workflow_version).where(
        Case.handling_unit_id.in_(scope_unit_ids(unit)),
        Case.status.in_(("received", "pending_correction"))).limit(limit))]


def count_cases(app: Any) -> int:
    from sqlalchemy import func, select

    from caseflow.cases.models import Case
    from caseflow.extensions import db

    return db.session.scalar(select(func.count()).select_from(Case)) or 0


def start_server(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CASEFLOW_DATABASE_URL=database_url,
               CASEFLOW_SECRET_KEY="bench-secret", CASEFLOW_LOGIN_RATE_LIMIT="100000 per minute")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--no-control-socket", "-w", "2", "-b",
         f"{HOST}:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def row(name: str, r: dict[str, Any]) -> str:
    codes = ",".join(f"{k}:{v}" for k, v in sorted(r.get("codes", {}).items()))
    return f"| {name:<34} | {r['p50']:8.1f} | {r['p95']:8.1f} | {r.get('rps', 0):8.1f} | {codes} |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="CaseFlow benchmarks")
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT}/bench/out/bench.db")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args(argv)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    have = in_app(args.database_url, "count_cases") if _schema_exists(args.database_url) else 0
    if have < args.cases:
        subprocess.run([sys.executable, str(ROOT / "bench/generate.py"), "--cases",
                        str(args.cases - have), "--database-url", args.database_url], check=True)
    total = in_app(args.database_url, "count_cases")
    port = free_port()
    server = start_server(args.database_url, port)
    try:
        report(args, port, server.pid, total)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


def _schema_exists(url: str) -> bool:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        return inspect(engine).has_table("cases")
    finally:
        engine.dispose()


def report(args: Any, port: int, master: int, total: int) -> None:
    base = f"http://{HOST}:{port}"
    web, api = Client(port), Client(port)
    cookie = web.login("370900-supervisor")
    token = api.token("370900-supervisor")
    officer_token = api.token("370900-officer")
    auth = {"Authorization": f"Bearer {token}"}
    ids = in_app(args.database_url, "open_case_ids", "370900", 1000)
    n, c = args.requests, 8
    lines = [f"CaseFlow benchmark: {total} cases, {args.database_url.split(':')[0]}, "
             f"gunicorn 2 workers, hey -n {n} -c {c}", "",
             "| measurement                        |  p50 ms  |  p95 ms  |  req/s   | codes |",
             "|------------------------------------|----------|----------|----------|-------|"]
    checks = [
        ("case list page (filtered, page 25)", f"{base}/cases?status=investigating&page=25",
         {"Cookie": cookie}, n),
        ("case page", f"{base}/cases/{ids[0][0]}", {"Cookie": cookie}, n),
        ("GET /api/v1/cases", f"{base}/api/v1/cases?status=investigating", auth, n),
        ("KPI dashboard (city, 2026)", f"{base}/reports/kpis?from=2026-01-01&to=2026-11-25",
         {"Cookie": cookie}, min(n, 48)),
        ("audit search (action)", f"{base}/audit?action=transition", {"Cookie": cookie}, n),
    ]
    for name, url, headers, count in checks:
        subprocess.run(["hey", "-n", "16", "-c", "2", *sum((["-H", f"{k}: {v}"] for k, v in
                                                             headers.items()), []), url],
                       capture_output=True, check=True)  # warm up both workers
        lines.append(row(name, hey(url, count, c, headers)))
    lines.append(row("transitions via API (8 clients)",
                     transitions_load(port, officer_token, ids[1:], 8)))
    raw = in_app(args.database_url, "measure_raw_list_sql", "370900-supervisor")
    lines.append(row("case list raw SQL (count + page)", {**raw, "rps": 0}))
    verify = in_app(args.database_url, "measure_verify")
    jobs = os.cpu_count() or 2
    fast = in_app(args.database_url, "measure_verify", jobs)
    lines += ["", f"audit chain verification: {verify['events']} events in "
              f"{verify['seconds']:.2f} s = {verify['rate']:,.0f} events/s (ok={verify['ok']}); "
              f"with --jobs {jobs}: {fast['seconds']:.2f} s = {fast['rate']:,.0f} events/s "
              f"(ok={fast['ok']})",
              f"worker RSS: {', '.join(f'{m:.0f} MB' for m in rss_mb(master))}"]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
