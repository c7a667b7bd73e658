"""The parts of the signed-in window (app.ui.main_window.MainWindow composes them).

- `body`: the training banner, the message line, the tabs, the status bar.
- `menus`: the actions, the Case, School, View and Help menus, and the toolbar.
- `drafts_strip`: the newest draft to finish, in the toolbar.
- `school_dialogs`: the dialogs behind the School and Help menus.
- `print_export`: printing the case in front, saving the governors' figures.
- `shutdown`: the daily backup, and backing up before the database closes.
"""
