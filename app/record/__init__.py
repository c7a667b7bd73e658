"""The case record as a concept: its fields, the rules that keep it, and plain views of it.

Below the services and the reports, above the models: `schema` declares every
field once, `guard` holds the database triggers that refuse overwriting,
`snapshot` is a whole case read in one go (what the reports print), and
`chronology` turns it into the timeline.
"""
