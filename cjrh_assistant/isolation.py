"""Worker processes that run untrusted work (reading and checking one draft) under a wall-clock limit and an
address-space cap, so that one hostile file can neither stall nor exhaust the process that serves everyone else.

A `WorkerPool` keeps up to `workers` processes alive and reuses them (a call costs a pipe round trip, not a
process start). A worker that passes its time is killed with its whole process group (a LibreOffice conversion it
started goes too) and replaced; one that dies (out of memory, a crash in a C library) is replaced as well. Either
way the caller gets one Chinese `DraftError` (exit code 2), never a traceback.

Start method: "forkserver" everywhere: a clean, single-threaded process with the readers preloaded forks each worker.
Forking the caller instead is unsafe in the threaded server and, from any big process, hands the worker an address
space already past its cap.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import queue
import resource
import shutil
import signal
import tempfile
import threading
import warnings
from typing import Any, Callable, Optional

from .errors import CjrhError, DraftError

_PRELOAD = ["cjrh_assistant.checking"]
log = logging.getLogger("cjrh.isolation")  # under "cjrh": the server's log file (logs.py)


class WorkerPool:
    def __init__(self, workers: int = 2, seconds: float = 30.0, memory_mb: int = 1024,
                 start_method: str = "forkserver") -> None:
        self.seconds = seconds
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(_PRELOAD)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._slots = threading.Semaphore(workers)
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self.peak_rss_kb = 0  # the largest resident size any worker reported (ru_maxrss)
        # what went wrong, for logs and tests: calls stopped at the time limit, workers that died, and calls that
        # raised something other than a CjrhError (a bug or an unforeseen library failure; the user sees a
        # Chinese sentence, the log gets the traceback)
        self.timeouts = self.crashes = self.unexpected = 0
        self.closed = False
        self.workers = workers
        atexit.register(self.close)  # a worker's temporary directory goes with it

    def warm(self) -> None:
        """Start every worker now rather than on the first calls."""
        started = [self._take() for _ in range(self.workers - self._idle.qsize())]
        for worker in started:
            self._idle.put(worker)

    def run(self, fn: Callable[..., Any], *args: Any, name: str = "") -> Any:
        """`fn(*args)` in a worker; its result, or its CjrhError re-raised here. `fn` must be a module-level
        function (it is pickled by reference)."""
        with self._slots:
            worker = self._take()
            try:
                worker.conn.send((fn, args))
                ready = worker.conn.poll(self.seconds)
            except (EOFError, OSError):  # the worker died before or while taking the call
                ready = True
            if not ready:
                self._discard(worker)
                self.timeouts += 1
                raise DraftError(f"读取和检查草稿超过 {self.seconds:g} 秒仍未完成，已停止；文件可能过大或结构异常，"
                                 f"请删减或拆分后再上传，确需更长时间请管理员调高设置 CJRH_DRAFT_LIMITS__SECONDS"
                                 f"{'（' + name + '）' if name else ''}。")
            try:
                status, payload, rss_kb, trace = worker.conn.recv()
            except (EOFError, OSError):
                self._discard(worker)
                self.crashes += 1
                raise DraftError(f"读取草稿时所需内存超过上限 {self.memory_mb} MB（或读取进程异常退出），已停止；"
                                 f"请删减或拆分后再上传，确需更多内存请管理员调高设置 CJRH_DRAFT_LIMITS__MEMORY_MB"
                                 f"{'（' + name + '）' if name else ''}。") from None
            self.peak_rss_kb = max(self.peak_rss_kb, rss_kb)
            if trace:
                self.unexpected += 1
                log.warning("unexpected error while checking %s:\n%s", name, trace)
            self._idle.put(worker)
        if status == "ok":
            return payload
        raise payload

    def _take(self) -> "_Worker":
        if self.closed:
            raise DraftError("服务正在关闭，请稍后再试。")
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            worker = _Worker(self._context, self.memory_mb)
            with self._lock:
                self._all.add(worker)
            return worker

    def _discard(self, worker: "_Worker") -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Worker:
    def __init__(self, context: Any, memory_mb: int) -> None:
        # the worker's own temporary directory (a LibreOffice conversion's copy): a killed worker cannot clean up
        # after itself, so its parent removes the whole directory
        self.tmp = tempfile.mkdtemp(prefix="cjrh-worker-")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_mb, self.tmp), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        pid = self.process.pid
        try:
            os.killpg(pid, signal.SIGKILL)  # the worker leads its own group: children (soffice) go with it
        except (ProcessLookupError, PermissionError, TypeError):
            pass
        self.process.join(timeout=5)
        self.conn.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _serve(conn: Any, memory_mb: int, tmp: str) -> None:
    """The worker's loop: its own process group, temporary directory and address-space cap; one call at a time."""
    os.setsid()
    os.environ["TMPDIR"] = tempfile.tempdir = tmp
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Library warnings about broken files (pypdf: “invalid pdf header”) are English and not the user's business: the
    # worker reports in Chinese through its reply, never on the terminal it shares with the CLI.
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):  # the parent closed the pool or died (a server stopped with SIGTERM)
            shutil.rmtree(tmp, ignore_errors=True)
            return
        trace = ""
        try:
            reply = ("ok", fn(*args))
        except CjrhError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", DraftError(f"读取草稿时所需内存超过上限 {memory_mb} MB，已停止；请删减或拆分后再上传，"
                                         "确需更多内存请管理员调高设置 CJRH_DRAFT_LIMITS__MEMORY_MB。"))
        except RecursionError:
            reply = ("error", DraftError("文件嵌套层次过深，无法读取。"))
        except Exception:  # noqa: BLE001 - a library's failure on a broken file: the reason, never a traceback
            import traceback

            trace = traceback.format_exc()
            reply = ("error", DraftError("文件无法读取，可能已损坏。"))
        rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            conn.send((*reply, rss_kb, trace))
        except MemoryError:
            conn.send(("error", DraftError("检查结果过大，无法返回。"), rss_kb, ""))


def run_once(fn: Callable[..., Any], *args: Any, seconds: float, memory_mb: int, name: str = "",
             start_method: Optional[str] = None) -> Any:
    """`fn(*args)` in a fresh worker under the same limits (the CLI: one draft, one process). Forked from the
    forkserver, not from the caller: a child forked from a big process (a test run, a notebook) would inherit its
    address space and be over the memory cap before it reads a byte."""
    with WorkerPool(1, seconds, memory_mb, start_method or "forkserver") as pool:
        return pool.run(fn, *args, name=name)
