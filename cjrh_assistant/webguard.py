"""What `cjrh serve` adds around Gradio's own routes so that nothing a user sends outlives their request.

- Each upload request gets a directory of its own under Gradio's upload folder (Gradio names the folder after the
  file's content hash, so two users uploading identical bytes shared one path and the first to finish deleted the
  other's draft). The handler that reads an upload deletes that directory (`discard_upload`), success or failure.
- An upload request carries one file and at most `max_bytes` in all (Gradio's own limit is per file).
- Report downloads are written to a private directory in Gradio's cache (served from there, not copied) and deleted
  after `report_ttl` seconds; a sweeper removes uploads nobody checked after `ABANDONED_UPLOAD_SECONDS`.
- `/login`: after `LOGIN_FAILURES` failed attempts from one client within `LOGIN_WINDOW_SECONDS`, it must wait.

Gradio 6 has no hook for where an upload is stored, so `install_upload_isolation` wraps the `upload_fn` its upload
route calls (gradio/routes.py); the tests drive the real server to prove it still holds after a Gradio upgrade.
"""

from __future__ import annotations

import atexit
import json
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Optional

UPLOAD_PREFIX = "cjrh-upload-"
REPORT_PREFIX = "cjrh-report-"
ABANDONED_UPLOAD_SECONDS = 600  # an upload whose check never came (the tab closed): removed by the sweeper
LOGIN_FAILURES = 5
LOGIN_WINDOW_SECONDS = 300
# Above the login form, whose own labels are Gradio's zh-CN ones whatever the browser's language (web_i18n).
LOGIN_MESSAGE = f"产教融合政策助手：请输入管理员提供的用户名和密码。连续输错 {LOGIN_FAILURES} 次将被暂时锁定。"
_MULTIPART_SLACK = 64 * 1024  # form boundaries and headers around the one file


def upload_root() -> Path:
    from gradio.utils import get_upload_folder

    return Path(get_upload_folder()).resolve()


# ---- uploads --------------------------------------------------------------------------------------------------

_installed: dict[str, Any] = {}


def install_upload_isolation(max_bytes: int) -> None:
    """Every upload request in its own directory, one file, `max_bytes` at most (idempotent)."""
    import gradio.routes as routes
    from starlette.formparsers import MultiPartException

    _installed["max_bytes"] = max_bytes
    if "original" in _installed:
        return
    original = _installed["original"] = routes.upload_fn

    async def upload_fn(request: Any, upload_dir: Any, max_file_size: Any, upload_id: Any, force_move: bool = True,
                        upload_progress: Any = None) -> tuple[list[str], list[str], list[str]]:
        limit = _installed["max_bytes"]
        length = request.headers.get("content-length", "")
        if not length.isdigit() or int(length) > limit + _MULTIPART_SLACK:
            raise MultiPartException(f"上传内容超过 {limit // 1048576} MB 或未注明大小：请一次上传一个不超过 "
                                     f"{limit // 1048576} MB 的文件。")
        own = Path(upload_dir) / f"{UPLOAD_PREFIX}{secrets.token_hex(16)}"
        own.mkdir(mode=0o700, parents=True)
        try:
            files, _, _ = await original(request, str(own), max_file_size, upload_id, force_move=True,
                                         upload_progress=upload_progress)
        except BaseException:
            shutil.rmtree(own, ignore_errors=True)
            raise
        if len(files) != 1:
            shutil.rmtree(own, ignore_errors=True)
            raise MultiPartException("一次只能上传一个文件。")
        return files, [], []

    routes.upload_fn = upload_fn


def read_upload(path: str) -> bytes:
    """The upload's bytes; its file and directory are deleted whatever happens."""
    try:
        return Path(path).read_bytes()
    finally:
        discard_upload(path)


def discard_upload(path: str) -> None:
    """Delete an uploaded file with the directory it was given (or, for a file Gradio stored itself, its hash
    directory when that is left empty)."""
    file = Path(path).resolve()
    root = upload_root()
    for parent in file.parents:
        if parent.parent == root and parent.name.startswith(UPLOAD_PREFIX):
            shutil.rmtree(parent, ignore_errors=True)
            return
    file.unlink(missing_ok=True)
    if file.parent.parent == root:
        try:
            file.parent.rmdir()
        except OSError:
            pass


# ---- report downloads -----------------------------------------------------------------------------------------


_reports: set[Path] = set()


def report_dir(ttl_seconds: float) -> Path:
    """A private directory for one report's downloads, inside Gradio's cache (so it is served as it is, not copied
    elsewhere) and deleted after `ttl_seconds`."""
    path = upload_root() / f"{REPORT_PREFIX}{secrets.token_hex(16)}"
    path.mkdir(mode=0o700, parents=True)
    if not _reports:
        atexit.register(lambda: [shutil.rmtree(p, ignore_errors=True) for p in list(_reports)])  # a stopped server
    _reports.add(path)
    timer = threading.Timer(ttl_seconds, shutil.rmtree, args=(path,), kwargs={"ignore_errors": True})
    timer.daemon = True
    timer.start()
    return path


def start_sweeper(report_ttl: float, every: float = 30.0) -> threading.Thread:
    """Backstop for what no handler removed (a tab closed between upload and check, a timer lost to a restart)."""

    def sweep() -> None:
        while True:
            sweep_once(report_ttl)
            time.sleep(every)

    thread = threading.Thread(target=sweep, name="cjrh-sweeper", daemon=True)
    thread.start()
    return thread


def sweep_once(report_ttl: float) -> None:
    root = upload_root()
    now = time.time()
    if not root.is_dir():
        return
    for path in root.iterdir():
        age = {UPLOAD_PREFIX: ABANDONED_UPLOAD_SECONDS, REPORT_PREFIX: report_ttl}
        for prefix, limit in age.items():
            try:
                if path.name.startswith(prefix) and now - path.stat().st_mtime > limit:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


# ---- login ----------------------------------------------------------------------------------------------------


class LoginGuard:
    """ASGI middleware on POST /login: failed attempts counted per client address; past the limit the client waits
    (429) until its oldest failure leaves the window. Gradio's English failure text is replaced by Chinese."""

    def __init__(self, app: Any, failures: int = LOGIN_FAILURES, window: float = LOGIN_WINDOW_SECONDS) -> None:
        self.app = app
        self.failures = failures
        self.window = window
        self._failed: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST" or \
                not scope.get("path", "").rstrip("/").endswith("/login"):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failed.get(client, []) if now - t < self.window]
            self._failed[client] = recent
        if len(recent) >= self.failures:
            wait = int(self.window - (now - recent[0])) + 1
            await _json(send, 429, {"detail": f"登录失败次数过多，请 {wait} 秒后再试。"}, {"retry-after": str(wait)})
            return
        started: dict[str, Any] = {}
        held: list[dict] = []

        async def watch(message: dict) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                if message["status"] in (400, 401):
                    return  # replaced below
            elif started.get("status") in (400, 401):
                held.append(message)
                return
            await send(message)

        await self.app(scope, receive, watch)
        status = started.get("status")
        with self._lock:
            if status in (400, 401):
                self._failed.setdefault(client, []).append(time.monotonic())
            elif status in (200, 302):
                self._failed.pop(client, None)
        if status in (400, 401):
            await _json(send, status, {"detail": "用户名或密码不正确。"})


async def _json(send: Any, status: int, body: dict, headers: Optional[dict[str, str]] = None) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    head = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(data)).encode())]
    head += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": data})


# ---- the upload component -------------------------------------------------------------------------------------


def draft_file_component() -> Any:
    """gr.File for drafts. Gradio 6's gr.File(type="filepath") creates an empty temporary file in its cache on every
    call and never deletes it (one per check: the “most empty” leftovers); this one hands over the upload's own
    path and nothing else, and says a wrong type in Chinese."""
    import gradio as gr
    from gradio.utils import NamedString
    from gradio_client import utils as client_utils

    class DraftFile(gr.File):
        is_template = True  # drawn by the frontend as the gr.File it is

        def _process_single_file(self, f: Any) -> Any:
            if self.file_types and not client_utils.is_valid_file(f.path, self.file_types):
                raise gr.Error(f"不支持的文件类型：请上传 {'、'.join(self.file_types)} 文件。")
            return NamedString(f.path)

    return DraftFile


NO_REMOTE_REINDEX = "网页对本机以外开放且未设置登录，已停用重建索引：请在服务器上运行 cjrh index，或用 --auth 启动后以管理员登录。"


def reindex_admins(host: str, auth: Optional[tuple[str, str]]) -> Optional[set[str]]:
    """Who may rebuild the index from the page: the --auth user; without a login, anyone only on a page served to
    this machine alone (None); on a page open to the network, nobody (an empty set), else any visitor could."""
    if auth:
        return {auth[0]}
    return None if host in ("127.0.0.1", "localhost", "::1") else set()
