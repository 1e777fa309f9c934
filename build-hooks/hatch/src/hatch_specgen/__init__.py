"""A hatch build hook that runs specgen before every build and ships what it generated.

Enable it in a project's ``pyproject.toml``::

    [build-system]
    requires = ["hatchling", "hatch-specgen"]
    build-backend = "hatchling.build"

    [tool.hatch.build.hooks.specgen]
    out-dir = "src/mypkg/generated"

The hook is registered through hatch's ``hatch`` entry point (`hatch_specgen.hooks`); its
options are read by `hatch_specgen.config` and the work is done by `hatch_specgen.plugin`.
"""

from hatch_specgen.config import ConfigError, HookConfig, parse_config
from hatch_specgen.generation import SpecgenBuildError
from hatch_specgen.plugin import SpecgenBuildHook

__all__ = ["ConfigError", "HookConfig", "SpecgenBuildError", "SpecgenBuildHook", "parse_config"]
