"""What officers, mediators and supervisors do, step by step, as they would in the browser."""

from __future__ import annotations

from playwright.sync_api import expect


def test_mediator_records_agreement_and_judicial_confirmation(journey):
    j, page = journey, journey.page
    j.sign_in("370983-mediator")
    page.get_by_role("navigation").get_by_role("link", name="案件列表").click()
    page.get_by_label("程序").select_option(label="诉前调解")
    page.get_by_label("状态").select_option(label="调解中（诉中委托调解、诉前调解）")
    page.get_by_role("button", name="筛选").click()
    j.assert_chinese()
    j.shot("mediating-cases")
    page.locator("table tbody tr").first.get_by_role("link").first.click()
    expect(page.locator("#case-status")).to_have_text("调解中")
    j.shot("case-mediating")
    form = j.action("达成调解协议")
    form.get_by_label("协议生效日期").fill("2026-11-20")
    form.get_by_label("协议事项").select_option(label="赔偿")
    form.get_by_label("金额（元）").fill("30000")
    form.get_by_label("行为日期").fill("2026-11-20")
    form.get_by_role("button", name="达成调解协议").click()
    expect(page.locator("#case-status")).to_have_text("达成调解协议")
    j.shot("agreement-reached")
    form = j.action("申请司法确认")
    form.get_by_label("受理法院").fill("肥城市人民法院")
    form.get_by_label("行为日期").fill("2026-11-23")
    form.get_by_role("button", name="申请司法确认").click()
    expect(page.locator("#case-status")).to_have_text("已申请司法确认")
    j.shot("confirmation-applied")
    form = j.action("司法确认有效")
    form.get_by_label("裁定书案号").fill("(2026)鲁0983民特8号")
    form.get_by_label("行为日期").fill("2026-11-25")
    form.get_by_role("button", name="司法确认有效").click()
    expect(page.locator("#case-status")).to_have_text("司法确认有效")
    expect(page.locator("#audit-trail")).to_contain_text("司法确认有效")
    j.assert_chinese()
    j.shot("confirmed")


def _take_in_design_request(j) -> str:  # type: ignore[no-untyped-def]
    """A station officer registers a design-patent request; return its receipt number."""
    return j.take_in(received_on="2026-11-19", patent="ZL202530123456.6",
                     title="茶叶包装盒（泰山红）", requester="泰安市岱宗茶业有限公司",
                     respondents=["新泰市青云茶叶商行", "李四"], phone="13805381234",
                     facts="被请求人销售的茶叶包装盒与涉案外观设计相同。")


def test_station_intake_routed_signed_assigned_then_handled_to_closure(journey):
    j, page = journey, journey.page
    number = _take_in_design_request(j)
    expect(page.locator("#case-header")).to_contain_text("新泰市市场监督管理局")
    # the county signs for the case from its inbox
    j.sign_in("370982-officer")
    page.get_by_role("navigation").get_by_role("link", name="待办", exact=True).click()
    row = page.locator("tr").filter(has=page.get_by_role("link", name=number))
    j.shot("county-inbox")
    row.get_by_role("button", name="签收").click()
    expect(page.locator(".alert-success")).to_contain_text("已签收")
    # the county supervisor assigns a team of three
    j.sign_in("370982-supervisor")
    j.open_case(number)
    form = j.action("分派承办人和办案组")
    form.get_by_label("承办人").select_option(label="新泰市局执法员（执法人员） · 建议")
    form.get_by_label("合议组/办案组成员").select_option(
        ["370982-officer", "370982-mediator", "370982-supervisor"])
    j.shot("assigning")
    form.get_by_role("button", name="分派").click()
    expect(page.locator("#case-header")).to_contain_text("新泰市局执法员")
    j.shot("assigned")
    # the county officer accepts, serves and investigates
    j.sign_in("370982-officer")
    j.open_case(number)
    form = j.action("受理立案")
    form.get_by_label("五项受理条件均已满足").check()
    form.get_by_label("行为日期").fill("2026-11-20")
    form.get_by_role("button", name="受理立案").click()
    expect(page.locator("#case-status")).to_have_text("已立案")
    expect(page.locator("#case-number")).to_contain_text("新泰市监知裁〔2026〕")
    number = page.locator("#case-number").inner_text()
    j.shot("accepted")
    form = j.action("送达请求书副本")
    form.get_by_label("行为日期").fill("2026-11-23")
    form.get_by_role("button", name="送达请求书副本").click()
    expect(page.locator("#case-status")).to_have_text("答辩期")
    j.shot("served")
    form = j.action("开始调查取证")
    form.get_by_label("答辩书收到日期").fill("2026-11-24")
    form.get_by_label("行为日期").fill("2026-11-24")
    form.get_by_role("button", name="开始调查取证").click()
    expect(page.locator("#case-status")).to_have_text("调查取证")
    expect(page.locator("#deadlines")).to_contain_text("结案期限")
    j.shot("investigating")
    form = j.action("书面审理，提交处理决定")
    form.get_by_label("行为日期").fill("2026-11-24")
    form.get_by_role("button", name="书面审理，提交处理决定").click()
    expect(page.locator("#case-status")).to_have_text("处理决定待审批")
    # the supervisor approves the decision, the officer records service and closes
    j.sign_in("370982-supervisor")
    j.open_case(number)
    form = j.action("批准处理决定")
    form.get_by_label("处理结果").select_option(label="构成侵权")
    form.get_by_label("行为日期").fill("2026-11-25")
    form.get_by_role("button", name="批准处理决定").click()
    expect(page.locator("#case-status")).to_have_text("已作出处理决定")
    j.shot("decided")
    j.sign_in("370982-officer")
    j.open_case(number)
    form = j.action("结案")
    for date_input in form.locator("input[type=date][name^=receipts-]").all():
        date_input.fill("2026-11-25")
    form.get_by_label("行为日期").fill("2026-11-25")
    form.get_by_role("button", name="结案").click()
    expect(page.locator("#case-status")).to_have_text("结案")
    expect(page.locator("#deadlines")).to_contain_text("起诉期限")
    j.assert_chinese()
    j.shot("closed")


def test_supervisor_extends_finds_overdue_and_verifies_the_trail(journey):
    j, page = journey, journey.page
    j.sign_in("370900-supervisor")
    page.get_by_role("navigation").get_by_role("link", name="案件列表").click()
    page.get_by_label("状态").select_option(label="调查取证")
    page.get_by_role("button", name="筛选").click()
    page.locator("table tbody tr").first.get_by_role("link").first.click()
    number = page.locator("#case-number").inner_text()
    before = page.locator("#deadlines").inner_text()
    form = j.action("批准延长结案期限")
    expect(form).to_contain_text("批准延长办案期限一个月（仅限一次）")
    form.get_by_label("延长理由").fill("案情复杂，需委托技术比对。")
    j.shot("extension-form")
    form.get_by_role("button", name="批准延长").click()
    expect(page.locator(".alert-success")).to_contain_text("已批准延长")
    expect(page.locator("#deadlines")).to_contain_text("经批准延长1个月")
    assert page.locator("#deadlines").inner_text() != before
    j.shot("extended")
    page.get_by_role("navigation").get_by_role("link", name="统计分析").click()
    j.assert_chinese()
    j.shot("dashboard")
    page.get_by_role("link", name="监督提醒").click()
    overdue = page.locator("#oversight-missed")
    expect(overdue).to_contain_text("期限已超期的在办案件")
    j.shot("oversight")
    overdue.locator("table a").first.click()
    expect(page.locator("#deadlines")).to_contain_text("已超期")
    j.shot("overdue-case")
    page.get_by_role("navigation").get_by_role("link", name="审计日志").click()
    page.get_by_label("案号").fill(number)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("延长结案期限")
    j.shot("audit-search")
    page.get_by_role("button", name="校验哈希链").click()
    expect(page.locator("#verdict")).to_contain_text("哈希链完整")
    j.assert_chinese()
    j.shot("chain-verified")
