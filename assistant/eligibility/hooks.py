"""The eligibility feature's ingest hook: a policy's conditions are read right after its file goes in."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.eligibility.service import read_policies
from assistant.knowledge import IngestReport, KnowledgeBase


@dataclass(frozen=True)
class ReadPolicies:
    """Reads (and stores) the rules of every new or changed policy, so the first check is as quick as
    the others; read_policies never fails the ingest."""

    name: str = "read-policies"

    def after_ingest(self, kb: KnowledgeBase, report: IngestReport) -> None:
        if report.with_status("added") or report.with_status("updated"):
            read_policies(kb.settings, kb.name)
