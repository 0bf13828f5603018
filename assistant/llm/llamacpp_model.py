"""llama-index's LlamaCPP made fit for the app: prompts in the GGUF's own chat template, one generation at a time."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from llama_cpp import Llama
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from llama_index.core.llms import ChatMessage, CompletionResponse, CompletionResponseGen
from llama_index.llms.llama_cpp import LlamaCPP

_GENERATING = threading.Lock()  # a llama.cpp context cannot serve two threads (the app answers concurrently)


class ChatTemplate:
    """Formats prompts with the chat template stored in a GGUF file, as llama.cpp's own server does."""

    def __init__(self, model: Llama) -> None:
        def text(token: int) -> str:
            return model.detokenize([token], special=True).decode("utf-8", "ignore") if token != -1 else ""

        self._formatter = Jinja2ChatFormatter(
            template=model.metadata["tokenizer.chat_template"],
            eos_token=text(model.token_eos()),
            bos_token=text(model.token_bos()),
        )

    def messages(self, messages: Sequence[ChatMessage]) -> str:
        return self._formatter(messages=[{"role": m.role.value, "content": m.content or ""} for m in messages]).prompt

    def completion(self, prompt: str) -> str:
        return self._formatter(messages=[{"role": "user", "content": prompt}]).prompt


class TemplatedLlamaCPP(LlamaCPP):
    """An instruct model answers a plain prompt badly (SmolLM2 says nothing at all), so prompts
    go through the model's chat template when the GGUF has one."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if "tokenizer.chat_template" in self._model.metadata:
            template = ChatTemplate(self._model)
            self.messages_to_prompt = template.messages
            self.completion_to_prompt = template.completion

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        with _GENERATING:
            return super().complete(prompt, formatted, **kwargs)

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        def pieces() -> CompletionResponseGen:
            with _GENERATING:
                yield from LlamaCPP.stream_complete(self, prompt, formatted, **kwargs)

        return pieces()
