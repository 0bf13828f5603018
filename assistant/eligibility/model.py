"""What an eligibility check works with: a policy's conditions and benefits (each with its clause and
location), an enterprise's facts (each with the words it came from), and the verdict.

The rules JSON (`bureau policy-rules WORD --json`, `--correct FILE`, the 文档 tab) is
`PolicyRules.as_dict()`: the dataclasses below, field by field. Every key added later has a default, so an
older file still loads. Added for real policies (all optional):

- Test: `per` (the fact is `field` ÷ `per` in %: 科技人员 ÷ 职工总数), `by` (op "band": the fact that picks
  the band, default revenue), `each` (every stated value must pass: 连续两年每年), op "score" with `parts`
  (a list of parts, each a list of band Tests whose best points count; the total must reach `value`).
  A test's `field` may name an item the enterprise counts or pays for (见习人员, 租金), not only a field.
- Condition: `measures` — the measures (benefit schedules) it applies to; [] = every measure of the policy.
- Benefit: `measure` (the name of the measure it belongs to: 租金补贴), `max_count` (at most N items,
  months or years are paid), `whole` (only whole items count: 每连续租满1年), `steps` ([[up to N, 元 each],
  …, [null, 元 each]]: 3人以下每人2000元，以上每人3000元), `by` + `tiers` ([[value, 元]]: the amount depends on
  a fact — 珠三角 6000元, 其他 4000元), `amount_from` (a field whose stated value is the amount: a
  province-set 定额), `cap_from` (a field whose stated value caps it: the tax actually due).
- PolicyRules: `superseded_by` (the title of a newer version of the same policy; "" when none).
"""

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
    (the applicant is one of `kinds`), "one_of" (a stated choice — 学历, 地区, 行业 — is one of `kinds`),
    "band" (a percentage whose threshold depends on another fact), "score" (points of `parts` ≥ value),
    "stated" (qualitative: the enterprise must say something about it)."""

    field: str
    op: str
    value: float | None = None
    unit: str = ""  # 元, 年, %, 级 — for the reader
    expected: bool = True
    kinds: list[str] = field(default_factory=list)
    bands: list[list[float | None]] = field(default_factory=list)  # [low, high, minimum %], first match wins
    per: str = ""  # the fact is field ÷ per, in %
    by: str = ""  # op "band": the fact that picks the band ("" = revenue)
    each: bool = False  # every value stated for the field must pass (每年), not their sum
    parts: list[list[Test]] = field(default_factory=list)  # op "score": per part, the band tests whose best points count

    @classmethod
    def from_dict(cls, data: dict) -> Test:
        return cls(**{**data, "parts": [[cls.from_dict(t) for t in part] for part in data.get("parts", [])]})


@dataclass
class Condition:
    """A clause the applicant must meet. `tests` all hold (and), or any of `alternatives` holds (or)."""

    text: str  # verbatim clause
    location: str  # 第四条（二）, 二、（五）
    tests: list[Test] = field(default_factory=list)
    alternatives: list[list[Test]] = field(default_factory=list)
    exclusion: bool = False  # 有…的，不得申报: failed only when the enterprise says it is in that case
    origin: Origin = "rules"
    measures: list[str] = field(default_factory=list)  # the measures it applies to; [] = all

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
    measure: str = ""  # the measure (one schedule of the policy: 租金补贴) this belongs to
    max_count: float | None = None  # at most this many items / months / years are paid (补贴期限不超过6个月)
    whole: bool = False  # only whole items count (每连续租满1年)
    steps: list[list] = field(default_factory=list)  # [[up to N items, 元 each], …, [None, 元 each]]
    by: str = ""  # the fact the tiers depend on
    tiers: list[list] = field(default_factory=list)  # [[value, 元]]: the amount for that value of `by`
    amount_from: str = ""  # a field whose stated value is the amount per item (a locally set 定额)
    cap_from: str = ""  # a field whose stated value caps the amount (以实际应缴纳的税款为限)


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
    superseded_by: str = ""  # a newer version of the same policy replaces this one

    def measures(self) -> list[str]:
        """The named measures of the policy, in reading order ([] when it is one measure)."""
        names = [b.measure for b in self.benefits] + [m for c in self.conditions for m in c.measures]
        return [n for n in dict.fromkeys(names) if n]

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PolicyRules:
        data = dict(data)
        data["conditions"] = [
            Condition(**{**c, "tests": [Test.from_dict(t) for t in c.get("tests", [])],
                         "alternatives": [[Test.from_dict(t) for t in alt] for alt in c.get("alternatives", [])]})
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
    series: list[float] = field(default_factory=list)  # one value per year when stated year by year (value = sum)


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
    measure: str = ""  # the measure of the policy judged ("" when the policy is one measure)

    @property
    def failed(self) -> list[ConditionResult]:
        return [c for c in self.conditions if c.status == "failed"]

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.rules.title,
            "source": self.rules.source,
            "measure": self.measure,
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
