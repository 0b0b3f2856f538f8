"""The case page (#11 items 7 and 9): header, sections, one act open, history in plain words."""

from __future__ import annotations

import html
import io
import re

from caseflow.timeutil import today
from tests.cases.test_views import _act, _api_case, _case, _signed_in

SECTIONS = ("tab-act", "tab-deadlines", "tab-parties", "tab-evidence", "tab-documents",
            "tab-diagram", "tab-history")
RAW_CODES = ("sign_for", "evidence_uploaded", "handling_unit", "trigger", "intake_unit",
             "assign_case_number", "{", "}", "=")


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def _history_cells(page: str) -> list[str]:
    table = _between(page, 'id="audit-trail"', "</table>")
    body = table[table.index("<tbody>"):]
    return [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]


def _worked_case(app) -> int:  # type: ignore[no-untyped-def]
    """A station intake the county signed for, filed, with one evidence file."""
    case_id = _api_case(app)["id"]
    county = _signed_in(app, "370982-officer")
    r = county.post(f"/cases/{case_id}/routing/sign_for",
                    data={"version": str(_case(case_id).version), "on": "2026-09-29"})
    assert r.status_code == 302
    r = _act(county, case_id, "accept", on="2026-09-30", conditions_confirmed="true")
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    r = county.post(f"/cases/{case_id}/evidence", content_type="multipart/form-data",
                    data={"file": (io.BytesIO("购买记录\n".encode()), "购买记录.txt"),
                          "description": "公证购买"})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    return case_id


def test_header_names_what_a_person_needs_first(app):
    case_id = _worked_case(app)
    page = _signed_in(app, "370982-officer").get(f"/cases/{case_id}").get_data(as_text=True)
    header = _text(_between(page, 'id="case-header"', "</header>"))
    case = _case(case_id)
    for shown in (case.number, "行政裁决", "已立案", "新泰市市场监督管理局", "下一期限"):
        assert shown in header, shown
    next_due = _text(_between(page, 'id="fact-next-deadline"', "</div>"))
    assert re.search(r"\d{4}-\d\d-\d\d", next_due) and "个工作日" in next_due


def test_sections_are_reached_from_one_navigation(app):
    case_id = _worked_case(app)
    page = _signed_in(app, "370982-officer").get(f"/cases/{case_id}").get_data(as_text=True)
    nav = _between(page, 'class="case-tabs', "</nav>")
    assert re.findall(r'href="#(tab-[a-z]+)"', nav) == list(SECTIONS)
    for section in SECTIONS:
        assert f'<section class="case-panel" id="{section}"' in page
    assert "js/case.js" in page


def test_history_reads_as_plain_chinese(app):
    case_id = _worked_case(app)
    page = _signed_in(app, "370982-officer").get(f"/cases/{case_id}").get_data(as_text=True)
    cells = _history_cells(page)
    text = " ".join(cells)
    for raw in RAW_CODES:
        assert raw not in text, raw
    assert not re.search(r"(?<![\d收])370982(?!\d)", text), text  # no bare unit code
    assert "新泰市局执法员" in text and "370982-officer" not in text  # people by name
    for said in ("收件登记", "签收案件", "受理立案", "立案号 " + _case(case_id).number,
                 "五项受理条件均已满足：是", "上传证据 购买记录.txt", "收件 → 已立案"):
        assert said in text, said


def test_history_reads_as_plain_english(app):
    case_id = _worked_case(app)
    client = _signed_in(app, "370982-officer")
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    cells = _history_cells(page)
    text = " ".join(cells)
    for said in ("Register intake", "Signed for the case", "Accept and file",
                 "All five acceptance conditions hold: Yes", "Received → Filed"):
        assert said in text, said
    for raw in RAW_CODES:
        assert raw not in text, raw
    assert not re.search("[：，；（）]", text), text  # English punctuation around the user data


def test_every_legal_date_is_prefilled_and_one_act_is_open_at_most(app):
    case_id = _api_case(app)["id"]
    client = _signed_in(app, "370982-officer")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    acts = _between(page, 'id="actions"', 'id="tab-deadlines"')
    dates = re.findall(r'<input[^>]*type="date"[^>]*name="on"[^>]*>', acts)
    assert dates, "no act with a legal date"
    assert all(f'value="{today().isoformat()}"' in d for d in dates), dates
    details = re.findall(r"<details class=\"case-act\"[^>]*>", acts)
    assert len(details) >= 3 and all('name="case-act"' in d for d in details)
    assert sum(" open" in d for d in details) == 0  # none chosen yet: all closed
    # a refused act comes back open, its field marked for assistive technology
    r = _act(client, case_id, "accept", on=today().isoformat())
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    opened = [d for d in re.findall(r"<details[^>]*>", page) if " open" in d]
    assert len(opened) == 1 and 'id="act-accept"' in opened[0]
    field = re.search(r'<input[^>]*name="conditions_confirmed"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    assert re.search(rf'id="{described}"[^>]*>[^<]*请确认受理条件均已满足', page)


def test_shared_form_macro_marks_the_field_in_error(app):
    r = app.test_client().post("/login", data={"username": "", "password": ""})
    page = r.get_data(as_text=True)
    field = re.search(r'<input[^>]*name="username"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="username-error"' in field
    assert 'id="username-error"' in page and "js/forms.js" in page


def test_intake_form_marks_the_field_in_error(app):
    client = _signed_in(app, "370982001-officer")
    r = client.post("/cases/new", data={"workflow": "adjudication", "patent_number": "x"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    field = re.search(r'<input[^>]*id="f-patent_number"[^>]*>', page).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    assert 'aria-invalid="true"' in field and f'id="{described}"' in page
