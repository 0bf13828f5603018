"""Periods as documents write them (language/text.py): one code for each, used by figures and questions."""

from __future__ import annotations

import pytest

from language.text import is_whole_year, period_in, period_label, period_sort_key, periods


@pytest.mark.parametrize(
    ("text", "year", "code"),
    [
        ("2024年，全县专利申请量1180件", None, "2024"),
        ("2025年上半年工作总结", None, "2025H1"),
        ("上半年全县专利申请量640件", 2025, "2025H1"),
        ("2013年1-5月，全市技术合同成交额", None, "2013-01..05"),
        ("2013年1至5月", None, "2013-01..05"),
        ("2024年前三季度", None, "2024-01..09"),
        ("2024年第一季度", None, "2024Q1"),
    ],
)
def test_a_period_is_read_to_one_code(text: str, year: int | None, code: str) -> None:
    assert period_in(text, year) == code


def test_dates_document_numbers_and_placeholders_are_not_periods() -> None:
    assert periods("自2025年1月1日起施行") == []
    assert periods("示科〔2024〕58号") == []
    assert periods("xx年至xx年，20__年") == []
    assert periods("上半年专利申请640件") == []  # a part of a year without the year it is of


def test_codes_read_back_and_sort_in_time() -> None:
    assert period_label("2025H1") == "2025年上半年"
    assert period_label("2013-01..05") == "2013年1—5月"
    assert period_label("2014") == "2014年"
    codes = ["2025", "2024", "2025H1", "2023"]
    assert sorted(codes, key=period_sort_key) == ["2023", "2024", "2025H1", "2025"]
    assert is_whole_year("2024") and not is_whole_year("2025H1")
