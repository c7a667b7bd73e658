"""`make screenshots`: every screen and the printed record rendered to PNG, headless.

Each module renders one area with `python -m tools.screenshots.MODULE OUTDIR`:
windows (first run, sign-in, main window, wizard), dashboard (dashboard, case
file, admin), security (lock, accounts, backups, audit, crash) and printed (the
printed record and a child's extract). `shots` is their shared command line.
Fictional data only, in a throwaway database.
"""
