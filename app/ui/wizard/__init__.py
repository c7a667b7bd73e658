"""The incident wizard: eight pages built from `resources/wizard/pages.json`.

`IncidentWizard` (wizard.py) is the dialog; `page.py` lays out one page from its
`PageSpec`; `form.py` lays out a page's questions; `editors/` has one editor per
question type; `guidance.py` is the side panel; `banner.py` shows the decision
aid's view; `autosave.py` keeps the draft saved as the DSL types.
"""
