"""The decision aid: what the guidance suggests, from every fact recorded so far.

It never decides. It returns a view ("refer", "in_school" or "undecided") with
the reasons, the answers that disagree, what is not known yet, and prompts; the
wizard shows them and the DSL records their own decision and its reason.

The rules and their words are data (resources/wizard/decision_aid.json): each
has a condition over the facts `app.wizard.facts.gather` reads from all pages.
Where two answers disagree the aid says so and never picks one; where a fact
that would mean referring now is not known, it says "find out; if in doubt,
refer", never that the school may handle it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from app.resources import load_json
from app.wizard import facts as case_facts
from app.wizard import spec as wizard_spec

View = Literal["refer", "in_school", "undecided", "referred"]  # referred: see referrals_done
# The five immediate-referral questions as the initial review page names them.
QUESTIONS = (
    "q_adult_involved",
    "q_coercion_or_capacity",
    "q_unusual_or_violent",
    "q_under_13_sexual_acts",
    "q_immediate_risk",
)
# The facts that answer the five questions (question 1 is asked once, on page 1).
QUESTION_FACTS = ("adult", "q2", "q3", "q4", "q5")
SECTIONS = ("reasons", "contradictions", "find_out_rules", "prompts")
_CONDITION_KEYS = frozenset({"all", "any", "not", "same", "view", "fact", "is"})
log = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"\{(page|answer):([a-z0-9_]+)\}|\{risks\}")


@cache
def words() -> dict[str, Any]:
    return dict(load_json("wizard/decision_aid.json"))


@dataclass(frozen=True)
class Advice:
    view: View
    headline: str
    advice: str
    reasons: tuple[str, ...]
    prompts: tuple[str, ...]
    contradictions: tuple[str, ...] = ()
    find_out: tuple[str, ...] = ()
    # The ids of the rules that held, for tests and for the note beside a question.
    fired: tuple[str, ...] = ()

    @property
    def refer_now(self) -> bool:
        return self.view == "refer"


def age_of(person: dict[str, Any], on: date) -> int | None:
    return case_facts.age_of(person, on)


def incident_day(pages: dict[str, dict[str, Any]]) -> date:
    return case_facts.incident_day(pages)


def holds(condition: Any, facts: case_facts.Facts, view: str = "") -> bool:
    """One rule's condition: {"fact": f} (true), {"fact": f, "is": [answers]},
    {"same": [f, g]}, {"all": [...]}, {"any": [...]}, {"not": {...}}, {"view": v}."""
    if not isinstance(condition, dict):
        raise ValueError("a condition is an object")
    if "all" in condition:
        return all(holds(c, facts, view) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, facts, view) for c in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], facts, view)
    if "same" in condition:
        first, second = condition["same"]
        return bool(facts.get(first) == facts.get(second))
    if "view" in condition:
        return bool(view == condition["view"])
    value = facts.get(str(condition.get("fact")))
    if "is" in condition:
        return value in condition["is"]
    return bool(value)


def _page_numbers() -> dict[str, int]:
    return {p.id: n for n, p in enumerate(wizard_spec.load().pages, start=1)}


def _text(template: str, facts: case_facts.Facts) -> str:
    w = words()
    pages = _page_numbers()

    def fill(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "page":
            return str(pages.get(name, name))
        if kind == "answer":
            return str(w["answers"].get(str(facts.get(name) or ""), facts.get(name)))
        risks = [w["risk_names"].get(r, r) for r in facts.get("_risks", [])]
        return " and ".join(risks) if risks else w["risk_names"]["other"]

    return _PLACEHOLDER.sub(fill, template)


def _fired(section: str, facts: case_facts.Facts, view: str = "") -> list[tuple[str, str]]:
    out = []
    for rule_id, rule in words()[section].items():
        try:
            if holds(rule["when"], facts, view):
                out.append((rule_id, _text(rule["text"], facts)))
        except (KeyError, TypeError, ValueError, AttributeError):
            # A rule a school reworded out of shape: skipped, named (never a case's data).
            log.warning("decision aid rule %s.%s is not usable", section, rule_id)
    return out


def _condition_problems(condition: Any, known: set[str], where: str) -> list[str]:
    if not isinstance(condition, dict) or not condition or set(condition) - _CONDITION_KEYS:
        return [f"{where}: a condition is an object using {', '.join(sorted(_CONDITION_KEYS))}"]
    out: list[str] = []
    for key in ("all", "any"):
        if key in condition:
            if not isinstance(condition[key], list):
                out.append(f"{where}: '{key}' takes a list of conditions")
                continue
            for n, inner in enumerate(condition[key]):
                out += _condition_problems(inner, known, f"{where}.{key}[{n}]")
    if "not" in condition:
        out += _condition_problems(condition["not"], known, f"{where}.not")
    named = [condition["fact"]] if "fact" in condition else list(condition.get("same", []))
    out += [f"{where}: no fact is called {name!r}" for name in named if name not in known]
    if "is" in condition and not isinstance(condition["is"], list):
        out.append(f"{where}: 'is' takes a list of answers")
    return out


def rule_problems(doc: dict[str, Any] | None = None) -> list[str]:
    """What is wrong with the aid's rules (for the self-test and after a school edits them)."""
    doc = words() if doc is None else doc
    known = set(case_facts.gather({}, doc))
    questions = {f"{p.id}.{f.id}" for p in wizard_spec.load().pages for f in p.fields}
    out: list[str] = []
    for name in ("refer", "in_school", "undecided", "find_out", "disagree"):
        if not isinstance(doc.get(name), dict) or not {"headline", "advice"} <= set(doc[name]):
            out.append(f"{name}: needs a headline and advice")
    for section in SECTIONS:
        rules = doc.get(section)
        if not isinstance(rules, dict):
            out.append(f"{section}: missing")
            continue
        for rule_id, rule in rules.items():
            where = f"{section}.{rule_id}"
            if not isinstance(rule, dict) or not str(rule.get("text", "")).strip():
                out.append(f"{where}: needs its words ('text')")
                continue
            out += _condition_problems(rule.get("when"), known, f"{where}.when")
            if section == "contradictions" and rule.get("note_on") not in questions:
                out.append(f"{where}: 'note_on' names no question (use page.question)")
    return out


def advise(pages: dict[str, dict[str, Any]]) -> Advice:
    w = words()
    facts = case_facts.gather(pages, w)
    reasons = _fired("reasons", facts)
    contradictions = _fired("contradictions", facts)
    find_out = _fired("find_out_rules", facts)
    answers = [facts.get(q, "") for q in QUESTION_FACTS]

    view: View
    if reasons:
        view, words_of = "refer", w["refer"]
    elif contradictions:
        view, words_of = "undecided", w["disagree"]
    elif find_out:
        view, words_of = "undecided", w["find_out"]
    elif all(a == "no" for a in answers):
        view, words_of = "in_school", w["in_school"]
    else:
        view, words_of = "undecided", w["undecided"]
    prompts = _fired("prompts", facts, view)
    fired = [f"reason:{i}" for i, _ in reasons]
    fired += [f"contradiction:{i}" for i, _ in contradictions]
    fired += [f"find_out:{i}" for i, _ in find_out]
    fired += [f"prompt:{i}" for i, _ in prompts]
    return Advice(
        view,
        words_of["headline"],
        words_of["advice"],
        tuple(t for _, t in reasons),
        # Disagreements and what is not known come first: they need looking at now.
        tuple(t for _, t in contradictions + find_out + prompts),
        tuple(t for _, t in contradictions),
        tuple(t for _, t in find_out),
        tuple(fired),
    )


def contradiction_notes(pages: dict[str, dict[str, Any]], page_id: str) -> list[tuple[str, str]]:
    """(question, words) for each disagreement to be said beside a question of `page_id`
    (the rule's "note_on", "page.question")."""
    facts = case_facts.gather(pages, words())
    out = []
    for rule in words()["contradictions"].values():
        page, _, question = str(rule.get("note_on", "")).partition(".")
        try:
            if page == page_id and question and holds(rule["when"], facts):
                out.append((question, _text(rule["text"], facts)))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # said in the banner's place by `advise`, which names the rule
    return out


def decision_differs(pages: dict[str, dict[str, Any]], advice: Advice) -> bool:
    decision = pages.get("initial_review", {}).get("decision")
    return (advice.view == "refer" and decision == "in_school") or (
        advice.view == "in_school" and decision == "refer"
    )


def in_school_while_not_known(pages: dict[str, dict[str, Any]], advice: Advice) -> bool:
    """Handling it in school while a fact that would mean referring is not known."""
    decision = pages.get("initial_review", {}).get("decision")
    return decision == "in_school" and advice.view != "refer" and bool(advice.find_out)
