"""Time from `cjrh serve` starting to the page answering HTTP 200 (goal: under 10 s with a built index), against
the time a bare `import gradio` takes in the same run (baseline).

    .venv/bin/python benchmarks/bench_serve.py
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_ready(*serve_args: str, cwd: Path | None = None) -> float:
    """Seconds from starting `cjrh serve` (with `serve_args`) until its page answers."""
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cjrh_assistant", "serve", "--port", str(port), *serve_args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                return time.perf_counter() - start
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("cjrh serve exited; run `cjrh index` first")
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def time_import() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import gradio"], check=True, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    return time.perf_counter() - start


def main() -> None:
    subprocess.run([sys.executable, "-m", "cjrh_assistant", "index"], check=True, stdout=subprocess.DEVNULL)
    ready = [time_ready() for _ in range(3)]
    imports = [time_import() for _ in range(3)]
    print(f"cjrh serve ready (index built): median {statistics.median(ready):.2f} s, max {max(ready):.2f} s "
          f"(goal < 10 s)")
    print(f"bare `import gradio` (baseline): median {statistics.median(imports):.2f} s; "
          f"ratio {statistics.median(ready) / statistics.median(imports):.2f}")


if __name__ == "__main__":
    main()
