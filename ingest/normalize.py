"""Undo a synonym-swapping rewriter (效劳 for 服务, 开展 for 发展 …) in the text that search sees.

Applied to chunk text and to queries alike, so a user typing the standard word finds the swapped
passage. Unambiguous swaps are always undone; ambiguous ones only in contexts the rewriter evidently
produced, so that legitimate uses (开展工作, 实施方案, 资助标准, 工程技术研究中心) stay as they are.
"""

from __future__ import annotations

import re

# Words no bureau text uses in their own sense.
ALWAYS = {
    "效劳": "服务",
    "创造专利": "发明专利",
    "根底": "基础",
    "储藏": "储备",
    "到达": "达到",
    "奉献": "贡献",
    "回忆": "回顾",
    "承当": "承担",
}


def _after(words: str) -> str:
    """A look-behind for any of the |-separated words (Python needs one fixed width per look-behind)."""
    return "(?:" + "|".join(f"(?<={word})" for word in words.split("|")) + ")"


def _not_after(words: str) -> str:
    return "".join(f"(?<!{word})" for word in words.split("|"))


CLAUSE_END = r"(?=[\s，。、；：！？,.;:!?）)”」』]|$|第?[一二三四五六七八九十]+、|\d+、)"
# 开展 at a clause end is the activity verb after these: 工作的正常开展。 活动的开展，
ACTIVITY_BEFORE = "工作的|活动的|工作|活动|正常|深入|顺利|有序|良好|更好|广泛|全面|扎实|积极|逐步|稳步|大力|认真|有条不紊"
DEVELOPMENT_AFTER = "观|后劲|速度|壮大|方案|战略|规划|基础|潜力|前景|趋势|态势|道路|理念|格局|提供|机遇|动力|大计"
DEVELOPMENT_BEFORE = (
    "经济|济社会|和社会|转型|高质量|可持续|协调|绿色|跨越式|健康|特色化|规模化|集约化|融合|长远|支撑|引领"
)
PROJECT_BEFORE = "科技|计划|产业化|转化|储备|延期|引进|落地|合作|该|一般|承包|新上|征集的|完成的|以上"
PROJECT_AFTER = "申报|资金|立项|储备|库|实施|管理|验收|结题|信息|合同|督察|前期|门槛|签约|支撑|建设年|调研|达产|等|\\d"
# 工程技术研究中心, 中国工程院, 总工程师, 国家工程实验室 are real 工程.
PROJECT_NOT_BEFORE = "技术|院|师|研究|实验|学院"

# (pattern, replacement), applied in order; later rules see earlier results (开展方案 → 发展方案 → 发展计划).
CONTEXT_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(f"开展(?={DEVELOPMENT_AFTER})"), "发展"),
    (re.compile(f"{_after(DEVELOPMENT_BEFORE)}开展"), "发展"),
    (re.compile(f"{_not_after(ACTIVITY_BEFORE)}开展{CLAUSE_END}"), "发展"),
    (re.compile(f"{_after('科技|发展')}方案|方案(?=工程|项目|申报|指南)"), "计划"),
    (re.compile(f"{_after('管理|资助|认定|奖励|实施|考核|暂行|试行|补助')}方法|方法(?=》)"), "办法"),
    (re.compile(f"(?:{_after(PROJECT_BEFORE)}工程|工程(?={PROJECT_AFTER}))(?!{PROJECT_NOT_BEFORE})"), "项目"),
    (re.compile(f"{_after('质量|财产|生产|食品|生命')}平安|平安(?=生产|事故|隐患|意识|监管|检查|保障|防护)"), "安全"),
    (re.compile("广阔(?=人民|群众|科技|农民|干部|职工|师生|青少年|企业|市民|党员|妇女)"), "广大"),
    (
        re.compile(f"{_after('严格|进一步|加强|不断|依法|逐步|更加')}标准(?!化)|标准(?=审批|程序|运作|运行|操作|行为|维权|执法|收费)"),
        "规范",
    ),
    (re.compile("(?<=[一大小及和与、])局部|局部(?=企业|单位|合作社|种植|农户|专家|人员|乡镇|村)"), "部分"),
]


def normalize_for_search(text: str) -> str:
    """Standard words for swapped ones; the same function serves documents and queries."""
    for swapped, standard in ALWAYS.items():
        text = text.replace(swapped, standard)
    for pattern, standard in CONTEXT_RULES:
        text = pattern.sub(standard, text)
    return text
