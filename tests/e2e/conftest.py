"""Browser journeys: a live CaseFlow on a demo database, driven by Debian's headless Chromium."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from caseflow import create_app
from caseflow.extensions import db

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
E2E_WORKFLOW_VERSIONS = "adjudication=1,prelitigation_mediation=1"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def _v1_pins() -> dict[str, object]:
    """The journeys walk the 2015 procedures (v1): pin new (and demo) cases to v1, through the
    environment as an operator would (caseflow/config.py parses CASEFLOW_WORKFLOW_VERSIONS)."""
    from caseflow.config import from_environment

    return from_environment({"CASEFLOW_WORKFLOW_VERSIONS": E2E_WORKFLOW_VERSIONS})


def serve_demo(tmp: Path, config: dict[str, object], *, cases: bool = True) -> Iterator[str]:
    """Migrate and seed a demo database in `tmp` (with its demo cases, or only the organisation
    and its users), serve it on a free port of 127.0.0.1, yield its address, stop it."""
    from flask_migrate import upgrade

    from caseflow.demo import seed

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp / 'e2e.db'}", "SECRET_KEY": "e2e-secret",
                      "UPLOAD_FOLDER": str(tmp / "uploads"), "DOCUMENTS_FOLDER": str(tmp / "documents"),
                      "RATELIMIT_ENABLED": False,
                      "TODAY": "2026-11-25", **config})
    with app.app_context():
        upgrade()
        if cases:
            seed(app.extensions["caseflow.workflows"])
        else:
            seed()
        db.session.commit()
        db.session.remove()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a freshly migrated and seeded demo database (new cases pinned to v1)."""
    yield from serve_demo(tmp_path_factory.mktemp("e2e"), _v1_pins())


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Journey:
    """A person at the browser: signs in, clicks, and leaves a screenshot of every step."""

    def __init__(self, browser: Browser, base: str, name: str,
                 viewport: tuple[int, int] = (1366, 900)) -> None:
        self.browser, self.base, self.name, self.step = browser, base, name, 0
        self.folder = OUTPUT / name
        self.folder.mkdir(parents=True, exist_ok=True)
        # bypass_csp lets the test inject the local axe-core; the app's CSP stays strict.
        self.context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                           viewport={"width": viewport[0], "height": viewport[1]},
                                           bypass_csp=True)
        self.page: Page = self.context.new_page()

    def shot(self, label: str) -> None:
        self.step += 1
        self.page.screenshot(path=str(self.folder / f"{self.step:02d}-{label}.png"),
                             full_page=True)

    def sign_in(self, username: str) -> None:
        # Let the last page finish and leave it first: a response still in flight (a
        # stylesheet, a script) could otherwise put the old session cookie back after the clear.
        self.page.wait_for_load_state("networkidle")
        self.page.goto("about:blank")
        self.context.clear_cookies()
        self.page.goto(f"{self.base}/login")
        expect(self.page.get_by_role("heading", name="登录")).to_be_visible()
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill("caseflow-demo")
        self.page.get_by_role("button", name="登录").click()
        expect(self.page.locator("#whoami")).to_be_visible()
        self.shot(f"signed-in-{username}")

    def section(self, name: str) -> None:
        """Open a section of the case page from its navigation (办理, 期限, 记录…)."""
        self.page.locator(".case-tabs").get_by_role("link", name=re.compile(
            rf"^{re.escape(name)}(\s+\d+)?$")).click()

    def action(self, heading: str):  # type: ignore[no-untyped-def]
        """Open the act a person reads (e.g. 受理立案) in the 办理 section; return its form."""
        act = self.page.locator("details.case-act").filter(
            has=self.page.get_by_role("heading", name=heading, exact=True))
        if not act.is_visible():
            self.section("办理" if self.page.locator("html").get_attribute("lang") != "en"
                         else "Act")
        if act.get_attribute("open") is None:
            act.locator("summary").click()
        expect(act.locator("form")).to_be_visible()
        return act.locator("form")

    def open_case(self, number: str) -> None:
        self.page.goto(f"{self.base}/cases?q={number}")
        self.page.get_by_role("link", name=number).first.click()
        expect(self.page.locator("#case-number")).to_have_text(number)

    def take_in(self, *, received_on: str, patent: str, title: str, requester: str,
                respondents: list[str], phone: str, facts: str) -> str:
        """A station officer registers an adjudication request of a company against the given
        respondents (the first with a phone number); return its receipt number."""
        page = self.page
        self.sign_in("370982001-officer")
        page.get_by_role("navigation").get_by_role("link", name="收件登记").click()
        self.assert_chinese()
        page.get_by_label("程序 *").select_option(label="行政裁决")
        page.get_by_label("收到请求日期").fill(received_on)
        page.get_by_label("专利号").fill(patent)
        page.get_by_label("专利名称").fill(title)
        group = page.get_by_role("group", name="请求人", exact=True)
        group.get_by_label("类型").select_option(label="法人或其他组织")
        group.get_by_label("名称/姓名").fill(requester)
        group.get_by_label("统一社会信用代码").fill("91350100M000100Y43")
        group = page.get_by_role("group", name="被请求人", exact=True)
        group.get_by_label("名称/姓名").fill(respondents[0])
        group.get_by_label("联系电话").fill(phone)
        for n, name in enumerate(respondents[1:], start=1):
            group.get_by_role("button", name="添加被请求人").click()
            group.get_by_label("名称/姓名").nth(n).fill(name)
        page.get_by_label("请求事项与事实理由").fill(facts)
        self.shot("intake-form-filled")
        page.get_by_role("button", name="登记", exact=True).click()
        expect(page.locator(".alert-success")).to_contain_text("新泰市市场监督管理局")
        self.shot("intake-registered")
        return page.locator("#case-number").inner_text()

    def assert_chinese(self) -> None:
        """The page is in Chinese: the html lang, and CJK text in the main area."""
        assert self.page.locator("html").get_attribute("lang") == "zh-CN"
        assert re.search(r"[\u4e00-\u9fff]", self.page.inner_text("main"))

    def axe(self, where: str) -> None:
        """Run axe-core (local npm install) on the page; fail on a serious/critical violation."""
        assert AXE.exists(), "node_modules/axe-core missing: run `make browser-deps`"
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [f"{v['id']} ({v['impact']}): {v['help']} — "
               + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                           for n in v["nodes"][:5])
               for v in result["violations"] if v["impact"] in SERIOUS]
        assert not bad, f"axe-core on {where}:\n" + "\n".join(bad)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(chromium: Browser, live_server: str, request: pytest.FixtureRequest):
    j = Journey(chromium, live_server, request.node.name)
    yield j
    j.close()
