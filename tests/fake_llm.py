"""A fake OpenAI-compatible chat server for the HTTP plumbing only (streaming, errors, timeouts, bad replies).
The guards and the rule engine are never faked; a real model is used in test_llm_real.py."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLM:
    def __init__(self) -> None:
        self.mode = "ok"  # ok | error500 | slow | malformed | drip (one character per `delay` s) | huge (3 MB)
        self.answer = ""
        self.rewrite = ""
        self.delay = 0.2
        self.requests: list[dict] = []
        # the last stream: characters the client accepted, and whether it hung up before the end
        self.sent_chars = 0
        self.hung_up = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                if fake.mode == "error500":
                    self._send(500, b'{"error": {"message": "boom"}}')
                elif fake.mode == "slow":
                    time.sleep(3)
                    self._send(200, b"{}")
                elif fake.mode == "malformed":
                    self._send(200, b"this is not json")
                elif body.get("stream") and fake.mode == "drip":
                    self._stream(fake.answer, size=1, delay=fake.delay)
                elif body.get("stream") and fake.mode == "huge":
                    self._stream("甲" * (1 << 20), size=1024)  # 1 M characters, 3 MB of UTF-8
                elif body.get("stream"):
                    self._stream(fake.answer)
                else:
                    system = body["messages"][0]["content"]
                    content = fake.rewrite if "改写" in system else "好"
                    self._send(200, json.dumps(_completion(content)).encode())

            def _send(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str, size: int = 4, delay: float = 0.0) -> None:
                fake.sent_chars = 0
                fake.hung_up.clear()
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                try:
                    for i in range(0, len(text), size):
                        chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake",
                                 "choices": [{"index": 0, "delta": {"role": "assistant", "content": text[i:i + size]},
                                              "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                        fake.sent_chars += len(text[i:i + size])
                        time.sleep(delay)
                    self.wfile.write(b"data: [DONE]\n\n")
                except (BrokenPipeError, ConnectionResetError):  # the client stopped reading and closed
                    fake.hung_up.set()

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that gave up on a slow reply is expected here
        pass


def _completion(content: str) -> dict:
    return {"id": "x", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
