"""What an eligibility check works with: a policy's conditions and benefits (each with its clause and
location), an enterprise's facts (each with the words it came from), and the verdict."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Literal

Status = Literal["met", "failed", "unknown"]
Verdict = Literal["eligible", "ineligible", "needs_info"]
Origin = Literal["rules", "llm", "staff"]


@dataclass
class Test:
    """One comparison of a fact with a threshold: `field op value`, or a flag that must be `expected`.

    op: ">=", "<=", ">", "<", "in" (a place: the policy's own county), "is" (a flag), "kind"
    (the applicant is one of `kinds`), "band" (a percentage whose threshold depends on revenue),
    "stated" (qualitative: the enterprise must say something about it)."""

    field: str
    op: str
    value: float | None = None
    unit: str = ""  # 元, 年, %, 级 — for the reader
    expected: bool = True
    kinds: list[str] = field(default_factory=list)
    bands: list[list[float | None]] = field(default_factory=list)  # [low, high, minimum %], first match wins


@dataclass
class Condition:
    """A clause the applicant must meet. `tests` all hold (and), or any of `alternatives` holds (or)."""

    text: str  # verbatim clause
    location: str  # 第四条（二）, 二、（五）
    tests: list[Test] = field(default_factory=list)
    alternatives: list[list[Test]] = field(default_factory=list)
    exclusion: bool = False  # 有…的，不得申报: failed only when the enterprise says it is in that case
    origin: Origin = "rules"

    def fields(self) -> list[str]:
        return list(dict.fromkeys(t.field for t in [*self.tests, *(t for alt in self.alternatives for t in alt)]))


@dataclass
class Benefit:
    """Money the policy pays for one item: per item, once, or a percentage of a base; with its caps."""

    text: str
    location: str
    item: str  # key of the lexicon's [items.*]
    label: str
    amount: float | None = None  # 元 per item, or once
    per_item: bool = False
    per_word: str = ""  # 每件, 每人 … as the policy writes it
    rate: float | None = None  # % of the base (a contract, the interest paid)
    first_rate: float | None = None  # % for a first-time applicant (首次申领的企业，可按…70%)
    bonus: float | None = None  # 另奖励 per item for one kind of applicant
    bonus_for: str | None = None
    cap: float | None = None  # 元, for this benefit (per year)
    count_cap: int | None = None  # at most N per parent item (两个国家或地区 per invention)
    sub_caps: list[list] = field(default_factory=list)  # [qualifier words, 元]: 其中用于检验检测服务的，最高5万元
    origin: Origin = "rules"


@dataclass
class Cap:
    """A ceiling on everything one applicant receives under the policy (per year)."""

    amount: float
    text: str
    location: str


@dataclass
class PolicyRules:
    """Everything read from one policy document."""

    source: str
    doc_id: str
    title: str
    locality: str  # the place the policy calls 本县 (示范县), read from its title
    conditions: list[Condition] = field(default_factory=list)
    benefits: list[Benefit] = field(default_factory=list)
    caps: list[Cap] = field(default_factory=list)
    highest_only: str = ""  # the clause that pays only the highest award, when there is one
    deadlines: list[list[str]] = field(default_factory=list)  # [text, location]
    materials: list[list[str]] = field(default_factory=list)
    valid: bool = True
    validity_note: str = ""  # 自2025年1月1日起施行，有效期三年 / 已于…废止
    corrected: bool = False  # a staff member edited these rules

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PolicyRules:
        data = dict(data)
        data["conditions"] = [
            Condition(**{**c, "tests": [Test(**t) for t in c.get("tests", [])],
                         "alternatives": [[Test(**t) for t in alt] for alt in c.get("alternatives", [])]})
            for c in data.get("conditions", [])
        ]  # fmt: skip
        data["benefits"] = [Benefit(**b) for b in data.get("benefits", [])]
        data["caps"] = [Cap(**c) for c in data.get("caps", [])]
        return cls(**data)


@dataclass
class Fact:
    """One thing the enterprise said: a value and the words it came from."""

    value: object  # bool, float, str (a place), list[str] (kinds)
    words: str
    conflict: list[object] = field(default_factory=list)  # other values it also stated for the same thing
    note: str = ""  # e.g. 迁入后


@dataclass
class Facts:
    """The enterprise's facts by field, the items it has (counts, events, bases) and what it wrote."""

    text: str
    fields: dict[str, Fact] = field(default_factory=dict)
    counts: dict[str, Fact] = field(default_factory=dict)  # item → number of items (2件发明专利)
    per: dict[str, Fact] = field(default_factory=dict)  # item → number per parent item (三个国家)
    bases: dict[str, Fact] = field(default_factory=dict)  # item → 元 (a 30万元 contract)
    events: dict[str, Fact] = field(default_factory=dict)  # item → True (首次认定)

    def as_json(self) -> dict[str, object]:
        """The facts as the `--json` output shows them: value (and the words) per field or item."""
        out: dict[str, object] = {}
        for group in (self.fields, self.counts, self.per, self.bases, self.events):
            for key, fact in group.items():
                name = f"{key}_per" if group is self.per else key
                out[name] = {"value": fact.value, "words": fact.words}
                if fact.conflict:
                    out[name]["conflict"] = fact.conflict  # type: ignore[index]
        return out

    @property
    def empty(self) -> bool:
        return not (self.fields or self.counts or self.bases or self.events)


@dataclass
class ConditionResult:
    condition: Condition
    status: Status
    reason: str
    missing: list[str] = field(default_factory=list)  # what the enterprise must still say

    def as_json(self) -> dict[str, object]:
        return {"text": self.condition.text, "status": self.status, "location": self.condition.location,
                "reason": self.reason}  # fmt: skip


@dataclass
class BenefitResult:
    benefit: Benefit
    amount: float
    arithmetic: str  # 2件×(5000+3000)元 = 16000元

    def as_json(self) -> dict[str, object]:
        return {"text": self.benefit.text, "amount_yuan": _number(self.amount), "location": self.benefit.location}


@dataclass
class PolicyVerdict:
    rules: PolicyRules
    verdict: Verdict
    conditions: list[ConditionResult]
    benefits: list[BenefitResult]
    amount: float | None
    arithmetic: str
    missing: list[str]
    notes: list[str] = field(default_factory=list)  # exclusions to keep in mind, validity

    @property
    def failed(self) -> list[ConditionResult]:
        return [c for c in self.conditions if c.status == "failed"]

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.rules.title,
            "source": self.rules.source,
            "verdict": self.verdict,
            "conditions": [c.as_json() for c in self.conditions],
            "missing": self.missing,
            "benefits": [b.as_json() for b in self.benefits],
            "amount_yuan": None if self.amount is None else _number(self.amount),
            "valid": self.rules.valid,
        }


@dataclass
class Check:
    """One profile checked against some policies."""

    profile: str
    facts: Facts
    policies: list[PolicyVerdict]
    notice: str = ""  # e.g. no policy matched the word given

    def as_json(self) -> dict[str, object]:
        return {"profile": self.profile, "facts": self.facts.as_json(), "policies": [p.as_json() for p in self.policies]}


def _number(value: float) -> int | float:
    """元 as an int when whole (19000, not 19000.0)."""
    exact = Decimal(str(round(value, 2)))
    return int(exact) if exact == exact.to_integral_value() else float(exact)
