"""Section: other things to consider, and the plan."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.models import Answer
from app.reports.record.values import FieldLabels, answer
from app.reports.record.writer import Writer
from app.wizard.decision_aid import words as aid_words

SEXTORTION_ADVICE = "sextortion_advice"


def plan(w: Writer) -> list[Flowable]:
    out = w.section("Other things to consider, and the plan")
    f = FieldLabels("plans")
    plans = w.record.rows("plans")
    if not plans:
        out.append(w.empty("No plan is recorded."))
    for pl in plans:
        out += w.fields(
            [
                (f["bullying"], pl.bullying),
                (f["restorative_appropriate"], answer(pl.restorative_appropriate)),
                (f["restorative_notes"], pl.restorative_notes),
                (f["work_with_others"], pl.work_with_others),
                (f["follow_up_support"], pl.follow_up_support),
                (f["removal"], pl.removal),
                (f["preventative_work"], pl.preventative_work),
            ],
            keep_blank=True,
        )
    if any(d.sextortion == Answer.YES for d in w.record.rows("incident_descriptions")):
        # The national advice the plan follows, in the decision aid's words.
        out.append(w.h3("Sextortion: the national advice"))
        out.append(w.fixed(aid_words()["prompts"][SEXTORTION_ADVICE]["text"], "body"))
    return out
