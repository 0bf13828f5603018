"""Chat messages that ask for a draft name their topic; questions about a summary do not."""

from __future__ import annotations

import pytest

from assistant.drafting import topic_from_request


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("写写科普工作总结", "科普"),
        ("给我拟一段科技特派员工作的小结", "科技特派员"),
        ("帮我写一下研发投入这部分的总结", "研发投入"),
        ("知识产权工作总结怎么写？", None),
        ("科普工作总结写了吗？", None),
    ],
)
def test_a_drafting_request_names_its_topic(message, topic):
    found = topic_from_request(message)
    assert (found.name if found else None) == topic
