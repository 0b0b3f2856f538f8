"""More changes that notify: a case assigned (lead, team, panel), a document awaiting 签发, an
issued document awaiting service. Each reaches exactly the right people once; a refused act
sends nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from caseflow.cases import panel
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.notifications.delivery import deliver_due
from tests.documents.helpers import accepted_case, fire, issue, only
from tests.factories import officers, open_case_via_api, user
from tests.routing.test_routing import route


def _address(username: str) -> str:
    return f"{username}@demo.caseflow.local"


def _fresh(smtp_server) -> None:  # type: ignore[no-untyped-def]
    """Send what earlier steps queued and forget it: the next step is judged on its own."""
    deliver_due()
    smtp_server.recorder.messages.clear()


def _received(smtp_server) -> Counter[str]:  # type: ignore[no-untyped-def]
    deliver_due()
    return Counter(m["To"] for m in smtp_server.recorder.messages)


def _once(*usernames: str) -> Counter[str]:
    return Counter({_address(u): 1 for u in usernames})


def _number(case_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Case, case_id).display_number


def test_an_assignment_mails_the_new_lead_and_the_new_panel_members_once(
        client, api, smtp_server):
    case = open_case_via_api(client, api("370982001-officer"))
    _fresh(smtp_server)
    supervisor = api("370982-supervisor")
    # refused (an adjudication needs a panel of three): nothing
    r = route(client, supervisor, case, action="assign", to_user="370982-officer")
    assert r.status_code == 422
    assert _received(smtp_server) == Counter()
    r = route(client, supervisor, case, action="assign", to_user="370982-officer",
              team=["370982-officer2", "370982-officer3"])
    assert r.status_code == 200, r.get_json()
    assert _received(smtp_server) == _once("370982-officer", "370982-officer2",
                                           "370982-officer3")  # not the supervisor who acted
    mails = {m["To"]: m for m in smtp_server.recorder.messages}
    number = _number(case["id"])
    lead, member = mails[_address("370982-officer")], mails[_address("370982-officer2")]
    assert number in lead["Subject"] and number in member["Subject"]
    assert "承办人" in lead.get_content() and "合议组成员" in member.get_content()
    assert f"https://caseflow.example/cases/{case['id']}" in lead.get_content()
    # re-assigned: only who is new on it hears (officer2 now leads, the mediator joins)
    _fresh(smtp_server)
    r = route(client, supervisor, r.get_json(), action="assign", to_user="370982-officer2",
              team=["370982-officer3", "370982-mediator"], reason="原承办人借调。")
    assert r.status_code == 200, r.get_json()
    assert _received(smtp_server) == _once("370982-officer2", "370982-mediator")
    mails = {m["To"]: m.get_content() for m in smtp_server.recorder.messages}
    assert "承办人" in mails[_address("370982-officer2")]
    assert "合议组成员" in mails[_address("370982-mediator")]
    # the supervisor who puts themself on the team is not told of their own act
    _fresh(smtp_server)
    r = route(client, supervisor, r.get_json(), action="assign", to_user="370982-officer2",
              team=["370982-officer3", "370982-supervisor"], reason="调整办案组。")
    assert r.status_code == 200, r.get_json()
    assert _received(smtp_server) == Counter()


def test_assignment_mail_is_in_english_for_an_english_reader(client, api, smtp_server):
    user("370982-officer").language = "en"
    db.session.commit()
    case = open_case_via_api(client, api("370982001-officer"))
    _fresh(smtp_server)
    r = route(client, api("370982-supervisor"), case, action="assign",
              to_user="370982-officer", team=["370982-officer2", "370982-officer3"])
    assert r.status_code == 200, r.get_json()
    deliver_due()
    [mail] = smtp_server.recorder.to(_address("370982-officer"))
    assert mail["Subject"] == f"Case {_number(case['id'])} assigned to you"
    assert "as: Lead handler." in mail.get_content()


def test_a_panel_named_or_re_formed_mails_only_who_is_new_on_it(client, api, smtp_server):
    officers("370982", 4)
    user("370982-officer4").email = _address("370982-officer4")
    db.session.commit()
    case = open_case_via_api(client, api("370982001-officer"))
    r = route(client, api("370982-supervisor"), case, action="assign", to_user="370982-officer",
              team=["370982-officer2", "370982-officer3"])
    assert r.status_code == 200, r.get_json()
    _fresh(smtp_server)
    row = db.session.get(Case, case["id"])
    supervisor = user("370982-supervisor")
    registry = client.application.extensions["caseflow.workflows"]
    # named from the assigned team: everyone on it was told at assignment
    panel.name_panel(row, [user(f"370982-officer{s}") for s in ("", "2", "3")],
                     date(2026, 9, 30), supervisor)
    db.session.commit()
    assert _received(smtp_server) == Counter()
    # re-formed: officer2 now leads the panel, officer4 joins; officer (still on it) hears nothing
    panel.reform_panel(supervisor, row, panel=["370982-officer2", "370982-officer",
                                               "370982-officer4"],
                       reason="原成员调离", on=None, version=None, registry=registry)
    db.session.commit()
    assert _received(smtp_server) == _once("370982-officer2", "370982-officer4")
    mails = {m["To"]: m.get_content() for m in smtp_server.recorder.messages}
    assert "承办人" in mails[_address("370982-officer2")]
    assert "合议组成员" in mails[_address("370982-officer4")]


def test_a_drafted_notice_awaits_the_supervisor_once_not_per_edit(client, api, smtp_server):
    case = open_case_via_api(client, api("370982001-officer"))
    _fresh(smtp_server)
    officer = api("370982-officer")
    # refused transition: no draft, no mail
    fire(client, api("370982-mediator"), case, "accept", on="2026-09-30",
         data={"conditions_confirmed": True}, status=403)
    assert _received(smtp_server) == Counter()
    case = fire(client, officer, case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})
    # the acceptance notice is the supervisor's to 签发: the county's only (not the city's)
    assert _received(smtp_server) == _once("370982-supervisor")
    mail = smtp_server.recorder.messages[0]
    assert "受理通知书" in mail["Subject"] and "待签发" in mail["Subject"]
    assert _number(case["id"]) in mail["Subject"]
    # edits of the draft do not tell them again
    _fresh(smtp_server)
    notice = only(client, officer, case["id"], "acceptance_notice")
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{notice['id']}", headers=officer,
                     json={"text": {}, "version": notice["version"]})
    assert r.status_code == 200, r.get_json()
    assert _received(smtp_server) == Counter()


def test_a_hand_draft_awaits_issue_only_once_its_required_text_is_in(client, api, smtp_server):
    case = accepted_case(client, api)
    _fresh(smtp_server)
    officer = api("370982-officer")
    # the officer issues a receipt (收件凭证) themself: nobody else is told
    r = client.post(f"/api/v1/cases/{case['id']}/documents", headers=officer,
                    json={"kind": "receipt", "text": {}})
    assert r.status_code == 201, r.get_json()
    assert _received(smtp_server) == Counter()
    # a closure approval form without its required text: nobody may issue it yet
    r = client.post(f"/api/v1/cases/{case['id']}/documents", headers=officer,
                    json={"kind": "closure_approval", "text": {}})
    assert r.status_code == 201, r.get_json()
    form = r.get_json()
    assert _received(smtp_server) == Counter()
    # a refused edit (a stale version): nothing
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{form['id']}", headers=officer,
                     json={"text": {"summary_of_handling": "已调查。"},
                           "version": form["version"] + 3})
    assert r.status_code == 409
    assert _received(smtp_server) == Counter()
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{form['id']}", headers=officer,
                     json={"text": {"summary_of_handling": "已调查。"},
                           "version": form["version"]})
    assert r.status_code == 200, r.get_json()
    assert _received(smtp_server) == _once("370982-supervisor")
    _fresh(smtp_server)
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{form['id']}", headers=officer,
                     json={"text": {"summary_of_handling": "已调查完毕。"},
                           "version": r.get_json()["version"]})
    assert r.status_code == 200, r.get_json()
    assert _received(smtp_server) == Counter()
    # issued, it is internal (no recipients): nobody is asked to serve it
    issue(client, api("370982-supervisor"), r.get_json())
    assert _received(smtp_server) == Counter()


def test_an_issued_notice_awaits_service_by_the_lead_or_the_officers(client, api, smtp_server):
    case = accepted_case(client, api)
    _fresh(smtp_server)
    supervisor = api("370982-supervisor")
    notice = only(client, supervisor, case["id"], "acceptance_notice")
    issue(client, api("370982-officer"), notice, status=403)  # refused: nothing
    assert _received(smtp_server) == Counter()
    issue(client, supervisor, notice)
    # no lead yet: the county's officers (not the mediator, not the supervisor who issued it)
    assert _received(smtp_server) == _once("370982-officer", "370982-officer2",
                                           "370982-officer3")
    mail = smtp_server.recorder.messages[0]
    assert "受理通知书" in mail["Subject"] and "待送达" in mail["Subject"]
    # with a lead: the lead alone
    r = route(client, supervisor, client.get(f"/api/v1/cases/{case['id']}",
                                             headers=supervisor).get_json(),
              action="assign", to_user="370982-officer2",
              team=["370982-officer", "370982-officer3"])
    assert r.status_code == 200, r.get_json()
    case = fire(client, api("370982-officer2"), r.get_json(), "serve_request", on="2026-10-12")
    _fresh(smtp_server)
    issue(client, supervisor, only(client, supervisor, case["id"], "reply_notice"))
    assert _received(smtp_server) == _once("370982-officer2")
