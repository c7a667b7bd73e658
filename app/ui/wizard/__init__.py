"""The incident wizard: eight pages built from `resources/wizard/pages.json`.

`IncidentWizard` (wizard.py) is the dialog and holds it together:
`navigation.py` turns its pages, `finishing.py` opens the case, `discard.py`
discards a draft, `autosave.py` keeps the draft saved as the DSL types.
On screen: `page_list.py` down the left, `page.py` one page from its
`PageSpec`, `form.py` a page's questions, `editors/` one editor per question
type, `earlier.py` an answer saved earlier that no longer fits,
`guidance.py` the side panel, `banner.py` the decision aid's view,
`footer.py` the buttons, `style.py` the look.
"""
