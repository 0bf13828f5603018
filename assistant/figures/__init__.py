"""Figures across periods: the records ingestion keeps (ingest/figures.py, vectorstore/figures_store.py)
lined up period by period, with the changes computed in code, a chart, and the chat's answer."""

from assistant.figures.answer import answer_figures
from assistant.figures.question import FigureQuestion, figure_question
from assistant.figures.series import Series, build_series
from assistant.figures.workbook import figure_records

__all__ = ["FigureQuestion", "Series", "answer_figures", "build_series", "figure_question", "figure_records"]
