"""Demo cases in every workflow and state, driven through the real services (seed-demo)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cases.actions import perform_action
from caseflow.cases.demo_plans import plans, resolve_inputs
from caseflow.cases.demo_plans_2025 import plans_2025
from caseflow.cases.intake import parse_intake
from caseflow.cases.models import Case
from caseflow.cases.services import open_case
from caseflow.cases.workflow_versions import new_case_workflow
from caseflow.deadlines.actions import extend_closure
from caseflow.demo_documents import Act, issue_demo_documents, serve_demo_documents
from caseflow.extensions import db
from caseflow.routing.services import sign_for
from caseflow.timeutil import today
from caseflow.workflow.engine import Registry

PATENTS = ["ZL200930231150.3", "ZL200820185283.1", "ZL201220687633.0"]
COMPANIES = [("泰安市岱宗茶业有限公司", "91350100M000100Y43"),
             ("山东泰山机械制造有限公司", "914403001922038216"),
             ("新泰市青云包装有限公司", "9144030071526726XG")]
RESPONDENTS = ["王五", "赵六商行", "孙七", "周八五金店", "吴九", "郑十", "冯十一", "陈十二",
               "褚十三", "卫十四", "蒋十五", "沈十六", "韩十七", "杨十八", "朱十九", "秦二十"]

CITY_CODE = "370900"
V2_WORKFLOWS = ("adjudication", "prelitigation_mediation")  # the workflows the Measures changed
COUNTIES = ["370982", "370902", "370911", "370921", "370923", "370983"]


def _user(code: str, role: str) -> User:
    return db.session.scalar(select(User).where(User.username == f"{code}-{role}"))


def _intake(n: int, county: str, workflow: str, source: str | None,
            received_on: str | None = None) -> dict[str, Any]:
    name, code = COMPANIES[n % len(COMPANIES)]
    received = received_on or ("2026-09-28" if workflow == "adjudication" else "2026-10-08")
    body: dict[str, Any] = {
        "workflow": workflow, "received_on": received,
        "patent": {"number": PATENTS[n % len(PATENTS)],
                   "title": "茶叶包装盒" if n % 3 == 0 else "一种夹具"},
        "requesters": [{"kind": "organization", "name": name, "credit_code": code,
                        "phone": "0538-8234567"}],
        "respondents": [{"kind": "person", "name": RESPONDENTS[n % len(RESPONDENTS)],
                         "id_number": "11010519491231002X", "phone": "13805381234"}],
        "claim_amount": 50000 + 1000 * n, "summary": "演示案件：被请求人销售涉嫌侵权产品。",
        "confirm_duplicate": True, "intake_unit": f"{county}001" if workflow == "adjudication"
        else county}
    if workflow == "prelitigation_mediation":
        body["source"] = source
        if source == "party_request":  # damages alone: the decision that found it (Art. 64)
            body["prior_decision_ref"] = f"泰市监知裁〔{int(received[:4]) - 1}〕{n + 1}号"
    if source in ("court_assigned", "court_entrusted"):
        body["court"] = {"name": "泰安市中级人民法院",
                         "case_number": f"({received[:4]})鲁09民初{100 + n}号",
                         "procedure": "ordinary" if n % 2 else "simple"}
    return body


def _actor(county: str, role: str) -> User:
    if role.endswith("@city"):  # the unit above a county bureau (a second extension)
        return _user(CITY_CODE, role.removesuffix("@city"))
    return _user(county, role)


def _drive(case: Case, steps: list[tuple], county: str,
           registry: Registry) -> tuple[dict[int, Act], Act | None]:
    """Fire the steps; issue (签发) the drafts of each act on its day. Return the act that
    drafted each document and the close (whose receipts say when the decision was served)."""
    drafted = {d.id: Act("open", case.received_on, {})
               for d in issue_demo_documents(case, case.received_on)}
    closing = None
    for step in steps:
        trigger, role, on, data, *note = step
        data = resolve_inputs(data, case.parties, case.received_on, case.received_on)
        data = _with_panel(case, trigger, data, registry)
        if trigger == "extend":  # the closure extension has its own service (Art. 37)
            extend_closure(_actor(county, role), case, on=on, version=case.version,
                           registry=registry, **data)
            continue
        perform_action(case, trigger, _actor(county, role), registry=registry, on=on, data=data,
                       note=note[0] if note else None, version=case.version)
        act = Act(trigger, date.fromisoformat(on), data)
        closing = act if trigger == "close" else closing
        drafted.update({d.id: act for d in issue_demo_documents(case, on)})
    return drafted, closing


def _with_panel(case: Case, trigger: str, data: dict[str, Any],
                registry: Registry) -> dict[str, Any]:
    """Name the panel of three (合议组, Art. 20) at acceptance where the workflow asks for one:
    the handling unit's three officers, the lead (承办人) first."""
    transition = registry.get(case.workflow, case.workflow_version).workflow.find(
        case.status, trigger)
    if transition is None or transition.input("panel") is None or "panel" in data:
        return data
    unit = case.handling_unit.code
    return {**data, "panel": [f"{unit}-officer", f"{unit}-officer2", f"{unit}-officer3"]}


@contextmanager
def _opening_under(workflow: str, version: int) -> Iterator[None]:
    """Open the next case under `version` of `workflow` (a case received before the 2025
    Measures came into force keeps the 2015 rules), whatever new cases open under."""
    config = current_app.config
    pins = config.get("WORKFLOW_VERSIONS") or {}
    config["WORKFLOW_VERSIONS"] = {**pins, workflow: version}
    try:
        yield
    finally:
        config["WORKFLOW_VERSIONS"] = pins


def case_plans(registry: Registry) -> list[tuple[str, int, str | None, str, list[tuple],
                                                  str | None]]:
    """Return (workflow, version, source, label, steps, received_on) of every demo case: the
    2025 scripts for a workflow whose new cases open under v2 (with a few v1 cases still open),
    the 2015 scripts for one pinned to v1 (WORKFLOW_VERSIONS) and for the other workflows."""
    version = {name: new_case_workflow(registry, name, current_app.config).workflow.version
               for name in V2_WORKFLOWS}
    out = [(workflow, 1, source, state, steps, None)
           for workflow, source, state, steps, _weight in plans()
           if version.get(workflow, 1) == 1]
    return [*out, *(plan for plan in plans_2025() if version[plan[0]] == 2)]


def seed_cases(registry: Registry) -> int:
    """Create one case per (workflow, state) spread over the counties; skip if any exist."""
    if db.session.scalar(select(func.count()).select_from(Case)):
        return 0
    n = 0
    for workflow, version, source, _label, steps, received_on in case_plans(registry):
        county = COUNTIES[n % len(COUNTIES)]
        actor = _user(f"{county}001", "officer") if workflow == "adjudication" \
            else _user(county, "mediator")
        inp, errors, warnings = parse_intake(_intake(n, county, workflow, source, received_on),
                                             today())
        if errors:
            raise RuntimeError(f"demo intake invalid: {errors}")
        with _opening_under(workflow, version):
            case, _ = open_case(actor, inp, registry, warnings)
        if steps and not case.signed_for:  # the county signed for it before working on it
            sign_for(_user(county, "officer"), case, on=inp.received_on, version=case.version,
                     registry=registry)
        drafted, closing = _drive(case, steps, county, registry)
        serve_demo_documents(case, drafted, closing, registry)
        n += 1
    return n


__all__ = ["case_plans", "issue_demo_documents", "seed_cases"]
