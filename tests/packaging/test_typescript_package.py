"""The TypeScript runtime as a package: ``npm pack``, installed offline by a new project.

A copy of runtimes/typescript is packed (``prepack`` compiles it) with the TypeScript
already installed there; a new project installs the tarball with ``npm install
--offline`` and compiles (tsc --strict) and runs a file that uses it. About 15 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "runtimes" / "typescript"
NPM = shutil.which("npm")
NODE = shutil.which("node")
TSC = RUNTIME / "node_modules" / ".bin" / "tsc"
pytestmark = [
    pytest.mark.long_running(seconds=10),
    pytest.mark.skipif(
        NPM is None or NODE is None or not TSC.exists(),
        reason="needs node, npm and runtimes/typescript/node_modules",
    ),
]

APP = """\
import { CommandFailure, Commands, commandError, createPayload } from '@specgen/runtime';

const payload = createPayload({ environment: 'server' as const }, 'session-1', { message: 'hi' });
const failure: unknown = new CommandFailure(commandError('failed', 'no'));
console.log(JSON.stringify({
  keys: Object.keys(payload).sort(),
  failure: failure instanceof Error,
  commands: typeof Commands.execute,
}));
"""


def _npm(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert NPM is not None
    env = dict(os.environ, npm_config_cache=str(cwd.parent / "npm-cache"))
    done = subprocess.run(
        [NPM, *args, "--no-audit", "--no-fund"],
        cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"npm {args}:\n{done.stdout}\n{done.stderr}"
    return done


def test_manifest_is_publishable() -> None:
    manifest = json.loads((RUNTIME / "package.json").read_text())
    assert "private" not in manifest
    assert manifest["files"]
    assert manifest["scripts"]["prepack"] == "tsc -p ."
    assert not manifest.get("dependencies")  # nothing to fetch when installed


def test_packed_tarball_installs_offline_and_compiles(tmp_path: Path) -> None:
    source = tmp_path / "runtime"
    source.mkdir()
    for name in ("package.json", "tsconfig.json", "README.md"):
        shutil.copy2(RUNTIME / name, source / name)
    shutil.copytree(RUNTIME / "src", source / "src")
    (source / "node_modules").symlink_to(RUNTIME / "node_modules")
    packed = json.loads(
        _npm(["pack", "--json", "--pack-destination", str(tmp_path)], source).stdout
    )
    tarball = tmp_path / packed[0]["filename"]
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    assert "package/dist/index.js" in names
    assert "package/dist/index.d.ts" in names
    assert not any(n.startswith("package/test/") or n.endswith("tsconfig.json") for n in names)

    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text(
        json.dumps({"name": "app", "private": True, "type": "module"})
    )
    _npm(["install", "--offline", str(tarball)], app)
    dependency = json.loads((app / "package.json").read_text())["dependencies"]["@specgen/runtime"]
    assert dependency.startswith("file:")
    (app / "main.ts").write_text(APP)
    tsconfig = {
        "compilerOptions": {
            "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
            "strict": True, "outDir": "dist", "types": ["node"],
            "typeRoots": [str(RUNTIME / "node_modules" / "@types")],
        },
        "files": ["main.ts"],
    }  # fmt: skip
    (app / "tsconfig.json").write_text(json.dumps(tsconfig))
    compiled = subprocess.run(
        [TSC, "-p", "."], cwd=app, capture_output=True, text=True, check=False, timeout=300
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    assert NODE is not None
    ran = subprocess.run(
        [NODE, "dist/main.js"], cwd=app, capture_output=True, text=True, check=True, timeout=60
    )
    result = json.loads(ran.stdout)
    assert result["failure"] is True
    assert result["commands"] == "function"
