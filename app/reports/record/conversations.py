"""Section: conversations with the young people, each child's own words set apart."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.reports.record.values import FieldLabels, answer, fmt_datetime, yes_no
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def conversations(w: Writer) -> list[Flowable]:
    out = w.section("Conversations with the young people")
    f = FieldLabels("conversations")
    everyone = w.record.rows("conversations")
    talks = [c for c in everyone if w.audience.shows_row_of(c.young_person_id)]
    if not talks:
        out.append(w.empty("No conversation is recorded."))
    for talk in talks:
        block: list[Flowable] = [w.h3(f"Conversation with {w.person_name(talk.young_person_id)}")]
        if not talk.held:
            block += w.fields(
                [
                    (f["held"], "Not yet"),
                    (f["not_held_reason"], talk.not_held_reason or NOT_RECORDED),
                ]
            )
            out += block
            continue
        block += w.fields(
            [
                (f["held_at"], fmt_datetime(talk.held_at) or NOT_RECORDED),
                (f["present"], talk.present),
                (f["confidentiality_explained"], yes_no(talk.confidentiality_explained)),
            ]
        )
        out += block
        out += w.own_words(talk.own_words)
        out += w.fields(
            [
                (f["impact"], talk.impact),
                (f["risk_to_child"], talk.risk_to_child),
                (f["risk_to_others"], talk.risk_to_others),
                (f["support_needed"], talk.support_needed),
                (f["image_still_on_phone"], answer(talk.image_still_on_phone)),
                (f["who_has_it"], talk.who_has_it),
                (f["next_steps"], talk.next_steps),
            ]
        )
    if len(talks) < len(everyone):
        out.append(
            w.fixed("Conversations with the other young people are on their own files.", "note")
        )
    return out
