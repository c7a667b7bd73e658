"""Plain-Python services: everything the UI and the command line can do.

No Qt here. Nothing outside this package talks to the database.
"""
