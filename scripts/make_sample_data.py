"""Writes sample_data/示范县2025年科技工作主要指标.xlsx: the fictional county's 2024 and 2025 figures
(2024 as in sample_corpus/示范县科学技术局2024年工作总结.docx), for the drafting assistant's demo.

    python scripts/make_sample_data.py
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "sample_data" / "示范县2025年科技工作主要指标.xlsx"
INDICATORS = [
    ("专利申请量", "件", 1180, 1342, ""),
    ("其中：发明专利申请量", "件", 305, 371, ""),
    ("专利授权量", "件", 705, 786, ""),
    ("其中：发明专利授权量", "件", 96, 118, ""),
    ("国家高新技术企业总数", "家", 126, 148, "年末有效期内"),
    ("新认定国家高新技术企业", "家", 28, 31, ""),
    ("科技型中小企业入库数", "家", 312, 356, ""),
    ("全社会研发经费投入", "亿元", 8.62, 9.71, ""),
    ("研发经费投入占GDP比重", "%", 2.35, 2.48, ""),
    ("技术合同成交额", "亿元", 5.3, 6.45, ""),
    ("选派科技特派员", "名", 60, 64, ""),
    ("省级以上研发平台", "个", 31, 35, ""),
    ("发放科技创新券", "万元", 620, 780, ""),
]
EVENTS = [
    ("知识产权", "举办知识产权培训班4期，培训企业人员510人次"),
    ("知识产权", "办理专利权质押融资15笔，融资金额1.6亿元"),
    ("高新技术企业", "县高新技术企业培育库新入库企业52家"),
    ("创新平台", "新建省级工程技术研究中心3家"),
    ("农业科技", "选派科技特派员64名，实现乡镇（街道）和主导产业全覆盖"),
    ("科普", "组织科技活动周系列活动31场，受众2.3万人次"),
]


def main() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append(["指标", "单位", "2024年", "2025年", "备注"])
    for row in INDICATORS:
        sheet.append(list(row))
    events = book.create_sheet("重点工作")
    events.append(["类别", "事项"])
    for row in EVENTS:
        events.append(list(row))
    OUT.parent.mkdir(exist_ok=True)
    book.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
