"""The 文书 section of the case page, the draft page, 签发 through the page, downloads."""

from __future__ import annotations

import re

from tests.documents.helpers import accepted_case, only, pdf_text


def _notice(client, api):  # type: ignore[no-untyped-def]
    case = accepted_case(client, api)
    return case, only(client, api("370982-officer"), case["id"], "acceptance_notice")


def test_the_case_page_lists_the_documents(client, api, login):
    case, notice = _notice(client, api)
    page = login("370982-officer").get(f"/cases/{case['id']}").get_data(as_text=True)
    row = re.search(rf'<tr data-document="{notice["id"]}" data-status="draft">(.*?)</tr>', page,
                    re.S)
    assert row and "受理通知书" in row.group(1) and "草稿" in row.group(1)
    assert f"/cases/{case['id']}/documents/{notice['id']}.docx" in row.group(1)
    assert ".pdf" not in row.group(1)
    assert 'id="document-new"' in page and '<option value="receipt">收件凭证</option>' in page


def test_only_a_supervisor_is_offered_the_issue_button(client, api, login):
    case, notice = _notice(client, api)
    path = f"/cases/{case['id']}/documents/{notice['id']}"
    officer_page = login("370982-officer").get(path).get_data(as_text=True)
    assert 'id="document-text"' in officer_page and 'id="document-issue"' not in officer_page
    assert "您的角色无权签发这种文书。" in officer_page
    r = client.post(f"{path}/issue", data={"version": str(notice["version"])})
    assert r.status_code == 403 and "document-error" in r.get_data(as_text=True)
    client.post("/logout")
    supervisor_page = login("370982-supervisor").get(path).get_data(as_text=True)
    assert 'id="document-issue"' in supervisor_page


def test_edit_and_issue_through_the_pages(client, api, login):
    case, notice = _notice(client, api)
    path = f"/cases/{case['id']}/documents/{notice['id']}"
    login("370982-supervisor")
    r = client.post(f"{path}/text", data={"version": str(notice["version"]),
                                          "remarks": "请于立案后十日内缴纳<材料>。"})
    assert r.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "请于立案后十日内缴纳&lt;材料&gt;。" in page
    r = client.post(f"{path}/issue", data={"version": str(notice["version"])})  # stale
    assert r.status_code == 409
    r = client.post(f"{path}/issue", data={"version": str(notice["version"] + 1)})
    assert r.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "新泰市监知受〔2026〕1号" in page and 'id="document-issue"' not in page
    assert 'id="document-text"' not in page and 'id="document-correct"' in page
    pdf = client.get(f"{path}.pdf")
    assert pdf.status_code == 200 and "请于立案后十日内缴纳<材料>。" in pdf_text(pdf.get_data())
    r = client.post(f"{path}/text", data={"remarks": "改"})
    assert r.status_code == 409
    r = client.post(f"{path}/correct", data={})
    assert r.status_code == 302 and "/documents/" in r.headers["Location"]


def test_another_units_user_gets_404_on_every_page(client, api, login):
    case, notice = _notice(client, api)
    path = f"/cases/{case['id']}/documents/{notice['id']}"
    login("370983-officer")
    for method, url in (("get", path), ("get", f"{path}.docx"), ("get", f"{path}.pdf"),
                        ("post", f"{path}/text"), ("post", f"{path}/issue"),
                        ("post", f"{path}/correct"), ("post", f"/cases/{case['id']}/documents")):
        assert getattr(client, method)(url).status_code == 404, url


def test_by_hand_draft_from_the_case_page(client, api, login):
    case = accepted_case(client, api)
    login("370982-officer")
    r = client.post(f"/cases/{case['id']}/documents", data={"kind": "receipt"})
    assert r.status_code == 302 and "/documents/" in r.headers["Location"]
    r = client.post(f"/cases/{case['id']}/documents", data={"kind": "decision"})
    assert r.status_code == 302 and r.headers["Location"].endswith("#documents")


def test_forms_need_their_csrf_token(app, client, api, login):
    case, notice = _notice(client, api)
    path = f"/cases/{case['id']}/documents/{notice['id']}"
    login("370982-supervisor")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"{path}/issue", data={"version": "1"}).status_code == 400
        assert client.post(f"{path}/text", data={"remarks": "x"}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
