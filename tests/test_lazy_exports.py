"""The lazily loaded packages: every export resolves, and the CLI loads no parser."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

LAZY_PACKAGES = ("specgen.audit", "specgen.enforce", "specgen.reverse")


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_export_is_the_defining_modules_object(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__, package
    for name in module.__all__:
        value = getattr(module, name)
        home = importlib.import_module(getattr(value, "__module__", "") or package)
        assert getattr(home, name, value) is value, (package, name)


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'missing'"):
        _ = module.missing


def test_loading_the_cli_and_the_packages_loads_no_parser() -> None:
    probe = (
        "import sys, specgen.cli, specgen.audit, specgen.enforce, specgen.reverse\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tree_sitter', 'specgen.tsread.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
