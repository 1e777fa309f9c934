"""The hatch entry point: registers `SpecgenBuildHook` under the name ``specgen``."""

from __future__ import annotations

from hatchling.plugin import hookimpl

from hatch_specgen.plugin import SpecgenBuildHook


@hookimpl
def hatch_register_build_hook() -> type[SpecgenBuildHook]:
    """Tell hatchling about the ``specgen`` build hook."""
    return SpecgenBuildHook
