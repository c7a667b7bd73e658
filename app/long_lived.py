"""What a process has loaded for good, left out of the cycle collector."""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Everything loaded so far (SQLAlchemy, the models, Qt's windows) lives as long as
    the process and is not garbage: the cycle collector leaves it out from now on.

    Each full collection walked all of it again, some 60 ms with every thread
    stopped: a hitch while typing, and a fifth of the first printed record.
    """
    gc.freeze()
