"""What kind of answer a question wants (amount, count, date, conditions, materials, who), and which
sentences look like such an answer."""

from __future__ import annotations

import re
from typing import Literal

QuestionKind = Literal[
    "doc_number", "contact", "which_document", "amount", "count", "date", "conditions", "materials", "who", "general"
]

# Checked in order: 申报需要什么材料 is about materials although it also says 申报.
KIND_CUES: list[tuple[QuestionKind, re.Pattern[str]]] = [
    ("doc_number", re.compile(r"文号|发文字号|字号")),
    ("contact", re.compile(r"电话|联系人|联系方式|找谁|咨询谁|联系谁")),
    ("which_document", re.compile(r"哪个文件|哪份文件|什么文件|哪些文件|废止|替代|取代")),
    ("materials", re.compile(r"材料|提交什么|提交哪些|提供什么|提供哪些|准备什么|准备哪些|需要带")),
    ("conditions", re.compile(r"条件|资格|要求|符合|哪些企业可以|谁可以|能否申请|可以申请吗|能不能|门槛|适用")),
    ("count", re.compile(r"(?:多少|几)(?:天|周|个月|年|小时|个工作日)")),  # a duration, not a date
    ("date", re.compile(r"什么时候|何时|哪天|时间|截止|期限|日期|多久|几月|有效期|施行|起止")),
    ("amount", re.compile(r"多少钱|资助多少|补助多少|奖励多少|补贴多少|多少资助|多少补助|多少奖励|金额|标准|额度|上限|最高|拿到多少|贴息|(?:有|给|哪些|什么)(?:补助|补贴|奖励|资助|支持)"
                           r"|(?:补贴|补助|资助|奖励|资金|经费|投入|费用|金额|销售额|产值)(?:是|有|为|达到|共|总共|一共)?多少")),
    ("count", re.compile(r"多少[件家个名项人次所篇条批户场]|几[件家个名项人次所篇条批户场]|多少|数量|总数|几")),
    # 落实哪些专利资助办法: the answer names documents; after the amount and count cues (哪些补助 asks an amount).
    ("which_document", re.compile(r"(?:哪些|哪个|哪项|什么)(?:(?!部门|单位|企业|负责)[\u4e00-\u9fff]){0,6}?(?:办法|政策|文件|规定|细则|条例|意见)")),
    ("who", re.compile(r"谁|哪个部门|哪个单位|哪些单位|哪家|哪些企业|哪些|什么部门|负责|由谁|什么项目|什么称号")),
]

ANSWER_SHAPES: dict[QuestionKind, re.Pattern[str]] = {
    "doc_number": re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号"),
    "contact": re.compile(r"联系人|电话|\d{3,4}-\d{7,8}|1\d{10}"),
    "which_document": re.compile(r"《[^》]+》"),
    "amount": re.compile(r"\d[\d.,]*\s*(?:万|亿)?元|\d+(?:\.\d+)?%|[一二三四五六七八九十百千万]+元"),
    "count": re.compile(r"\d[\d.,]*\s*(?:万|亿)?(?:余|多)?[个件项家名人位次份所台套篇期场条亩批户村元%天周年]|\d+\s*(?:个月|小时|个工作日)"),
    "date": re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|截止|之前|以前|前提交|有效期|起施行|工作日|个月内"),
    "materials": re.compile(r"材料|（一）|\(一\)|1\.|1、|申请表|复印件|证明|报告"),
    "conditions": re.compile(r"条件|应当|须|具备|符合|满足|不低于|不少于|以上|注册|登记"),
    "who": re.compile(r"负责|由|局|部门|单位|公司|企业|中心"),
    "general": re.compile(r"$^"),
}


def question_kind(question: str) -> QuestionKind:
    for kind, cue in KIND_CUES:
        if cue.search(question):
            return kind
    return "general"


def fits(kind: QuestionKind, sentence: str) -> bool:
    """The sentence has the shape of an answer of this kind (a sum of money, a date, a list …)."""
    return bool(ANSWER_SHAPES[kind].search(sentence))
