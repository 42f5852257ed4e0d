"""The running server (`cjrh serve` in its own process, Gradio's temp dir pointed at a private folder) keeps nobody's
draft: uploads good and hostile leave no file, identical concurrent uploads each get their report, a request carries
one file, report downloads expire, a level change re-checks without re-upload, and with --auth every route needs
credentials and failed logins are rate limited."""

from __future__ import annotations

import concurrent.futures
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, free_port, wait_for_http
from tests.hostile import hostile_files

DRAFTS = ROOT / "eval" / "drafts"
CJK = re.compile(r"[\u4e00-\u9fff]")


# every test here starts `cjrh serve` in its own process
pytestmark = pytest.mark.e2e

def _start(settings, temp: Path, log: Path, *extra: str, env: dict | None = None):
    port = free_port()
    out = open(log, "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "cjrh_assistant", "serve", "--port", str(port), "--data-dir",
                             str(settings.data_dir), "--corpus", str(settings.corpus_dir), *extra],
                            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                            env={**os.environ, "GRADIO_TEMP_DIR": str(temp), **(env or {})})
    url = f"http://127.0.0.1:{port}/"
    wait_for_http(url, proc, 90, log)
    return proc, url, out


@pytest.fixture(scope="module")
def server(assistant, full_settings, tmp_path_factory):
    temp = tmp_path_factory.mktemp("gradio-temp")
    proc, url, out = _start(full_settings, temp, temp.parent / "safe-serve.log",
                            env={"CJRH_REPORT_TTL_SECONDS": "10"})
    yield url, temp
    proc.terminate()
    proc.wait(timeout=20)
    out.close()


def _files_left(temp: Path) -> list[str]:
    return sorted(str(p.relative_to(temp)) for p in temp.rglob("*") if p.is_file())


def _cases() -> list:
    """10 sample drafts and 40 hostile files of every kind (quick ones: no LibreOffice conversions)."""
    picked, per_kind = [], {}
    for case in hostile_files():
        if case.name.endswith((".doc", ".odt", ".wps", ".rtf")) or len(case.data) > 2_000_000:
            continue
        quota = 10 if case.kind == "sample" else 4
        if per_kind.get(case.kind, 0) < quota:
            per_kind[case.kind] = per_kind.get(case.kind, 0) + 1
            picked.append(case)
    return picked[:50]


def test_fifty_uploads_good_and_hostile_leave_no_file_behind(server, tmp_path):
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError

    url, temp = server
    client = Client(url, verbose=False)
    cases = _cases()
    assert len(cases) == 50
    reports = errors = 0
    for case in cases:
        path = tmp_path / case.name
        path.write_bytes(case.data)
        try:
            report = client.predict(handle_file(str(path)), "auto", "auto", api_name="/check")
            assert report["file"] == case.name
            reports += 1
        except AppError as exc:
            message = str(exc)
            assert CJK.search(message) and "Error" not in message and "Traceback" not in message, message
            errors += 1
    assert reports >= 10 and errors >= 10
    assert _files_left(temp) == []


def test_twenty_concurrent_identical_uploads_each_get_their_report(server):
    from gradio_client import Client, handle_file

    url, temp = server
    draft = str(DRAFTS / "qz-b-gaozhi-fail.docx")

    def check(_: int) -> int:
        return Client(url, verbose=False).predict(handle_file(draft), "auto", "auto", api_name="/check")["summary"]["fail"]

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        fails = list(pool.map(check, range(20)))
    assert fails == [8] * 20
    assert _files_left(temp) == []


def test_an_upload_request_carries_one_file_within_the_size_cap(server):
    url, temp = server
    one = (DRAFTS / "sh-fail.json").read_bytes()
    two = httpx.post(f"{url}gradio_api/upload", files=[("files", ("a.json", one)), ("files", ("b.json", one))])
    assert two.status_code == 400 and "一次只能上传一个文件" in two.text
    big = httpx.post(f"{url}gradio_api/upload", files=[("files", ("big.txt", b"x" * (21 * 1048576)))], timeout=60)
    assert big.status_code in (400, 413) and "20 MB" in big.text
    assert _files_left(temp) == []


def test_recheck_after_a_level_change_clears_errors_and_reports_expire(server):
    """In the browser: a failed run's message is replaced by the next run; the same upload is checked again after
    the level changes (no 找不到文件); the report downloads are deleted after their time to live (10 s here)."""
    from playwright.sync_api import sync_playwright

    from tests.test_web_e2e import CHROMIUM, CHROMIUM_ARGS

    url, temp = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_role("tab", name="申报书检查").click()
        page.locator("#run-check").click()  # nothing uploaded yet: said in the status line
        page.locator("#chosen").get_by_text("无法检查").wait_for()
        page.locator("#upload input[type=file]").set_input_files(str(DRAFTS / "qz-b-gaozhi-fail.docx"))
        page.wait_for_timeout(1500)
        assert not [p for p in temp.iterdir() if p.name.startswith("cjrh-upload-")]  # read, then deleted at once
        page.locator("#run-check").click()
        page.locator("#summary").get_by_text("不通过 8", exact=True).wait_for()
        assert "无法检查" not in page.locator("#chosen").inner_text()
        assert [p for p in temp.iterdir() if p.name.startswith("cjrh-report-")]
        page.get_by_label("办学层次").click()
        page.get_by_role("option", name="中职").click()
        page.locator("#run-check").click()
        page.locator("#chosen").get_by_text("由用户指定").wait_for()
        assert "中职" in page.locator("#chosen").inner_text() and "找不到文件" not in page.content()
        browser.close()
    deadline = time.time() + 60
    while [p for p in temp.iterdir() if p.name.startswith("cjrh-report-")] and time.time() < deadline:
        time.sleep(1)
    assert _files_left(temp) == []


@pytest.fixture(scope="module")
def auth_server(assistant, full_settings, tmp_path_factory):
    temp = tmp_path_factory.mktemp("gradio-temp-auth")
    proc, url, out = _start(full_settings, temp, temp.parent / "auth-serve.log", "--auth", "admin:s3cret-pass")
    yield url, temp
    proc.terminate()
    proc.wait(timeout=20)
    out.close()


def test_with_auth_every_route_needs_credentials_and_failed_logins_are_rate_limited(auth_server):
    from gradio_client import Client, handle_file

    url, temp = auth_server
    # with credentials a script works (done first: the rate limit below locks this client out)
    client = Client(url, auth=("admin", "s3cret-pass"), verbose=False)
    report = client.predict(handle_file(str(DRAFTS / "sh-fail.json")), "auto", "auto", api_name="/check")
    assert report["summary"]["fail"] == 5
    anonymous = httpx.Client(base_url=url)
    assert "请输入管理员提供的用户名和密码" in anonymous.get("/").text  # the login page says what to do, in Chinese
    for method, route in [("GET", "config"), ("GET", "gradio_api/info"), ("POST", "gradio_api/upload"),
                          ("GET", f"gradio_api/file={temp}/x.json"), ("POST", "gradio_api/call/check"),
                          ("POST", "gradio_api/call/ask"), ("POST", "gradio_api/queue/join")]:
        response = anonymous.request(method, route, json={"data": []} if "call" in route or "queue" in route else None)
        assert response.status_code in (401, 403), (route, response.status_code)
    with pytest.raises(Exception):
        Client(url, verbose=False)
    for attempt in range(5):
        wrong = anonymous.post("login", data={"username": "admin", "password": f"guess{attempt}"})
        assert wrong.status_code == 400 and "用户名或密码不正确" in wrong.json()["detail"]
    locked = anonymous.post("login", data={"username": "admin", "password": "s3cret-pass"})
    assert locked.status_code == 429 and "登录失败次数过多" in locked.json()["detail"]
    assert int(locked.headers["retry-after"]) > 0
    assert _files_left(temp) == []
