"""The running app (`cjrh serve` in its own process) driven in headless Debian Chromium with Playwright, and through
gradio_client as a script would. Screenshots of both main tabs go to test-artifacts/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(web_server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN")
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        pg.goto(web_server)
        yield pg
        browser.close()


def test_ask_shows_answer_and_citation(page):
    page.get_by_role("tab", name="政策问答").click()
    page.locator("#question textarea").fill("“双师型”教师占专业课教师的比例要达到多少？")
    page.locator("#send").click()
    page.locator("#chat").get_by_text(re.compile("70%以上")).first.wait_for()
    sources = page.locator("#sources")
    sources.locator("mark").first.wait_for()
    assert "3.加强“双师型”教师队伍建设" in sources.inner_text()
    page.screenshot(path=str(ARTIFACTS / "tab-ask.png"), full_page=True)


def test_upload_failing_draft_renders_failures_and_downloads_report(page):
    page.get_by_role("tab", name="申报书检查").click()
    page.locator("#upload input[type=file]").set_input_files(str(ROOT / "eval" / "drafts" / "qz-b-gaozhi-fail.docx"))
    page.wait_for_timeout(500)
    page.locator("#run-check").click()
    page.locator("#summary").get_by_text("不通过 8").wait_for()
    table = page.locator("#results")
    table.get_by_text("QZ008").first.wait_for()
    text = table.inner_text()
    for rule_id in ["QZ003", "QZ007", "QZ008", "QZ012", "QZ019", "QZ020", "QZ021", "QZ101"]:
        assert rule_id in text
    assert "缺少数据 0" in page.locator("#summary").inner_text()
    assert "从草稿识别" in page.locator("#chosen").inner_text()
    with page.expect_download() as info:
        page.locator("#dl-json").click()
    report = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert report["summary"]["fail"] == 8 and report["file"] == "qz-b-gaozhi-fail.docx"
    page.screenshot(path=str(ARTIFACTS / "tab-check.png"), full_page=True)


def test_gradio_client_uses_both_named_endpoints(web_server):
    from gradio_client import Client, handle_file

    client = Client(web_server, verbose=False)
    answer = client.predict("推荐书什么时候之前报送？", None, api_name="/ask")
    assert "8月15日" in answer["text"] and answer["citations"][0]["doc_id"] == "fujian-ltt-2024"
    report = client.predict(handle_file(str(ROOT / "eval" / "drafts" / "sh-fail.json")), "auto", "auto",
                            api_name="/check")
    assert report["pack"] == "shahe-2020" and report["summary"]["fail"] == 5
