"""Section: the incident as described, where the image is, devices held and the viewing log."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.reports.labels import vocab
from app.reports.record.values import FieldLabels, answer, fmt_datetime, yes_no
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def incident_described(w: Writer) -> list[Flowable]:
    out = w.section("The incident as described")
    out.append(w.fixed("Casebook never stores the image: this is what staff were told.", "intro"))
    out += _descriptions(w)
    out.append(w.h3("Where the image is or may be"))
    places = w.record.rows("sharing_locations")
    out += w.grid(
        ["Where", "Details", "Removal requested"],
        [[vocab("place", x.place), x.details, x.removal_requested] for x in places],
        [28, 47, 25],
    )
    out.append(w.h3("Devices in the school's possession"))
    out += _devices(w)
    out.append(w.h3("Viewing log"))
    out += _viewing_log(w)
    return out


def _descriptions(w: Writer) -> list[Flowable]:
    out: list[Flowable] = []
    f = FieldLabels("incident_descriptions")
    described = w.record.rows("incident_descriptions")
    if not described:
        out.append(w.empty("No description is recorded."))
    for d in described:
        out += w.fields(
            [
                (f["description"], d.description or NOT_RECORDED),
                (f["assessment"], vocab("assessment", d.assessment) or NOT_RECORDED),
                (f["image_origin"], vocab("image_origin", d.image_origin) or None),
                (f["shows_sexual_act"], answer(d.shows_sexual_act)),
                (f["sharing"], _codes("sharing", d.sharing)),
                (f["sextortion"], answer(d.sextortion)),
                (f["sextortion_demand"], _codes("sextortion_demand", d.sextortion_demand)),
                (f["sextortion_details"], d.sextortion_details),
                (f["explicitness"], d.explicitness),
                (f["coercion_or_threats"], answer(d.coercion_or_threats)),
                (f["coercion_details"], d.coercion_details),
                (f["how_widely_shared"], d.how_widely_shared),
                (f["was_viewed"], yes_no(d.was_viewed) or NOT_RECORDED),
                (f["immediate_risks"], _codes("immediate_risk", d.immediate_risks)),
                (f["immediate_support_needed"], d.immediate_support_needed),
                (f["other_children_involved"], d.other_children_involved),
                (f["deletion"], d.deletion),
            ]
        )
    return out


def _codes(vocabulary: str, codes: list[str] | None) -> str | None:
    """Ticked choices in words, one after another; None when none was ticked."""
    words = [vocab(vocabulary, c) for c in codes or []]
    return "; ".join(words) if words else None


def _devices(w: Writer) -> list[Flowable]:
    out: list[Flowable] = []
    devices = w.record.rows("devices")
    if not devices:
        out.append(w.empty("No device was taken into the school's care."))
    f = FieldLabels("devices")
    for dev in devices:
        rows = [
            (f["description"], dev.description or NOT_RECORDED),
            (f["belongs_to"], dev.belongs_to),
            (f["taken_at"], fmt_datetime(dev.taken_at)),
            (f["taken_by"], dev.taken_by),
            (f["switched_off"], yes_no(dev.switched_off)),
            (f["custody"], vocab("custody", dev.custody) if dev.custody else None),
            (f["stored_where"], dev.stored_where),
            (f["handed_over_at"], fmt_datetime(dev.handed_over_at)),
            (f["handed_to"], dev.handed_to),
            (f["police_reference"], dev.police_reference),
            (f["returned_at"], fmt_datetime(dev.returned_at)),
            (f["returned_to"], dev.returned_to),
        ]
        out += [*w.fields(rows), Spacer(1, 4)]
    return out


HEAD_BEFOREHAND = "Yes, beforehand"
HEAD_AFTERWARDS = "No: the head was told afterwards"
HEAD_NOT = "No"
HEAD_NAME = "The head's name"
TOLD_AFTERWARDS = "Who was told afterwards"


def head_rows(v: Any) -> list[tuple[str, str | None]]:
    """The head's agreement beforehand, or who was told afterwards and when.

    Whatever was typed is printed, ticked or not: a name typed in a record made before
    "told afterwards" was asked shows beside "No".
    """
    f = FieldLabels("viewing_log")
    if v.head_agreed:
        return [(f["head_agreed"], HEAD_BEFOREHAND), (HEAD_NAME, v.head_name)]
    after = v.head_told_at is not None
    return [
        (f["head_agreed"], HEAD_AFTERWARDS if after else HEAD_NOT),
        (TOLD_AFTERWARDS if after else HEAD_NAME, v.head_name),
        (f["head_told_at"], fmt_datetime(v.head_told_at)),
    ]


def _viewing_log(w: Writer) -> list[Flowable]:
    out: list[Flowable] = []
    views = w.record.rows("viewing_log")
    if not views:
        out.append(w.empty("Nobody is recorded as having viewed the image."))
    f = FieldLabels("viewing_log")
    for v in views:
        rows = [
            (f["viewed_at"], fmt_datetime(v.viewed_at)),
            (f["viewed_by"], v.viewed_by),
            (f["reason"], v.reason or NOT_RECORDED),
            (f["others_present"], v.others_present),
            *head_rows(v),
            (f["outcome"], v.outcome),
        ]
        out += [*w.fields(rows), Spacer(1, 4)]
    return out
