"""The optional language model: any OpenAI-compatible chat endpoint through LlamaIndex `OpenAILike`.

It only phrases answers from numbered passages and rewrites follow-up questions; every failure (unreachable,
timeout, 4xx/5xx, malformed reply) becomes an `LLMError` with a Chinese reason, and the caller falls back to the
extractive answer. Nothing here decides a verdict or a number.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from ..config import Settings
from ..errors import CjrhError
from ..models import Hit, Turn

SYSTEM_PROMPT = (
    "你是职业院校产教融合政策助手。只能依据用户给出的编号资料回答，用简体中文，简短准确。"
    "每句话末尾用 [编号] 标注所依据的资料，例如 [1]。资料中没有的内容不要回答；不要写资料中没有的数字、比例、日期。")
REWRITE_PROMPT = "把用户最后的追问改写成一个意思完整、可以单独理解的中文问题。只输出改写后的问题本身。"


class LLMError(CjrhError):
    """The model could not be used for this answer; the message says why, in Chinese."""


def passages_block(hits: list[Hit]) -> str:
    return "\n".join(f"[{k}] 《{h.passage.doc_title}》{h.passage.clause}：{h.passage.text}"
                     for k, h in enumerate(hits, start=1))


class LLMClient:
    def __init__(self, settings: Settings) -> None:
        from llama_index.llms.openai_like import OpenAILike

        if not settings.llm_model:
            raise LLMError("已设置 CJRH_LLM_BASE_URL，但没有设置模型名 CJRH_LLM_MODEL。")
        self.settings = settings
        self.llm = OpenAILike(model=settings.llm_model, api_base=settings.llm_base_url,
                              api_key=settings.llm_api_key or "not-needed", timeout=settings.llm_timeout,
                              max_retries=settings.llm_max_retries, max_tokens=settings.llm_max_tokens,
                              temperature=0.1, is_chat_model=True, context_window=8192)

    def _messages(self, system: str, user: str, history: Optional[list[Turn]] = None) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        msgs = [ChatMessage(role="system", content=system)]
        msgs += [ChatMessage(role=t.role, content=t.content) for t in history or []]
        msgs.append(ChatMessage(role="user", content=user))
        return msgs

    def stream_answer(self, question: str, hits: list[Hit]) -> Iterator[str]:
        """The answer text as it is generated (chunks)."""
        user = f"资料：\n{passages_block(hits)}\n\n问题：{question}"
        try:
            for chunk in self.llm.stream_chat(self._messages(SYSTEM_PROMPT, user)):
                delta = chunk.delta or ""
                if delta:
                    yield delta
        except LLMError:
            raise
        except Exception as exc:  # the client library raises many kinds; the user needs one reason
            raise LLMError(_reason(exc)) from exc

    def rewrite(self, question: str, history: list[Turn]) -> str:
        try:
            reply = self.llm.chat(self._messages(REWRITE_PROMPT, question, history[-6:]))
        except Exception as exc:
            raise LLMError(_reason(exc)) from exc
        text = (reply.message.content or "").strip().strip("“”\"")
        if not text or len(text) > 200:
            raise LLMError("大模型改写的问题为空或过长")
        return text.splitlines()[0]

    def ping(self) -> str:
        """A one-word round trip, for `cjrh doctor`."""
        try:
            reply = self.llm.chat(self._messages("只回答“好”。", "你好"))
        except Exception as exc:
            raise LLMError(_reason(exc)) from exc
        return (reply.message.content or "").strip()


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc)
    if "Timeout" in name or "timed out" in text:
        return "大模型服务响应超时"
    if "Connection" in name or "connect" in text.lower():
        return "无法连接大模型服务"
    status = getattr(exc, "status_code", None)
    if status:
        return f"大模型服务返回错误（HTTP {status}）"
    return f"大模型服务的回复无法使用（{name}）"
