"""Everything tests share, in one place.

- `ui`: the accessibility check and the test account's details.
- `held`: holding a service call open, to see the window stay responsive.
- `windows`: Windows' text-mode files and sharing violations, simulated.
- `wizard_driver`: driving the incident wizard as a DSL would.
- `wizard_pages`: complete wizard pages for typical cases.
- `burst_writer`, `wizard_typist`: child processes of the kill -9 tests.
"""
