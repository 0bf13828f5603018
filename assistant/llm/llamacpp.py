"""llama.cpp inside this process, from a local GGUF file (needs the `llamacpp` extra)."""

from __future__ import annotations

from pathlib import Path

from llama_index.core.llms import LLM

from assistant.config import LLMSettings
from assistant.llm.errors import LLMUnavailableError
from assistant.llm.registry import backend


@backend("llamacpp")
def build_llamacpp(settings: LLMSettings) -> LLM:
    path = Path(settings.model_path)
    if not path.is_file():
        raise LLMUnavailableError(
            f"找不到本地模型文件 {settings.model_path or '（未设置）'}。请把 BUREAU_LLM__MODEL_PATH 设为 .gguf 文件的完整路径。"
        )
    try:  # llama-cpp-python is an optional extra (it compiles llama.cpp): imported only when configured
        from assistant.llm.llamacpp_model import TemplatedLlamaCPP
    except ImportError as error:
        raise LLMUnavailableError(
            "未安装 llama.cpp 组件。请运行 pip install -e '.[llamacpp]'，或改用 openai 方式连接模型服务。"
        ) from error
    try:
        return TemplatedLlamaCPP(
            model_path=str(path),
            temperature=0.1,
            max_new_tokens=settings.max_tokens,
            context_window=settings.context_window,
            verbose=False,
        )
    except (ValueError, RuntimeError, OSError) as error:  # llama.cpp cannot read the file
        raise LLMUnavailableError(
            f"无法加载本地模型文件 {path}（{error}）。请确认它是完整的 GGUF 模型文件，且内存足够。"
        ) from error
