"""Reviewing the audit trail: search, scope, keyset paging, verification, exports, wording."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from caseflow import ROOT
from caseflow.audit import services as audit
from caseflow.audit.describe import describe
from caseflow.audit.export import bundle_key, case_bundle, case_csv, verify_bundle
from caseflow.audit.models import AuditEvent
from caseflow.audit.queries import EventFilters, search_events, utc_bound
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeutil import SHANGHAI
from tests.cases.test_api_transitions import fire
from tests.factories import open_case_via_api, user
from tests.foundation.test_audit import _tamper

XINTAI_SUP, TAISHAN_SUP, CITY_SUP = "370982-supervisor", "370902-supervisor", "370900-supervisor"


def _xintai_case(client, api):  # type: ignore[no-untyped-def]
    """A 新泰市 case taken in at a station and accepted by the county on 2026-09-30."""
    case = open_case_via_api(client, api("370982001-officer"))
    return fire(client, api("370982-officer"), case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})


def _taishan_case(client, api):  # type: ignore[no-untyped-def]
    respondent = {"kind": "organization", "name": "泰安市某商贸有限公司",
                  "credit_code": "91370902MA3C000001", "address": "泰安市泰山区"}
    case = open_case_via_api(client, api("370902001-officer"), intake_unit="370902001",
                             infringement_place="370902", respondents=[respondent])
    assert case["handling_unit"]["code"] == "370902"
    return case


def _events(client, headers, **params):  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/audit/events", query_string=params, headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


# --- search ----------------------------------------------------------------------------------

def test_search_by_actor_action_case_and_legal_date(client, api):
    case = _xintai_case(client, api)
    _taishan_case(client, api)
    admin = api("admin")
    body = _events(client, admin, actor="370982-officer", action="transition")
    assert [e["data"]["trigger"] for e in body["items"]] == ["accept"]
    item = body["items"][0]
    assert item["description"] == (
        "370982-officer 受理立案：收件 → 已立案；法定日期 2026-09-30；五项受理条件均已满足：是；"
        "已向人民法院起诉：否；立案号 新泰市监知裁〔2026〕1号；"
        "提示：实用新型或外观设计专利尚未提交专利权评价报告。")
    by_number = _events(client, admin, case=case["number"])["items"]
    by_id = _events(client, admin, case=str(case["id"]))["items"]
    assert by_number == by_id and {e["action"] for e in by_id} >= {"intake", "transition"}
    assert all(e["case_id"] == case["id"] for e in by_id)
    assert _events(client, admin, case="新泰市监知裁〔2099〕9号")["items"] == []
    on_day = _events(client, admin, on_from="2026-09-30", on_to="2026-09-30")["items"]
    assert [e["action"] for e in on_day] == ["transition"]
    received = _events(client, admin, on_from="2026-09-28", on_to="2026-09-29", action="intake")
    assert len(received["items"]) == 2


def test_search_by_time_uses_shanghai_days(app, client, api):
    assert utc_bound(date(2026, 9, 30)) == datetime(2026, 9, 29, 16, 0)
    admin = api("admin")
    today = datetime.now(SHANGHAI).date().isoformat()
    assert _events(client, admin, action="login", **{"from": today, "to": today})["items"]
    assert _events(client, admin, **{"from": "2001-01-01", "to": "2001-01-02"})["items"] == []
    r = client.get("/api/v1/audit/events", query_string={"from": "2026-13-01"}, headers=admin)
    assert r.status_code == 422 and "from" in r.get_json()["error"]["fields"]


def test_keyset_pages_are_disjoint_and_in_order(app, client, api):
    for i in range(23):
        audit.record("probe", actor_name="pager", unit_code="370982", data={"i": i})
    db.session.commit()
    admin, seen, before = api("admin"), [], None
    while True:
        params = {"action": "probe", "per_page": 10} | ({"before": before} if before else {})
        body = _events(client, admin, **params)
        seen.append([e["seq"] for e in body["items"]])
        before = body["next_before"]
        if before is None:
            break
    assert [len(p) for p in seen] == [10, 10, 3]
    flat = [s for page in seen for s in page]
    assert flat == sorted(flat, reverse=True) and len(set(flat)) == 23
    # and back again: the newer page of page 2 is page 1
    admin_user = user("admin")
    second = search_events(EventFilters(action="probe"), admin_user, before_seq=seen[0][-1],
                           limit=10)
    assert [e.seq for e in second.items] == seen[1] and second.newer_after == seen[1][0]
    first = search_events(EventFilters(action="probe"), admin_user,
                          after_seq=second.newer_after, limit=10)
    assert [e.seq for e in first.items] == seen[0]
    assert first.newer_after is None and first.older_before == seen[0][-1]


# --- scope -----------------------------------------------------------------------------------

def test_a_xintai_supervisor_does_not_see_taishan_events(client, api):
    xintai, taishan = _xintai_case(client, api), _taishan_case(client, api)
    headers = api(XINTAI_SUP)
    items = _events(client, headers, per_page=100)["items"]
    case_ids = {e["case_id"] for e in items}
    assert xintai["id"] in case_ids and taishan["id"] not in case_ids
    assert not any(e["unit"] and e["unit"].startswith("370902") for e in items)
    assert _events(client, headers, case=str(taishan["id"]))["items"] == []
    r = client.get("/api/v1/audit/events", query_string={"unit": "370902"}, headers=headers)
    assert r.status_code == 422
    city = _events(client, api(CITY_SUP), per_page=100, action="intake")["items"]
    assert {xintai["id"], taishan["id"]} <= {e["case_id"] for e in city}


def test_station_events_are_in_the_county_supervisors_scope(client, api):
    _xintai_case(client, api)
    items = _events(client, api(XINTAI_SUP), unit="370982", action="intake")["items"]
    assert [e["unit"] for e in items] == ["370982001"]


def test_officers_and_mediators_get_403(client, api, login):
    for name in ("370982-officer", "370982-mediator"):
        assert client.get("/api/v1/audit/events", headers=api(name)).status_code == 403
    case = _xintai_case(client, api)
    login("370982-officer")
    assert client.get("/audit").status_code == 403
    assert client.post("/audit/verify").status_code == 403
    assert client.get(f"/cases/{case['id']}/audit.json").status_code == 403
    assert client.get(f"/cases/{case['id']}/audit.csv").status_code == 403
    assert b"/audit" not in client.get("/cases").data


# --- the page and the verify button ---------------------------------------------------------

def test_audit_page_filters_and_links_visible_cases(client, api, login):
    case = _xintai_case(client, api)
    login(XINTAI_SUP)
    page = client.get("/audit", query_string={"action": "transition"}).get_data(as_text=True)
    assert "受理立案：收件 → 已立案" in page
    assert f'href="/cases/{case["id"]}"' in page
    assert 'href="/audit"' in client.get("/cases").get_data(as_text=True)  # the nav link
    r = client.get("/audit", query_string={"on_from": "nope"})
    assert r.status_code == 422 and "日期格式" in r.get_data(as_text=True)


def test_audit_page_pages_with_keyset_links(app, client, login):
    for i in range(60):
        audit.record("probe", actor_name="pager", unit_code="370982", data={"i": i})
    db.session.commit()
    login(CITY_SUP)
    first = client.get("/audit", query_string={"action": "probe"}).get_data(as_text=True)
    assert first.count('data-seq="') == 50 and "before=" in first
    seqs = sorted(db.session.scalars(select(AuditEvent.seq).where(AuditEvent.action == "probe")))
    older = client.get("/audit", query_string={"action": "probe", "before": seqs[10]})
    text = older.get_data(as_text=True)
    assert text.count('data-seq="') == 10 and f"after={seqs[9]}" in text


def test_verify_button_reports_ok_then_the_tampered_seq(app, client, login):
    login(CITY_SUP)
    page = client.get("/audit").get_data(as_text=True)
    assert 'action="/audit/verify"' in page and 'name="csrf_token"' in page
    ok = client.post("/audit/verify").get_data(as_text=True)
    assert 'data-ok="1"' in ok and "哈希链完整" in ok
    _tamper(7, "UPDATE audit_events SET data = '{\"user\":\"mallory\"}' WHERE seq = 7")
    bad = client.post("/audit/verify").get_data(as_text=True)
    assert 'data-ok="0"' in bad and '<dd class="col-sm-9" id="first-bad-seq">7</dd>' in bad


# --- exports -----------------------------------------------------------------------------------

def _write(path: Path, bundle: dict) -> Path:  # type: ignore[type-arg]
    path.write_text(json.dumps(bundle, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _script(*args: str, isolated_copy: Path | None = None) -> subprocess.CompletedProcess[str]:
    if isolated_copy is not None:
        # -I -S: no site-packages at all, so the file can only use the standard library
        command = [sys.executable, "-I", "-S", str(isolated_copy), *args]
    else:
        command = [sys.executable, "-m", "caseflow.audit.verify_bundle", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60,
                          check=False)


def test_case_bundle_verifies_in_process_and_with_the_stdlib_script(app, client, api,
                                                                    tmp_path):
    case = _xintai_case(client, api)
    bundle = case_bundle(db.session.get(Case, case["id"]))
    assert bundle["format"] == "caseflow-audit-bundle/1"
    assert bundle["case"] == {"id": case["id"], "number": case["number"]}
    assert [e["action"] for e in bundle["events"]][:2] == ["intake", "transition"]
    assert bundle["chain_head"]["seq"] == audit.verify_chain().events_checked
    row = bundle["events"][1]
    stored = db.session.get(AuditEvent, row["seq"])
    assert row["data"] == stored.data and row["at"] == stored.at.isoformat(timespec="microseconds")
    key = bundle_key()
    assert verify_bundle(bundle, key) == (True, [])
    path = _write(tmp_path / "bundle.json", bundle)
    done = _script(str(path), "--key-hex", key.hex())
    assert done.returncode == 0 and "signature OK" in done.stdout, done.stdout + done.stderr
    copy = shutil.copy(ROOT / "caseflow" / "audit" / "verify_bundle.py", tmp_path / "vb.py")
    done = _script(str(path), "--key-hex", key.hex(), isolated_copy=Path(copy))
    assert done.returncode == 0, done.stdout + done.stderr

    edited = json.loads(path.read_text(encoding="utf-8"))
    seq = edited["events"][1]["seq"]
    edited["events"][1]["data"] = edited["events"][1]["data"].replace("accept", "reject")
    bad = _write(tmp_path / "edited.json", edited)
    ok, problems = verify_bundle(edited)
    assert not ok and problems == [f"seq {seq}: hash does not match the event's content"]
    done = _script(str(bad))
    assert done.returncode == 1 and f"seq {seq}" in done.stdout


def test_signature_fails_with_a_wrong_key(app, client, api, tmp_path):
    case = _xintai_case(client, api)
    bundle = case_bundle(db.session.get(Case, case["id"]))
    ok, problems = verify_bundle(bundle, key=b"\x00" * 32)
    assert not ok and problems == [
        "signature does not match (wrong key, or the file was edited)"]
    path = _write(tmp_path / "bundle.json", bundle)
    done = _script(str(path), "--key-hex", "00" * 32)
    assert done.returncode == 1 and "signature" in done.stdout
    bundle["case"]["number"] = "伪造"  # no event changed, but the signature no longer fits
    assert verify_bundle(bundle)[0] and not verify_bundle(bundle, bundle_key())[0]


def test_downloads_are_scoped_and_audited(client, api, login):
    case = _xintai_case(client, api)
    login(XINTAI_SUP)
    r = client.get(f"/cases/{case['id']}/audit.json")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    bundle = json.loads(r.get_data(as_text=True))
    from flask import current_app

    with current_app.app_context():
        assert verify_bundle(bundle, bundle_key()) == (True, [])
    exported = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "audit_exported")).all()
    assert len(exported) == 1 and exported[0].case_id == case["id"]
    assert json.loads(exported[0].data)["signature"] == bundle["signature"]
    r = client.get(f"/cases/{case['id']}/audit.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert client.get(f"/api/v1/cases/{case['id']}/audit-bundle",
                      headers=api(TAISHAN_SUP)).status_code == 404
    body = client.get(f"/api/v1/cases/{case['id']}/audit-bundle", headers=api(CITY_SUP))
    assert body.status_code == 200 and body.get_json()["case"]["id"] == case["id"]
    assert db.session.query(AuditEvent).filter_by(action="audit_exported").count() == 3
    assert audit.verify_chain().ok


def test_case_csv_is_readable_chinese(app, client, api, login):
    case = _xintai_case(client, api)
    text = case_csv(db.session.get(Case, case["id"]), app.extensions["caseflow.workflows"])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["序号", "时间", "法定日期", "操作人", "单位", "操作", "说明", "状态变化",
                       "哈希"]
    accept = rows[2]
    assert accept[2] == "2026-09-30" and accept[3] == "370982-officer"
    assert accept[4] == "新泰市局" and accept[5] == "受理立案"
    assert accept[7] == "收件 → 已立案" and len(accept[8]) == 64


def test_cli_export_and_verify_bundle(app, client, api, tmp_path):
    case = _xintai_case(client, api)
    out = tmp_path / "case.json"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "export-case", str(case["id"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["audit", "verify-bundle", str(out)])
    assert result.exit_code == 0 and "signature OK" in result.output
    edited = json.loads(out.read_text(encoding="utf-8"))
    edited["events"][0]["actor"] = "mallory"
    _write(out, edited)
    result = runner.invoke(args=["audit", "verify-bundle", str(out)])
    assert result.exit_code == 1 and f"seq {edited['events'][0]['seq']}" in result.output
    assert runner.invoke(args=["audit", "export-case", "99999", "--out", str(out)]).exit_code


def test_openapi_lists_the_audit_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/audit/events" in paths and "/cases/{case_id}/audit-bundle" in paths


# --- describe ------------------------------------------------------------------------------

def _event(action: str, data: dict | None = None, **fields) -> AuditEvent:  # type: ignore[type-arg]
    base = {"seq": 1, "at": datetime(2026, 9, 30, 1, 2, 3), "on": None, "actor_id": None,
            "actor": "370982-officer", "unit_code": "370982", "case_id": None,
            "from_status": None, "to_status": None}
    return AuditEvent(action=action, data=json.dumps(data or {}, ensure_ascii=False),
                      **(base | fields))


UNITS = {"370982": "新泰市局", "370900": "泰安市局"}


@pytest.mark.parametrize(("event", "text"), [
    (_event("transition", {"trigger": "accept", "note": None}, on=date(2026, 9, 30),
            from_status="received", to_status="filed"),
     "370982-officer 受理立案：收件 → 已立案；法定日期 2026-09-30"),
    (_event("login_failed", {"username": "xxx", "failures": 2}), "登录失败（用户名 xxx）"),
    (_event("evidence_uploaded", {"filename": "合同.pdf", "size": 10}), "上传证据 合同.pdf"),
    (_event("refer_up", {"from_unit": "370982", "to_unit": "370900", "reason": "案情重大"}),
     "报请上级办理：新泰市局 → 泰安市局，理由：案情重大"),
    (_event("user_created", {"user": "u1", "role": "officer", "unit": "370982"}),
     "创建用户 u1（执法人员，新泰市局）"),
    (_event("extend_mediation", {"days": 15, "reason": "双方同意"}),
     "延长调解期限 15 天，理由：双方同意"),
    (_event("logout"), "退出登录"),
    (_event("frobnicate", {"x": 1, "y": "z"}), "frobnicate：x=1，y=z"),
    (_event("frobnicate"), "frobnicate"),
    (_event("assign", "not a dict"), "分派承办人：value=not a dict"),  # type: ignore[arg-type]
    (_event("assign", {"assignee": "a", "team": ["a", "b"], "previous": "c", "reason": None}),
     "分派承办人 a，协办 b（原承办人 c）"),
    (_event("audit_exported", {"format": "json", "events": 9}), "导出案件审计记录（JSON，9 条）"),
    (_event("pii_rotated", {"identity_numbers": 29, "from_older_key": 3, "digests_renewed": 3}),
     "轮换身份证号密钥：29 个身份证号改用新密钥加密（其中 3 个原用旧密钥）"),
])
def test_describe(app, event, text):
    assert describe(event, app.extensions["caseflow.workflows"], UNITS) == text


def test_describe_picks_the_workflow_by_its_edge(app):
    registry = app.extensions["caseflow.workflows"]
    labels = {t.label.zh for c in registry for t in c.workflow.transitions
              if t.trigger == "serve_request"}
    assert len(labels) == 2
    for compiled in registry:
        for t in compiled.workflow.transitions:
            if t.trigger != "serve_request":
                continue
            event = _event("transition", {"trigger": t.trigger}, from_status=t.source[0],
                           to_status=t.dest)
            assert t.label.zh in describe(event, registry)


def test_describe_beside_columns_names_people_inputs_and_parties(app):
    """The case page's history: no actor or status (their own columns), names not codes."""
    registry = app.extensions["caseflow.workflows"]
    close = _event("transition", {"trigger": "close", "note": "送达完毕",
                                  "inputs": {"receipts": [{"party": 7, "received_on": "2026-10-28"}]},
                                  "warnings": [{"code": "w", "message": "注意", "message_en": "Mind"}]},
                   from_status="decided", to_status="closed", on=date(2026, 10, 30))
    text = describe(close, registry, UNITS, parties={7: "王五"}, columns=True)
    assert text == "各方当事人签收处理决定日期：王五 2026-10-28；提示：注意；说明：送达完毕"
    assign = _event("assign", {"assignee": "u1", "team": ["u1", "u2"], "previous": None})
    assert describe(assign, registry, UNITS, users={"u1": "张三", "u2": "李四"},
                    columns=True) == "分派承办人 张三，协办 李四"
    approve = _event("transition", {"trigger": "approve_decision", "number": "X1",
                                    "inputs": {"outcome": "infringement"}},
                     from_status="decision_pending", to_status="decided")
    # the number is said where it was given (accept), not on every later act
    assert describe(approve, registry, UNITS, users={"370982-officer": "甲"}) == \
        "甲 批准处理决定：处理决定待审批 → 已作出处理决定；处理结果：构成侵权"
    with app.test_request_context():
        from flask import session
        from flask_babel import refresh

        session["lang"] = "en"
        refresh()
        english = describe(close, registry, UNITS, parties={7: "王五"}, columns=True)
    assert english == ("Each party's receipt of the decision: 王五 2026-10-28; warning: Mind; "
                       "note: 送达完毕")


def test_a_case_history_reads_inputs_in_the_case_own_workflow_version(app):
    """v1 and v2 share `accept` (received → filed); only v2's takes the panel (Art. 20)."""
    registry = app.extensions["caseflow.workflows"]
    accept = _event("transition", {"trigger": "accept", "number": None,
                                   "inputs": {"panel": ["u1", "u2", "u3"]}},
                    from_status="received", to_status="filed")
    names = {"u1": "张三", "u2": "李四", "u3": "王五"}
    v2 = describe(accept, registry, UNITS, users=names, columns=True,
                  workflow=("adjudication", 2))
    assert v2.startswith("合议组（用户名，第一位为承办人）：张三") and "王五" in v2
    assert not describe(accept, registry, UNITS, users=names, columns=True,
                        workflow=("adjudication", 1)).startswith("合议组")
    # an unknown version falls back to the first workflow with the edge
    assert describe(accept, registry, UNITS, users=names, columns=True,
                    workflow=("adjudication", 9))
