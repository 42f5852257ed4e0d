"""Load: N concurrent gradio_client sessions × M requests against one `cjrh serve`, mixing `/ask` (each session with
its own history carrying its own marker) and `/check` (each session uploading the draft under its own file name);
`/chat` too when the server has it. Reports errors, p50/p95 per endpoint, cross-session leakage (a session seeing
another's marker or file name), files left in Gradio's temp dir, and the same figures for one session alone as the
baseline. With --auth, first proves that every endpoint and file route refuses a client without credentials.

    .venv/bin/python benchmarks/bench_load.py --sessions 20 --requests 50 --data-dir .cjrh [--auth]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "eval" / "drafts"
QUESTIONS = ["“双师型”教师占专业课教师的比例要达到多少？", "推荐书什么时候之前报送？", "特色与创新部分限多少字？",
             "那中职呢？", "专任教师评职称有什么条件？"]
CHECKED = ["qz-b-gaozhi-fail.docx", "sh-fail.json", "fj-boundary.md", "qz-gaozhi-values.pdf"]
USER, PASSWORD = "admin", "load-" + secrets.token_hex(4)


def start_server(data_dir: str, temp: Path, auth: bool) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "cjrh_assistant", "serve", "--port", str(port), "--data-dir", data_dir]
    if auth:
        command += ["--auth", f"{USER}:{PASSWORD}"]
    log = open(temp.parent / "bench-serve.log", "w")
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "GRADIO_TEMP_DIR": str(temp), "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise SystemExit((temp.parent / "bench-serve.log").read_text())
            time.sleep(0.5)
    raise SystemExit("server did not start")


def refuses_without_credentials(url: str, temp: Path) -> list[str]:
    """Routes that answered an anonymous client with anything but 401/403 (should be none)."""
    import httpx

    anonymous = httpx.Client(base_url=url)
    open_routes = []
    for method, route in [("GET", "config"), ("GET", "gradio_api/info"), ("POST", "gradio_api/upload"),
                          ("GET", f"gradio_api/file={temp}/x.json"), ("POST", "gradio_api/call/ask"),
                          ("POST", "gradio_api/call/check"), ("POST", "gradio_api/call/chat"),
                          ("POST", "gradio_api/queue/join"), ("GET", "gradio_api/queue/data?session_hash=x")]:
        body = {"data": []} if method == "POST" and "upload" not in route else None
        status = anonymous.request(method, route, json=body).status_code
        if status not in (401, 403):
            open_routes.append(f"{method} /{route} -> {status}")
    return open_routes


def session(url: str, number: int, requests: int, auth: bool, work: Path) -> dict:
    from gradio_client import Client, handle_file

    client = Client(url, auth=(USER, PASSWORD) if auth else None, verbose=False)
    has_chat = "/chat" in str(client.view_api(print_info=False, return_format="dict"))
    marker = f"S{number:02d}{secrets.token_hex(3)}"
    own_files = []
    for name in CHECKED:
        own = work / f"{marker}-{name}"
        shutil.copy(DRAFTS / name, own)
        own_files.append(own)
    history = [{"role": "user", "content": f"我们学校的内部编号是{marker}。"},
               {"role": "assistant", "content": f"好的，已记下编号{marker}。"}]
    times: dict[str, list[float]] = {"ask": [], "check": [], "chat": []}
    errors: list[str] = []
    seen: list[str] = []
    for i in range(requests):
        kind = ["ask", "check", "chat" if has_chat else "ask"][i % 3]
        start = time.perf_counter()
        try:
            if kind == "ask":
                out = client.predict(f"{QUESTIONS[i % len(QUESTIONS)]}（编号{marker}）", history, api_name="/ask")
                seen.append(str(out))
            elif kind == "check":
                own = own_files[i % len(own_files)]
                out = client.predict(handle_file(str(own)), "auto", "auto", api_name="/check")
                seen.append(str(out))
                if out["file"] != own.name:
                    errors.append(f"{marker}: report for {out['file']}, not {own.name}")
            else:
                out = client.predict(f"{QUESTIONS[i % len(QUESTIONS)]}（编号{marker}）", None, history,
                                     api_name="/chat")
                seen.append(str(out))
            times[kind].append(time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors.append(f"{marker} {kind}: {str(exc)[:120]}")
    return {"marker": marker, "times": times, "errors": errors, "seen": seen}


def run(url: str, sessions: int, requests: int, auth: bool, work: Path) -> tuple[dict, list[str], float]:
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(sessions) as pool:
        results = list(pool.map(lambda n: session(url, n, requests, auth, work), range(sessions)))
    wall = time.perf_counter() - start
    markers = [r["marker"] for r in results]
    leaks = [f"{r['marker']} saw {m}" for r in results for m in markers if m != r["marker"]
             and any(m in text for text in r["seen"])]
    merged: dict[str, list[float]] = {}
    for r in results:
        for kind, values in r["times"].items():
            merged.setdefault(kind, []).extend(values)
    return {"merged": merged, "errors": [e for r in results for e in r["errors"]]}, leaks, wall


def describe(label: str, merged: dict[str, list[float]]) -> str:
    parts = []
    for kind, values in merged.items():
        if values:
            values = sorted(values)
            p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
            parts.append(f"/{kind} n={len(values)} p50 {statistics.median(values):.2f} s p95 {p95:.2f} s")
    return f"{label}: " + "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--data-dir", default=".cjrh")
    parser.add_argument("--auth", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cjrh-bench-"))
    temp = work / "gradio"
    temp.mkdir()
    proc, url = start_server(args.data_dir, temp, args.auth)
    try:
        if args.auth:
            open_routes = refuses_without_credentials(url, temp)
            print(f"without credentials: {'every route refused' if not open_routes else open_routes}")
        single, _, _ = run(url, 1, min(args.requests, 15), args.auth, work)
        print(describe("1 session (baseline)", single["merged"]))
        load, leaks, wall = run(url, args.sessions, args.requests, args.auth, work)
        total = sum(len(v) for v in load["merged"].values())
        print(describe(f"{args.sessions} sessions × {args.requests}", load["merged"]))
        print(f"{total} requests in {wall:.0f} s ({total / wall:.1f}/s); errors {len(load['errors'])}; "
              f"cross-session leakage {len(leaks)}")
        for line in (load["errors"] + leaks)[:10]:
            print("  ", line)
        left = [p for p in temp.rglob("*") if p.is_file() and not p.parent.name.startswith("cjrh-report-")]
        print(f"files left in Gradio's temp dir after the load: {len(left)}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
