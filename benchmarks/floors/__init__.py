"""Floors: what each job costs with nothing of Casebook's in the way. Each is a
plain script run by path in a fresh process, importing nothing from `app`."""
