"""The chat's drafting route: a request such as 帮我起草今年知识产权工作的总结段落 is drafted from the
configured workbook (settings.drafting.data_path); drafting is for staff, so the route built for an
enterprise account refuses such a request instead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.answer.model import Answer
from assistant.answer.routes import RouteContext
from assistant.drafting.api import draft_section
from assistant.drafting.topics import topic_from_request
from assistant.indicators.reader import DraftDataError

DRAFT_REFUSED = "起草工作总结是科技局工作人员的功能，当前账号不能使用。可以继续询问政策文件中的内容。"


@dataclass(frozen=True)
class DraftRoute:
    allowed: bool = True  # False for an enterprise account: its 帮我起草… is refused
    name: str = "draft"

    def answer(self, question: str, context: RouteContext) -> Answer | None:
        topic = topic_from_request(question)
        data = Path(context.settings.drafting.data_path)
        if topic is None:
            return None
        if not self.allowed:
            return Answer(question, question, DRAFT_REFUSED, [], "extractive", declined=True)
        if not data.is_file():
            return None
        kb = context.knowledge_bases[0] if context.knowledge_bases else None
        try:
            draft = draft_section(context.settings, data, topic, kb, context.llm)
        except DraftDataError as error:
            return Answer(question, question, f"无法起草：{error}", [], "extractive", declined=True)
        notice = f"根据 {data.name} 起草，数字均由程序计算并已核对；可在“起草”页导出公文格式 .docx。"
        mode = "llm" if draft.mode == "llm" else "extractive"
        return Answer(question, question, draft.text, [], mode, draft.unverified_numbers, notice=notice, draft=draft)
