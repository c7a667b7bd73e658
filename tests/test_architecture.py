"""Imports run one way: from the screens down to the models, never back up.

The layers, bottom first, are described in docs/architecture.md. A module may
import from its own layer or any layer below it; lazy imports inside functions
count too. Migrations are history and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

# Bottom first. A module of app/ not named here is a bottom helper: errors,
# dates, validation, and the storage, security, diagnostics and desktop folders.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("helpers", ()),
    ("models", ("app.models", "app.vocabulary")),
    ("record", ("app.record",)),
    ("wizard", ("app.wizard",)),
    ("services", ("app.services", "app.training")),
    ("reports", ("app.reports",)),
    ("printing", ("app.printing",)),
    ("ui", ("app.ui",)),
    ("entry points", ("app.cli", "app.selftest", "app.__main__")),
)


def layer_of(module: str) -> int:
    for index, (_name, prefixes) in reversed(list(enumerate(LAYERS))):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return 0


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> set[str]:
    """Every app module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    package = module_name(path).rpartition(".")[0] if path.name != "__init__.py" else ""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("app")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if not base.startswith("app"):
                continue
            found.add(base)
            # `from app import dates` names a module: count the module itself.
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if (APP.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    APP.parent / Path(*candidate.split("."))
                ).is_dir():
                    found.add(candidate)
    return found


def upward_imports() -> list[str]:
    out = []
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = module_name(path)
        for target in sorted(imported(path)):
            if target == "app":
                continue
            if layer_of(target) > layer_of(source):
                out.append(
                    f"{source} ({LAYERS[layer_of(source)][0]}) imports "
                    f"{target} ({LAYERS[layer_of(target)][0]})"
                )
    return out


def test_imports_run_one_way_from_the_screens_down_to_the_models() -> None:
    assert upward_imports() == []


def test_no_module_of_the_product_is_tooling() -> None:
    """Screenshot and documentation tooling lives in tools/, outside the installer."""
    assert sorted(p.name for p in APP.rglob("*screenshots*.py")) == []
    assert not (APP / "ui" / "shots.py").exists()


def test_the_top_of_the_product_holds_only_small_shared_helpers_and_entry_points() -> None:
    """Each concept has a folder; what stays loose at the top is a one-job helper."""
    loose = sorted(p.stem for p in APP.glob("*.py"))
    assert loose == [
        "__init__",
        "__main__",
        "cli",
        "dates",
        "errors",
        "lazy_names",
        "long_lived",
        "printing",
        "resources",
        "selftest",
        "textfold",
        "validation",
        "vocabulary",
    ]
