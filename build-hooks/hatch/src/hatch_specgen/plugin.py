"""The ``specgen`` build hook: generate before the build, then hand the files to hatchling.

Where the generated files go:

- The generator always writes into ``out-dir`` inside the project, like ``specgen generate``
  (unchanged files are not touched, so a repeated build is a no-op).
- **wheel**: every generated file is force-included at its place in the wheel: where hatchling
  maps ``out-dir`` (``src/pkg/generated`` -> ``pkg/generated`` with ``packages``), or under
  ``wheel-dir`` when set.
- **sdist**: every generated file is force-included at ``out-dir``, next to the specs, so the
  sdist shows the generated code; building a wheel from the sdist generates again.
- **editable** (the wheel target's ``editable`` version): an editable install reads the package
  from the project folder, so the files in ``out-dir`` are already there and nothing is copied;
  only a ``wheel-dir`` that differs from where ``out-dir`` maps is force-included.

The writer's bookkeeping files (``.specgen-manifest.json``, ``.specgen-cache.json``) are never
force-included; keep ``out-dir`` in ``.gitignore`` so hatchling's own file selection skips them.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

from hatch_specgen.config import HookConfig, parse_config
from hatch_specgen.generation import Generated, generate


class SpecgenBuildHook(BuildHookInterface[BuilderConfig]):
    """Runs specgen before each build and includes its output (see the module docstring)."""

    PLUGIN_NAME = "specgen"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Generate, report warnings, and add the generated files to ``force_include``.

        Raises:
            ConfigError: the hook's table is invalid.
            SpecgenBuildError: generation failed (one located line per diagnostic).
        """
        options = parse_config(self.config)
        generated = generate(Path(self.root), options)
        for line in generated.messages:
            self.app.display_warning(f"specgen: {line}")
        out_rel = os.path.relpath(generated.out_dir, Path(self.root).resolve())
        target = self.target_folder(version, options, out_rel)
        if target is None:
            self.app.display_info(
                f"specgen: {len(generated.files)} generated file(s) in {out_rel} "
                "(the editable install reads them in place)"
            )
            return
        build_data["force_include"].update(inclusion_map(generated, target))
        self.app.display_info(
            f"specgen: including {len(generated.files)} generated file(s) from {out_rel} "
            f"as {self.build_config.get_distribution_path(target)}"
        )

    def target_folder(self, version: str, options: HookConfig, out_rel: str) -> str | None:
        """The folder the files are force-included as, or None when they are used in place."""
        if self.target_name != "wheel" or options.wheel_dir is None:
            target = out_rel
        else:
            target = os.path.normpath(options.wheel_dir)
        if version == "editable" and self.target_name == "wheel":
            natural = self.build_config.get_distribution_path(out_rel)
            if self.build_config.get_distribution_path(target) == natural:
                return None
        return target


def inclusion_map(generated: Generated, target: str) -> dict[str, str]:
    """``force_include`` entries: each generated file's absolute path -> its target path.

    Targets are written as project-relative paths, so hatchling applies the target's
    ``sources`` rewriting to them exactly as to the files it selects itself.
    """
    return {
        str(generated.out_dir.joinpath(*path.split("/"))): str(PurePath(target, *path.split("/")))
        for path in generated.files
    }
