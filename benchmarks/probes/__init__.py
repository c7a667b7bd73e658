"""Casebook's side of each figure, run as `python -m benchmarks.probes.<name>` in a
fresh process: each prints one JSON line with what it timed. Passwords come on
stdin, never in arguments."""
