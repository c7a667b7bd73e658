"""What the dashboard says to the DSL, in one place: hints, empty lists, loading."""

SEARCH_HINT = "A name, a reference or any words. Sexting, nudes and semi-nudes find the same."
LOADING = "Reading the cases…"
NOTHING_TODAY = (
    "Nothing needs you today: no reviews or actions are due, and there are no drafts to finish."
)
NO_MATCH = "No case matches. Try fewer words, or press Clear filters."
NO_CASES = "No cases yet. Incidents you record will be listed here."
DISCARD_TIP = "Started a case by mistake? Choose its draft in the list, then discard it (Delete)"
