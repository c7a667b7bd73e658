"""A version-2 pages.json made from today's, and its own upgrade step, for tests.

Version 2 renames "What happened" (summary -> what_happened), makes "Looked after?" a
yes/no choice instead of a tick box, and "Who reported it?" tick boxes instead of a
line of text: the kinds of change a school or a release makes.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.resources import load_json
from app.wizard import draft_format as df
from app.wizard import spec as wizard_spec

REPORTERS = {
    "tutor": "A form tutor",
    "parent": "A parent or carer",
    "pupil": "A pupil",
    "other": "Someone else",
}


def v2_document() -> dict[str, Any]:
    doc = copy.deepcopy(load_json("wizard/pages.json"))
    doc["format_version"] = 2
    incident = next(p for p in doc["pages"] if p["id"] == "incident")
    for f in incident["fields"]:
        if f["id"] == "summary":
            f["id"] = "what_happened"
        elif f["id"] == "reported_by":
            f.update(type="multi", choices=REPORTERS)
        elif f["id"] == "young_people":
            for inner in f["fields"]:
                if inner["id"] == "looked_after":
                    inner.update(type="choice", choices="yesno")
    return doc


def upgrade_to_v2(pages: df.Pages) -> df.Pages:
    """summary is what_happened; looked_after a yes/no; reported_by tick boxes."""
    df.rename_field(pages, "incident", "summary", "what_happened")
    df.retype_field(pages, "incident", "young_people.*.looked_after", df.check_to_choice())
    words = {
        "mrs patel, form tutor": "tutor",
        "form tutor": "tutor",
        "tutor": "tutor",
        "parent": "parent",
        "mum": "parent",
        "a pupil": "pupil",
    }
    df.retype_field(pages, "incident", "reported_by", df.text_to_codes(words, separator=";"))
    return pages


def use_v2(monkeypatch: pytest.MonkeyPatch) -> wizard_spec.WizardSpec:
    """Casebook as it would be with pages.json at version 2 (spec.load is cached: replaced)."""
    spec = wizard_spec.parse(v2_document())
    monkeypatch.setattr(wizard_spec, "load", lambda: spec)
    monkeypatch.setattr(df, "upgrade_to_v2", upgrade_to_v2, raising=False)
    return spec
