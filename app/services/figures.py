"""Governors' figures: anonymised counts, never a name.

Counts are by school year (September to August) and term, by pathway,
classification, whether an adult was involved, the year groups of the young
people involved, sextortion, and whether the image was real or made with AI. Drafts are
not counted: they are not yet records (nor are discarded drafts).
"""

from __future__ import annotations

from sqlalchemy import select

from app.models import Case, CaseStatus, IncidentDescription, YoungPerson
from app.record.figures import (
    ANSWER_LABELS,
    CLASSIFICATION_LABELS,
    IMAGE_ORIGIN_LABELS,
    PATHWAY_LABELS,
    Figures,
    school_year,
    term,
)
from app.services.workspace import Workspace


def school_years(ws: Workspace) -> list[str]:
    with ws.read() as s:
        days = s.execute(select(Case.opened_at).where(Case.opened_at.is_not(None))).scalars()
        return sorted({school_year(d.date()) for d in days if d is not None}, reverse=True)


def figures(ws: Workspace, year: str) -> Figures:
    out = Figures(year)
    with ws.read() as s:
        opened = {
            cid: (when.date(), status, pathway, classification, adult)
            for cid, when, status, pathway, classification, adult in s.execute(
                select(
                    Case.id,
                    Case.opened_at,
                    Case.status,
                    Case.pathway,
                    Case.classification,
                    Case.adults_involved,
                ).where(
                    Case.status.not_in([CaseStatus.DRAFT, CaseStatus.DISCARDED]),
                    Case.opened_at.is_not(None),
                )
            )
            if when is not None and school_year(when.date()) == year
        }
        for _cid, (day, status, pathway, classification, adult) in opened.items():
            out.cases += 1
            out.by_term[term(day)] += 1
            out.by_pathway[PATHWAY_LABELS[pathway.value if pathway else None]] += 1
            out.by_classification[
                CLASSIFICATION_LABELS[classification.value if classification else None]
            ] += 1
            out.by_adult_involved[ANSWER_LABELS[adult.value if adult else None]] += 1
            out.still_open += status in (CaseStatus.OPEN, CaseStatus.MONITORING)
        for cid, year_group in s.execute(select(YoungPerson.case_id, YoungPerson.year_group)):
            if cid in opened:
                out.by_year_group[year_group or "Not recorded"] += 1
        described = {
            cid: (sextortion, origin)
            for cid, sextortion, origin in s.execute(
                select(
                    IncidentDescription.case_id,
                    IncidentDescription.sextortion,
                    IncidentDescription.image_origin,
                )
            )
        }
        for cid in opened:
            sextortion, origin = described.get(cid, (None, None))
            out.by_sextortion[ANSWER_LABELS[sextortion.value if sextortion else None]] += 1
            out.by_image_origin[IMAGE_ORIGIN_LABELS.get(origin, IMAGE_ORIGIN_LABELS[None])] += 1
    return out
