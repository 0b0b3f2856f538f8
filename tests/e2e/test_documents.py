"""The 文书 section in the browser: an officer accepts a case and completes its notices, the
supervisor issues them (签发), the officer serves them (送达) and records the signed 送达回证;
the issued PDF is read back (pypdf) and its first page rendered to PNG with `pdftoppm`."""

from __future__ import annotations

import re
import subprocess

from playwright.sync_api import expect
from pypdf import PdfReader

from caseflow.demo_documents import slip_pdf

REQUESTER, RESPONDENT = "泰安市岱宗茶业有限公司", "新泰市青云山茶庄"
OFFICER = "370982-officer2"


def _take_in(j) -> str:  # type: ignore[no-untyped-def]
    """A design-patent request of its own (patent and respondent), so the other journeys'
    intake is no duplicate of it; return its receipt number."""
    return j.take_in(received_on="2026-11-19", patent="ZL202530654321.2", title="茶叶罐（岱宗）",
                     requester=REQUESTER, respondents=[RESPONDENT], phone="13805381234",
                     facts="被请求人销售的茶叶罐与涉案外观设计相同。")


def _accept(j) -> str:  # type: ignore[no-untyped-def]
    """Take in a request at a station, sign for it and assign it at the county, accept it."""
    page = j.page
    number = _take_in(j)
    j.sign_in("370982-officer")
    page.get_by_role("navigation").get_by_role("link", name="待办", exact=True).click()
    page.locator("tr").filter(has=page.get_by_role("link", name=number)) \
        .get_by_role("button", name="签收").click()
    expect(page.locator(".alert-success")).to_contain_text("已签收")
    j.sign_in("370982-supervisor")
    j.open_case(number)
    form = j.action("分派承办人和办案组")
    # the second officer leads (the station journey expects the first one still suggested)
    form.get_by_label("承办人").select_option(value=OFFICER)
    form.get_by_label("合议组/办案组成员").select_option(
        [OFFICER, "370982-officer3", "370982-supervisor"])
    form.get_by_role("button", name="分派").click()
    j.sign_in(OFFICER)
    j.open_case(number)
    form = j.action("受理立案")
    form.get_by_label("五项受理条件均已满足").check()
    form.get_by_label("行为日期").fill("2026-11-20")
    form.get_by_role("button", name="受理立案").click()
    expect(page.locator("#case-status")).to_have_text("已立案")
    j.shot("accepted")
    return page.locator("#case-number").inner_text()


def _document(j, title: str):  # type: ignore[no-untyped-def]
    """Open the 文书 section of the case page and return the row of the document."""
    j.section("文书")
    row = j.page.locator("#documents-table tbody tr").filter(
        has=j.page.get_by_role("link", name=title, exact=True))
    expect(row).to_have_count(1)
    return row


def _complete(j, title: str, remarks: str) -> None:  # type: ignore[no-untyped-def]
    page = j.page
    _document(j, title).get_by_role("link", name=title, exact=True).click()
    expect(page.locator("#document-status")).to_have_text("草稿")
    page.get_by_label("其他告知事项").fill(remarks)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_label("其他告知事项")).to_have_value(remarks)
    j.shot(f"draft-{title}")
    _back_to_case(j)


def _back_to_case(j) -> None:  # type: ignore[no-untyped-def]
    j.page.locator(".breadcrumb").get_by_role("link").first.click()
    expect(j.page.locator("#case-number")).to_be_visible()


def _issue(j, title: str) -> str:  # type: ignore[no-untyped-def]
    """签发 the draft from its page; return its 文号."""
    page = j.page
    _document(j, title).get_by_role("link", name=title, exact=True).click()
    page.get_by_role("button", name="签发").click()
    expect(page.locator("#document-status")).to_have_text("已签发")
    number = page.locator("#document-number").inner_text()
    assert re.fullmatch(r"新泰市监知[受答]〔2026〕\d+号", number), number
    j.shot(f"issued-{title}")
    return number


def _pdf(j, label: str) -> str:  # type: ignore[no-untyped-def]
    """Download the issued PDF from the document page, render page 1 to PNG (next to the
    page screenshots), return its text (pypdf) without the layout's line breaks."""
    page = j.page
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    path = j.folder / f"{label}.pdf"
    download.value.save_as(path)
    j.step += 1
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(j.folder / f"{j.step:02d}-{label}-pdf")], check=True, timeout=60)
    assert (j.folder / f"{j.step:02d}-{label}-pdf.png").stat().st_size > 5000
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def _upload_slip(j, name: str) -> None:  # type: ignore[no-untyped-def]
    """Upload the signed 送达回证 (a scan) as evidence of the case."""
    page = j.page
    j.section("证据")
    form = page.locator("#evidence-upload")
    form.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/pdf",
         "buffer": slip_pdf(["signed service receipt", name.encode("ascii", "replace").decode()])})
    form.get_by_label("说明").fill("受送达人签收的送达回证（扫描件）")
    form.get_by_role("button", name="上传").click()
    expect(page.locator("#tab-evidence")).to_contain_text(name)


def _service_row(j, number: str, recipient: str):  # type: ignore[no-untyped-def]
    j.section("文书")
    return j.page.locator("#services-table tbody tr").filter(has_text=number).filter(
        has_text=recipient)


def test_officer_issues_and_serves_the_acceptance_and_reply_notices(journey):
    j, page = journey, journey.page
    case_number = _accept(j)
    _complete(j, "受理通知书", "请于收到本通知后按时参加口头审理。")
    form = j.action("送达请求书副本")
    form.get_by_label("行为日期").fill("2026-11-23")
    form.get_by_role("button", name="送达请求书副本").click()
    expect(page.locator("#case-status")).to_have_text("答辩期")
    _complete(j, "答辩通知书", "请在答辩期内提交答辩书及证据。")
    # the supervisor issues (签发) both notices; the PDF carries the case and its parties
    j.sign_in("370982-supervisor")
    j.open_case(case_number)
    acceptance = _issue(j, "受理通知书")
    text = _pdf(j, "acceptance-notice")
    for expected in (case_number, acceptance, REQUESTER, RESPONDENT, "受理通知书"):
        assert expected in text, (expected, text[:400])
    _back_to_case(j)
    reply = _issue(j, "答辩通知书")
    text = _pdf(j, "reply-notice")
    for expected in (case_number, reply, REQUESTER, RESPONDENT):
        assert expected in text, (expected, text[:400])
    # the officer serves them: the reply notice in person with its signed 送达回证, the
    # acceptance notice by post (EMS number), its served day and slip recorded when it returns
    j.sign_in(OFFICER)
    j.open_case(case_number)
    _upload_slip(j, "送达回证-答辩通知书.pdf")
    _upload_slip(j, "送达回证-受理通知书.pdf")
    row = _service_row(j, reply, RESPONDENT)
    expect(row.locator(".service-state")).to_contain_text("待送达")
    row.locator("summary", has_text="登记送达").click()
    row.get_by_label("送达方式").select_option(label="直接送达")
    row.get_by_label("发出日期").fill("2026-11-25")
    row.get_by_label("送达日期（公告送达不填）").fill("2026-11-25")
    row.get_by_label("送达凭证（送达回证或扫描件）").select_option(label="送达回证-答辩通知书.pdf")
    j.shot("serving-in-person")
    row.get_by_role("button", name="登记送达").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记送达")
    row = _service_row(j, reply, RESPONDENT)
    expect(row).to_have_attribute("data-served", "yes")
    expect(row.locator(".service-state")).to_contain_text("已送达")
    expect(row.locator(".service-state")).to_contain_text("直接送达")
    row = _service_row(j, acceptance, REQUESTER)
    row.locator("summary", has_text="登记送达").click()
    row.get_by_label("送达方式").select_option(label="邮寄送达")
    row.get_by_label("发出日期").fill("2026-11-25")
    row.get_by_label("邮件单号（邮寄送达）").fill("1151234567890")
    row.get_by_role("button", name="登记送达").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记送达")
    row = _service_row(j, acceptance, REQUESTER)
    expect(row).to_have_attribute("data-served", "no")
    expect(row).to_contain_text("1151234567890")
    j.shot("posted")
    served = row.locator("form.service-served-form")
    served.get_by_label("送达日期").fill("2026-11-25")
    served.get_by_label("送达凭证（送达回证或扫描件）").select_option(
        label="送达回证-受理通知书.pdf")
    served.get_by_role("button", name="登记送达凭证").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记送达日期和送达凭证")
    row = _service_row(j, acceptance, REQUESTER)
    expect(row).to_have_attribute("data-served", "yes")
    expect(row.locator(".service-state")).to_contain_text("邮寄送达")
    documents = page.locator("#documents-table")
    for number in (acceptance, reply):
        expect(documents.locator("tr").filter(has_text=number)).to_contain_text("已签发")
    j.assert_chinese()
    j.shot("served")
