"""What officers, mediators and supervisors do, step by step, as they would in the browser."""

from __future__ import annotations

from playwright.sync_api import expect


def test_mediator_records_agreement_and_judicial_confirmation(journey):
    j, page = journey, journey.page
    j.sign_in("370983-mediator")
    page.get_by_role("link", name="案件列表").click()
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
