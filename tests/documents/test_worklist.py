"""The unit's 文书待办: 待签发 (drafts, whether required text is missing, 签发 only where the issue
service allows it) and 待送达, scoped to the unit subtree, counted (tabs, navigation badge, home
page, 待办), paged, and counted from indexes."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import inspect, text

from caseflow.documents import worklist
from caseflow.documents.models import Document
from caseflow.extensions import db
from tests.documents.helpers import accepted_case, documents, fire, issue, only
from tests.documents.test_service import serve
from tests.factories import open_case_via_api


def _rows(page: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(0) for m in re.finditer(
        r'<tr data-document="(\d+)"[^>]*>.*?</tr>', page, re.S)}


def _badge(page: str, id_: str) -> int | None:
    found = re.search(rf'id="{id_}">(\d+)<', page)
    return int(found.group(1)) if found else None


def _by_hand(client, headers, case_id, kind, text=None):  # type: ignore[no-untyped-def]
    body = {"kind": kind, **({"text": text} if text is not None else {})}
    r = client.post(f"/api/v1/cases/{case_id}/documents", json=body, headers=headers)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _other_county_case(client, api):  # type: ignore[no-untyped-def]
    """A case of 宁阳县局 (370921), accepted: its acceptance notice drafted."""
    case = open_case_via_api(client, api("370921-officer"), intake_unit="370921",
                             patent={"number": "ZL201820001111.8", "title": "一种灯具"},
                             confirm_duplicate=True)
    return fire(client, api("370921-officer"), case, "accept", on="2026-09-30",
                data={"conditions_confirmed": True, "court_action_filed": False})


def _setup(client, api):  # type: ignore[no-untyped-def]
    officer = api("370982-officer")
    case = accepted_case(client, api)
    notice = only(client, officer, case["id"], "acceptance_notice")  # nothing required
    extension = _by_hand(client, officer, case["id"], "extension_approval")  # reasons missing
    receipt = _by_hand(client, officer, case["id"], "receipt", {"materials": "请求书一份"})
    other = _other_county_case(client, api)
    other_notice = only(client, api("370921-officer"), other["id"], "acceptance_notice")
    return case, notice, extension, receipt, other, other_notice


def test_the_issue_tab_lists_the_units_drafts_and_offers_issue_as_the_service_does(
        client, api, login):
    case, notice, extension, receipt, other, other_notice = _setup(client, api)
    for username in ("370982-officer", "370982-supervisor"):
        login(username)
        page = client.get("/documents/awaiting-issue").get_data(as_text=True)
        rows = _rows(page)
        assert set(rows) == {notice["id"], extension["id"], receipt["id"]}  # not 370921's
        assert other_notice["id"] not in rows and other["number"] not in page
        assert 'data-missing="yes"' in rows[extension["id"]] and "延长理由" in rows[extension["id"]]
        assert 'data-missing="no"' in rows[notice["id"]]
        assert f'href="/cases/{case["id"]}/documents/{extension["id"]}"' in rows[extension["id"]]
        assert _badge(page, "count-issue") == 3 and _badge(page, "count-serve") == 0
        assert _badge(page, "document-work-count") == 3  # the navigation's badge
        may = {d["id"]: d["may"]["issue"] for d in documents(client, api(username), case["id"])}
        for document_id, row in rows.items():  # the button iff the issue service allows it
            assert (f'id="issue-{document_id}"' in row) is may[document_id], (username, row)
        client.post("/logout")
    # the officer may issue only the 收件凭证; the supervisor the complete supervisor kinds
    assert not documents(client, api("370982-officer"), case["id"])[0]["may"]["issue"]
    login("370921-officer")
    page = client.get("/documents/awaiting-issue").get_data(as_text=True)
    assert set(_rows(page)) == {other_notice["id"]} and _badge(page, "count-issue") == 1
    client.post("/logout")
    login("370900-officer")  # the city sees the drafts of every county below it
    page = client.get("/documents/awaiting-issue").get_data(as_text=True)
    assert set(_rows(page)) == {notice["id"], extension["id"], receipt["id"], other_notice["id"]}
    assert re.findall(r'id="issue-(\d+)"', page) == [str(receipt["id"])]  # an officer's kind
    client.post("/logout")
    login("admin")
    assert client.get("/documents/awaiting-issue").status_code == 403


def test_issuing_from_the_list_moves_the_document_to_the_service_tab(client, api, login):
    case, notice, *_ = _setup(client, api)
    login("370982-supervisor")
    page = client.get("/documents/awaiting-issue").get_data(as_text=True)
    assert f'id="issue-{notice["id"]}"' in page
    r = client.post(f"/cases/{case['id']}/documents/{notice['id']}/issue",
                    data={"version": str(notice["version"])})
    assert r.status_code == 302
    page = client.get("/documents/awaiting-issue").get_data(as_text=True)
    assert notice["id"] not in _rows(page)
    assert _badge(page, "count-issue") == 2 and _badge(page, "count-serve") == 1
    page = client.get("/documents/awaiting-service").get_data(as_text=True)
    assert set(_rows(page)) == {notice["id"]}
    assert _badge(page, "document-work-count") == 3
    issued = only(client, api("370982-supervisor"), case["id"], "acceptance_notice")
    serve(client, api("370982-officer"), issued["id"], party=issued["recipients"][0]["party"],
          method="direct", sent_on="2026-11-25", served_on="2026-11-25")
    page = client.get("/documents/awaiting-service").get_data(as_text=True)
    assert 'id="awaiting-service-empty"' in page and _badge(page, "count-serve") == 0


def test_the_home_page_and_the_inbox_count_the_units_documents(client, api, login):
    _setup(client, api)
    supervisor = api("370921-supervisor")
    issue(client, supervisor, only(client, supervisor, _other_county_case(client, api)["id"],
                                   "acceptance_notice"))
    login("370982-officer")
    home = client.get("/").get_data(as_text=True)
    card = re.search(r'href="/documents/awaiting-issue" id="count-documents-issue">.*?'
                     r'display-6[^>]*>(\d+)<', home, re.S)
    assert card and card.group(1) == "3"
    card = re.search(r'href="/documents/awaiting-service" id="count-documents-serve">.*?'
                     r'display-6[^>]*>(\d+)<', home, re.S)
    assert card and card.group(1) == "0"  # 370921's issued notice is not this unit's
    inbox = client.get("/routing/inbox").get_data(as_text=True)
    assert re.search(r'id="inbox-documents-issue">待签发 3 件<', inbox)
    assert re.search(r'id="inbox-documents-serve">待送达 0 件<', inbox)
    client.post("/logout")
    login("370900-officer")
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'id="count-documents-serve">.*?display-6[^>]*>1<', home, re.S)


def test_the_lists_page(client, api, login, monkeypatch):
    case, *_ = _setup(client, api)
    officer = api("370982-officer")
    for _ in range(3):
        _by_hand(client, officer, case["id"], "receipt")
    monkeypatch.setattr(worklist, "PER_PAGE", 4)  # 6 drafts: two pages
    login("370982-officer")
    first = client.get("/documents/awaiting-issue").get_data(as_text=True)
    second = client.get("/documents/awaiting-issue?page=2").get_data(as_text=True)
    assert len(_rows(first)) == 4 and len(_rows(second)) == 2
    assert not set(_rows(first)) & set(_rows(second))
    assert 'href="/documents/awaiting-issue?page=2"' in first
    assert _badge(second, "count-issue") == 6
    assert client.get("/documents/awaiting-issue?page=99").status_code == 200  # empty page
    assert client.get("/documents/awaiting-issue?page=x").status_code == 200


def test_the_counts_read_indexes(app, client, api, login):
    _setup(client, api)
    names = {ix["name"] for ix in inspect(db.engine).get_indexes("documents")}
    assert "ix_documents_status_case_id" in names
    names = {ix["name"] for ix in inspect(db.engine).get_indexes("document_services")}
    assert "ix_document_services_recipient_served" in names
    login("370982-officer")
    from caseflow.auth.models import User

    user = db.session.scalar(db.select(User).where(User.username == "370982-officer"))
    stmt = worklist._drafts(user).with_only_columns(db.func.count(Document.id))
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(str(r) for r in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    else:  # too few rows for the planner to prefer an index unless told
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(str(r) for r in db.session.execute(text(f"EXPLAIN {sql}")))
    assert "ix_documents_status_case_id" in plan, plan
    assert worklist.count_work(user, date(2026, 12, 1)).issue == 3
