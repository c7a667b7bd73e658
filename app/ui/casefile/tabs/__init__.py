"""The case file's tabs, one widget each: Record, Chronology, Actions, Reviews,
Decisions, History and Young people. Each shows one `CaseRecord`; a button that
writes asks the window (which owns the dialogs) through a signal."""
