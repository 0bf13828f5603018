"""Policy eligibility for enterprises: conditions and benefits read from policies (each with its clause),
facts read from what an enterprise writes, a verdict per policy with the arithmetic of the amounts."""

from assistant.eligibility.facts import form_text, read_facts
from assistant.eligibility.model import Check, Facts, PolicyRules, PolicyVerdict
from assistant.eligibility.service import Eligibility, Policy, PolicyNotFoundError, record_check

__all__ = [
    "Check", "Eligibility", "Facts", "Policy", "PolicyNotFoundError", "PolicyRules", "PolicyVerdict",
    "form_text", "read_facts", "record_check",
]  # fmt: skip
