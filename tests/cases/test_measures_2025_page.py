"""The case page of a v2 (2025 Measures) case: the rule set it follows, the forms of the new
inputs (a respondent, per-respondent receipts, numbers of votes) and the two-level extension,
driven through the page's own forms."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.timeutil import today
from tests.cases.action_inputs import drive, new_case, path_to
from tests.cases.test_views import _act, _signed_in


class _Ref:
    """A case's id and what the test reads of it, taken before any request ends the session."""

    def __init__(self, case: Case) -> None:
        self.id, self.version = case.id, case.version
        self.parties = [(p.id, p.role) for p in case.parties]

    def party(self, role: str) -> int:
        return next(pid for pid, r in self.parties if r == role)


def _v2_case(app, state: str) -> _Ref:  # type: ignore[no-untyped-def]
    registry = app.extensions["caseflow.workflows"]
    case = new_case("adjudication", "party_request", registry, 2,
                    (today() - timedelta(days=10)).isoformat())
    drive(case, path_to(registry.get("adjudication", 2), case, {state}), registry)
    db.session.commit()
    return _Ref(case)


def test_a_v2_case_names_its_rules_and_a_v1_case_its_own(app):
    case = _v2_case(app, "received")
    officer = _signed_in(app, "370982-officer")
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="fact-rules"' in page
    assert "《专利纠纷行政裁决和调解办法》（国家知识产权局令第81号）" in page
    assert "2025-02-01起施行；第2版流程" in page
    registry = app.extensions["caseflow.workflows"]
    old = _Ref(new_case("adjudication", "party_request", registry))  # the tests pin v1
    db.session.commit()
    page = officer.get(f"/cases/{old.id}").get_data(as_text=True)
    assert "《专利行政执法办法》（2015年修改）" in page and "第1版流程" in page
    officer.post("/lang/en", data={"next": "/"})
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "CNIPA Decree No. 81" in page and "workflow version 2" in page


def test_serving_the_request_takes_each_respondents_receipt_on_the_page(app):
    case = _v2_case(app, "filed")
    officer = _signed_in(app, "370982-officer")
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    respondent, requester = case.party("respondent"), case.party("requester")
    assert f'name="receipts-{respondent}"' in page
    assert f'name="receipts-{requester}"' not in page  # only respondents receive the copy
    on = today().isoformat()
    r = _act(officer, case.id, "serve_request", on=on, **{f"receipts-{respondent}": on})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    served = db.session.scalar(select(Case).where(Case.id == case.id))
    assert served.status == "awaiting_reply"
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    # the panel's extension of one respondent's reply: a select of the respondents
    assert '<select class="form-select form-select-sm" id="a-extend_reply-party" name="party"' in page
    assert f'<option value="{respondent}"' in page
    until = (today() + timedelta(days=40)).isoformat()
    r = _act(officer, case.id, "extend_reply", on=on, party=str(respondent), until=until,
             note="被请求人申请延期，合议组同意")
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "合议组决定延长期限" in page and until in page


def test_a_refused_vote_is_shown_on_the_form_and_changes_nothing(app):
    case = _v2_case(app, "investigating")
    officer = _signed_in(app, "370982-officer")
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'type="number" min="0" max="999" step="1" id="a-submit_decision-votes_for"' in page
    version = case.version
    r = _act(officer, case.id, "submit_decision", on=today().isoformat(),
             outcome="no_infringement", reasons="不落入保护范围", votes_for="1", votes_against="2")
    assert r.status_code == 422
    assert "合议组按多数意见作出处理意见" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Case.version).where(Case.id == case.id)) == version


def test_the_extension_form_follows_the_level(app):
    case = _v2_case(app, "investigating")
    supervisor = _signed_in(app, "370982-supervisor")
    page = supervisor.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "第一次延长：经负责人批准，延长不超过一个月（第三十七条）" in page
    assert 'name="until"' in page and 'name="approval_ref"' not in page
    r = supervisor.post(f"/cases/{case.id}/extend",
                        data={"reason": "案情复杂", "on": today().isoformat(),
                              "version": str(case.version)})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    extended = db.session.scalar(select(Case).where(Case.id == case.id))
    assert extended.extension_level == 1
    assert extended.extended_until is not None
    city = _signed_in(app, "370900-supervisor")
    page = city.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "继续延长：经上一级管理专利工作的部门批准，延长不超过两个月（第三十七条）" in page
    assert 'name="approval_ref"' in page


def test_the_routing_box_names_the_panel_the_header_names(app):
    case = _v2_case(app, "filed")
    page = _signed_in(app, "370982-officer").get(f"/cases/{case.id}").get_data(as_text=True)
    team = page.split('id="routing-team"', 1)[1].split("</dd>", 1)[0]
    assert "未组成办案组" not in team
    assert team.count("<div>") == 3 and "承办人" in team
    box = page.split('id="routing-team"', 1)[0].rsplit("<dt", 1)[1]
    assert "合议组" in box
