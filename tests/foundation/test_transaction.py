"""One transaction per request: commit once on success, roll back on any error, 409 on races."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm.exc import StaleDataError

from caseflow import transaction
from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.factories import open_case_via_api


def _events() -> int:
    count = db.session.scalar(select(func.count()).select_from(AuditEvent))
    db.session.rollback()  # hold no lock while the requests under test run
    return count


@pytest.fixture
def commits(app):  # type: ignore[no-untyped-def]
    """Count the commits of every session while the test runs."""
    seen: list[int] = []

    def _count(_session):  # type: ignore[no-untyped-def]
        seen.append(1)

    event.listen(db.session.registry().__class__, "after_commit", _count)
    yield seen
    event.remove(db.session.registry().__class__, "after_commit", _count)


def _accept(client, headers, case, status=200, **body):  # type: ignore[no-untyped-def]
    payload = {"trigger": "accept", "on": "2026-09-30",
               "data": {"conditions_confirmed": True}, **body}
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", json=payload, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def test_a_changing_request_commits_exactly_once(client, api, commits):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    commits.clear()
    _accept(client, officer, case, version=case["version"])
    assert len(commits) == 1


def test_a_refused_request_commits_nothing(client, api, commits):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    before = _events()
    commits.clear()
    _accept(client, officer, case, status=422, data={})
    assert commits == [] and _events() == before


def test_an_exception_after_a_change_rolls_everything_back(app, client, api, monkeypatch):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    before = _events()

    def _boom(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    # The transition has fired and its audit row is written when the clocks blow up.
    monkeypatch.setattr("caseflow.cases.actions.recompute_clocks", _boom)
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=officer,
                    json={"trigger": "accept", "data": {"conditions_confirmed": True}})
    assert r.status_code == 500 and r.get_json()["error"]["code"] == "internal_error"
    db.session.expire_all()
    assert _events() == before
    assert db.session.get(Case, case["id"]).status == "received"
    assert verify_chain().ok


def test_a_stale_flush_anywhere_is_409_stale_version(client, api, monkeypatch):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    before = _events()

    def _stale(*_args: Any, **_kwargs: Any) -> None:
        raise StaleDataError("UPDATE statement on table 'cases' expected to update 1 row(s)")

    monkeypatch.setattr("caseflow.cases.actions.recompute_clocks", _stale)
    body = _accept(client, officer, case, status=409)
    assert body["error"]["code"] == "stale_version"
    assert _events() == before


def test_a_failed_sign_in_is_kept_although_the_answer_is_401(client):
    for _ in range(5):
        r = client.post("/api/v1/auth/token", json={"username": "370982-officer",
                                                    "password": "wrong"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"username": "370982-officer",
                                                "password": "caseflow-demo"})
    assert r.status_code == 429  # the five failures were committed despite their 401s


def test_a_file_stored_by_a_rolled_back_upload_is_removed(app, client, api, monkeypatch,
                                                          tmp_path):
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"))
    original = audit.record

    def _record(action: str, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if action == "evidence_uploaded":
            raise RuntimeError("audit unavailable")
        return original(action, *args, **kwargs)

    monkeypatch.setattr("caseflow.cases.evidence.audit.record", _record)
    r = client.post(f"/api/v1/cases/{case['id']}/evidence", headers=officer,
                    data={"file": (_pdf(), "a.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 500
    stored = [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]
    assert stored == []


def _pdf():  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def test_views_and_api_never_commit():
    """The request transaction is the only place (with the CLI and the mail worker, which runs
    outside any request and commits each claim and each mark) that commits or rolls back."""
    from pathlib import Path

    root = Path(transaction.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name not in ("transaction.py", "cli.py")
                 and str(p.relative_to(root)) != "notifications/delivery.py"
                 and ("session.commit()" in p.read_text() or "session.rollback()" in p.read_text())]
    assert offenders == []


# --- two connections at once: the loser of a race gets 409, never a 500 ---------------------

def _race(app, monkeypatch, target: str, first: Callable[[], Any],  # type: ignore[no-untyped-def]
          second: Callable[[], Any]):
    """Run `first` until it holds the case's lock, then `second`; return both responses."""
    holding, results = threading.Event(), {}
    original = __import__(target.rsplit(".", 1)[0], fromlist=["x"]).check_version

    def _slow_check(case, version):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "first":
            holding.set()
            time.sleep(1.0)  # hold the row lock (PostgreSQL) or the write lock (SQLite)
        return original(case, version)

    monkeypatch.setattr(target, _slow_check)

    def _run(name: str, fn: Callable[[], Any]) -> None:
        results[name] = fn()

    a = threading.Thread(target=_run, args=("first", first), name="first")
    a.start()
    assert holding.wait(20)
    b = threading.Thread(target=_run, args=("second", second), name="second")
    b.start()
    a.join(60)
    b.join(60)
    return results["first"], results["second"]


def _loser_refused(app, loser, before_events: int) -> None:  # type: ignore[no-untyped-def]
    expected = {409} if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") \
        else {403, 409}
    assert loser.status_code in expected, loser.get_json()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # It waited for the lock while the winner changed the case: a stale read, refused.
        assert loser.get_json()["error"]["code"] == "stale_version"
    assert _events() == before_events + 1  # the winner's event only
    assert verify_chain().ok


def test_concurrent_transitions_without_version(app, api, monkeypatch):
    headers = api("370982-officer")
    case = open_case_via_api(app.test_client(), api("370982001-officer"))
    before = _events()
    url = f"/api/v1/cases/{case['id']}/transitions"
    body = {"trigger": "accept", "on": "2026-09-30", "data": {"conditions_confirmed": True}}
    first, second = _race(
        app, monkeypatch, "caseflow.cases.actions.check_version",
        lambda: app.test_client().post(url, json=body, headers=headers),
        lambda: app.test_client().post(url, json=body, headers=headers))
    assert first.status_code == 200, first.get_json()
    _loser_refused(app, second, before)
    db.session.expire_all()
    assert db.session.get(Case, case["id"]).status == "filed"


def test_concurrent_extensions_without_version(app, api, monkeypatch):
    client = app.test_client()
    case = open_case_via_api(client, api("370982001-officer"))
    _accept(client, api("370982-officer"), case)
    supervisor = api("370982-supervisor")
    before = _events()
    url = f"/api/v1/cases/{case['id']}/actions/extend"
    body = {"reason": "案情复杂，需技术比对。", "on": "2026-11-20"}
    first, second = _race(
        app, monkeypatch, "caseflow.deadlines.actions.check_version",
        lambda: app.test_client().post(url, json=body, headers=supervisor),
        lambda: app.test_client().post(url, json=body, headers=supervisor))
    assert first.status_code == 200, first.get_json()
    _loser_refused(app, second, before)


def test_concurrent_routing_moves_without_version(app, api, monkeypatch):
    client = app.test_client()
    case = open_case_via_api(client, api("370982001-officer"))
    _accept(client, api("370982-officer"), case)
    county = api("370982-officer")
    before = _events()
    url = f"/api/v1/cases/{case['id']}/routing"
    body = {"action": "refer_up", "reason": "案情重大，报请市局办理。", "on": "2026-11-20"}
    first, second = _race(
        app, monkeypatch, "caseflow.routing.services.check_version",
        lambda: app.test_client().post(url, json=body, headers=county),
        lambda: app.test_client().post(url, json=body, headers=county))
    assert first.status_code == 200, first.get_json()
    _loser_refused(app, second, before)
    db.session.expire_all()
    assert db.session.get(Case, case["id"]).handling_unit.code == "370900"
