"""How the bureau's assistant is put together; the composition roots (app.py, the `bureau` command, the
benchmarks) take it from here. A bureau adds, removes or reorders a route or a hook in this one place:
the answer engine and the knowledge base know no feature."""

from __future__ import annotations

from assistant.answer.routes import Route
from assistant.drafting.route import DraftRoute
from assistant.eligibility.hooks import ReadPolicies
from assistant.eligibility.route import EligibilityRoute
from assistant.figures.route import FiguresRoute
from assistant.knowledge import IngestHook


def chat_routes(may_draft: bool = True) -> list[Route]:
    """What the chat tries, in order, before retrieval QA: a drafting request (refused when the account
    may not draft — drafting is for staff), an enterprise's eligibility check, a figures question."""
    return [DraftRoute(allowed=may_draft), EligibilityRoute(), FiguresRoute()]


def ingest_hooks() -> list[IngestHook]:
    """What runs after an ingest: the policies' conditions are read."""
    return [ReadPolicies()]
