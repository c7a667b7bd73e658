"""Names a module hands out on first use (PEP 562), for the path to the first window.

A package's `__getattr__` calls `resolve`: the name's home module is imported
only when the name is first looked up, and then kept in the package's own
namespace so later lookups are plain attribute reads.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, MutableMapping
from typing import Any


def resolve(
    module_name: str, namespace: MutableMapping[str, Any], homes: Mapping[str, str], name: str
) -> Any:
    home = homes.get(name)
    if home is None:
        raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    namespace[name] = value  # later lookups find it directly
    return value
