"""A v2 adjudication (2025 Measures, CNIPA Decree No. 81) driven in the browser: intake, a panel
of three, service on each respondent, two extensions (the county's, then the city's), a hearing
with enough notice (and one refused for too little), a 2–1 proposal, approval and publication."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Journey, serve_demo


@pytest.fixture(scope="module")
def live_server_v2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo organisation where new cases open on the latest workflows (adjudication v2);
    the journey opens its own case."""
    yield from serve_demo(tmp_path_factory.mktemp("e2e-v2"), {"WORKFLOW_VERSIONS": {}},
                          cases=False)


@pytest.fixture
def journey_v2(chromium: Browser, live_server_v2: str, request: pytest.FixtureRequest):
    j = Journey(chromium, live_server_v2, request.node.name)
    yield j
    j.close()


def _act(j, heading: str, on: str, **fields: str):  # type: ignore[no-untyped-def]
    """Fill an act's form by its labels (text or select) and the act date; return the form."""
    form = j.action(heading)
    for label, value in fields.items():
        control = form.get_by_label(label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.get_by_label("行为日期").fill(on)
    return form


def _take_in(j) -> str:  # type: ignore[no-untyped-def]
    """A station officer registers the request of 2 November; return its receipt number."""
    return j.take_in(received_on="2026-11-02", patent="ZL202530123456.6",
                     title="煎饼包装袋（泰山）", requester="泰安市岱岳煎饼有限公司",
                     respondents=["新泰市东岳食品商行", "王五"], phone="13805385678",
                     facts="被请求人销售的煎饼包装袋与涉案外观设计相同。")


def test_v2_adjudication_panel_two_extensions_hearing_vote_and_publication(journey_v2):
    j, page = journey_v2, journey_v2.page
    number = _take_in(j)
    # 1. the station routes it up; the county officer signs for it; the page names the rules
    j.sign_in("370982-officer")
    page.get_by_role("navigation").get_by_role("link", name="待办", exact=True).click()
    row = page.locator("tr").filter(has=page.get_by_role("link", name=number))
    j.shot("county-inbox")
    row.get_by_role("button", name="签收").click()
    expect(page.locator(".alert-success")).to_contain_text("已签收")
    j.open_case(number)
    expect(page.locator("#fact-rules")).to_contain_text("国家知识产权局令第81号")
    j.assert_chinese()
    j.shot("signed-v2-rules")

    # 2. accepted with a panel of three, the lead first
    form = _act(j, "受理立案", "2026-11-03",
                **{"合议组（用户名，第一位为承办人）": "370982-officer, 370982-officer2, 370982-officer3"})
    form.get_by_label("五项受理条件均已满足").check()
    j.shot("accepting-with-panel")
    form.get_by_role("button", name="受理立案").click()
    expect(page.locator("#case-status")).to_have_text("已立案")
    expect(page.locator("#fact-team")).to_contain_text("新泰市局执法员（承办人）")
    number = page.locator("#case-number").inner_text()
    j.shot("accepted-panel")

    # 3. served on each respondent, both replies received and forwarded,
    # investigation started
    form = j.action("送达请求书副本")
    for date_input in form.locator("input[type=date][name^=receipts-]").all():
        date_input.fill("2026-11-05")
    form.get_by_label("行为日期").fill("2026-11-04")
    form.get_by_role("button", name="送达请求书副本").click()
    expect(page.locator("#case-status")).to_have_text("答辩期")
    j.shot("served")
    for respondent in ("新泰市东岳食品商行", "王五"):  # each respondent's reply
        form = _act(j, "收到答辩书", "2026-11-09")
        form.get_by_label("被请求人").select_option(label=f"被请求人 {respondent}")
        form.get_by_role("button", name="收到答辩书").click()
        expect(page.locator(".alert-success")).to_be_visible()
        j.shot("reply-received")
        form = _act(j, "向请求人送达答辩书副本", "2026-11-09")
        form.get_by_label("答辩的被请求人").select_option(label=f"被请求人 {respondent}")
        form.get_by_role("button", name="向请求人送达答辩书副本").click()
        expect(page.locator(".alert-success")).to_be_visible()
    form = _act(j, "开始调查取证", "2026-11-09")
    form.get_by_role("button", name="开始调查取证").click()
    expect(page.locator("#case-status")).to_have_text("调查取证")
    j.shot("investigating")

    # 4. the county supervisor extends once, the city supervisor extends again
    j.sign_in("370982-supervisor")
    j.open_case(number)
    form = j.action("批准延长结案期限")
    expect(form).to_contain_text("第一次延长：经负责人批准")
    form.get_by_label("延长理由").fill("案情复杂，需委托技术比对。")
    form.get_by_label("批准日期").fill("2026-11-10")
    j.shot("first-extension-form")
    form.get_by_role("button", name="批准延长").click()
    expect(page.locator(".alert-success")).to_contain_text("已批准延长")
    j.shot("first-extension")
    j.sign_in("370900-supervisor")
    j.open_case(number)
    form = j.action("批准延长结案期限")
    expect(form).to_contain_text("继续延长")
    form.get_by_label("延长理由").fill("鉴定机构出具意见尚需时日。")
    form.get_by_label("上级批准文号").fill("泰市监知〔2026〕12号")
    form.get_by_label("批准日期").fill("2026-11-11")
    j.shot("second-extension-form")
    form.get_by_role("button", name="批准延长").click()
    expect(page.locator(".alert-success")).to_contain_text("已批准延长")
    j.section("期限")
    deadlines = page.locator("#deadlines")
    expect(deadlines).to_contain_text("经负责人批准延长至")
    expect(deadlines).to_contain_text("经上一级管理专利工作的部门批准继续延长至")
    j.shot("second-extension-deadlines")

    # 5. a hearing told one working day short is refused; with three it is scheduled and held
    j.sign_in("370982-officer")
    j.open_case(number)
    form = _act(j, "安排口头审理", "2026-11-12", 口头审理日期="2026-11-18",
                **{"当事人收到通知日期（各方相同）": "2026-11-13"})
    form.get_by_role("button", name="安排口头审理").click()
    form = page.locator("#action-schedule_hearing")
    expect(form).to_contain_text("应至少提前三个工作日通知")
    expect(page.locator("#case-status")).to_have_text("调查取证")
    j.shot("hearing-notice-too-short")
    form = _act(j, "安排口头审理", "2026-11-12", 口头审理日期="2026-11-19",
                **{"当事人收到通知日期（各方相同）": "2026-11-13"})
    form.get_by_role("button", name="安排口头审理").click()
    expect(page.locator("#case-status")).to_have_text("待口头审理")
    j.shot("hearing-scheduled")
    form = _act(j, "举行口头审理", "2026-11-19", 口头审理记录="双方到庭，质证完毕。")
    form.get_by_role("button", name="举行口头审理").click()
    expect(page.locator("#case-status")).to_have_text("已审理")
    j.shot("heard")
    form = _act(j, "提交合议组处理意见", "2026-11-20", 处理结果="构成侵权",
                认定理由和依据="被诉产品与涉案外观设计近似，落入保护范围。",
                **{"责令停止侵权行为的类型、对象和范围": "停止销售被诉煎饼包装袋。",
                   "赞成票数": "2", "反对票数": "1", "少数意见": "一名成员认为两者整体视觉效果有差异。"})
    j.shot("proposal-form")
    form.get_by_role("button", name="提交合议组处理意见").click()
    expect(page.locator("#case-status")).to_have_text("处理决定待审批")
    j.shot("proposal-submitted")

    # the county supervisor approves; the decision is published and its deadline met
    j.sign_in("370982-supervisor")
    j.open_case(number)
    form = _act(j, "批准处理决定", "2026-11-23")
    form.get_by_role("button", name="批准处理决定").click()
    expect(page.locator("#case-status")).to_have_text("已作出处理决定")
    j.shot("decided")
    form = _act(j, "公开行政裁决", "2026-11-24",
                **{"公开途径（网址）": "https://amr.taian.gov.cn/xzcj/2026/12.html"})
    form.get_by_label("已删除或遮盖国家秘密、商业秘密、个人隐私等信息").check()
    form.get_by_role("button", name="公开行政裁决").click()
    expect(page.locator(".alert-success")).to_be_visible()
    j.section("期限")
    publication = page.locator("#deadlines tr").filter(has_text="公开")
    expect(publication.first).to_contain_text("按期完成")
    j.assert_chinese()
    j.shot("published")
