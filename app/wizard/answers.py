"""The answers a draft's pages show, as Finish keeps them.

Branching hides questions that do not apply ("Why not?" once parents were
told). An answer typed before the DSL changed their mind stays in the draft
while they type, so nothing is lost; at Finish only what the pages show is
kept, so the stored draft holds nothing the record does not (data
minimisation), and no hidden answer reaches the record or a decision.
"""

from __future__ import annotations

from typing import Any

from app.wizard.spec import FieldSpec, WizardSpec, is_visible

ITEM_KEY = "key"  # a young person's (or an item's) stable key, not a question


def _shown(fields: tuple[FieldSpec, ...], values: dict[str, Any], children: set[str]) -> dict:
    out: dict[str, Any] = {}
    if ITEM_KEY in values:
        out[ITEM_KEY] = values[ITEM_KEY]
    for f in fields:
        if f.type == "shown" or not is_visible(f, values):
            continue  # a "shown" answer is asked, and kept, on its own page
        value = values.get(f.id)
        if f.type == "group":
            items = value if isinstance(value, list) else []
            out[f.id] = [_shown(f.fields, i, children) for i in items if isinstance(i, dict)]
        elif f.type == "per_child":
            by_child = value if isinstance(value, dict) else {}
            out[f.id] = {
                key: _shown(f.fields, record, children)
                for key, record in by_child.items()
                if key in children and isinstance(record, dict)
            }
        elif f.type == "check":
            out[f.id] = value is True  # a box shown and left unticked is a "no" as given
        elif f.id in values:
            out[f.id] = value
    return out


def children_keys(pages: dict[str, dict[str, Any]]) -> set[str]:
    people = pages.get("incident", {}).get("young_people") or []
    return {str(p.get(ITEM_KEY, i)) for i, p in enumerate(people) if isinstance(p, dict)}


def shown_pages(spec: WizardSpec, pages: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every page's answers with those hidden by branching (and stray keys) left out."""
    children = children_keys(pages)
    return {
        page.id: _shown(page.fields, pages.get(page.id, {}), children)
        for page in spec.pages
        if page.id in pages
    }
