"""Sessions that build, lint and test specgen.

``nox`` runs lint, tests (tests/e2e included) and rust, in that order; ``e2e`` (the
vertical alone) and ``bench`` run on demand.

The PyO3 extension is compiled once per source state: ``_wheel`` builds a
dev-profile wheel into the shared Cargo target folder, keyed by a hash of every
input, and each session installs that wheel instead of compiling again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import zipfile
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
TARGET = Path(os.environ.setdefault("CARGO_TARGET_DIR", str(ROOT / "target")))
WHEEL_INPUTS = ("Cargo.toml", "Cargo.lock", "pyproject.toml", "README.md", "crates", "python")

SUPPORTED_PYTHONS = nox.project.python_versions(PYPROJECT)
"""The Python versions ``pyproject.toml`` declares (its ``Programming Language`` classifiers)."""


def _session_python() -> str:
    """The interpreter running nox when pyproject supports it, else the oldest supported one.

    ``nox -P 3.X`` runs the sessions on another version (``--force-python``).
    """
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    return running if running in SUPPORTED_PYTHONS else SUPPORTED_PYTHONS[0]


PYTHON = _session_python()


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


def _source_digest() -> str:
    """A hash of every file the wheel is built from."""
    digest = hashlib.sha256()
    for entry in WHEEL_INPUTS:
        path = ROOT / entry
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _wheel(session: nox.Session) -> Path:
    """Build (or reuse) the dev-profile abi3 wheel for the current sources."""
    folder = TARGET / "nox-wheels" / _source_digest()
    wheels = sorted(folder.glob("*.whl"))
    if not wheels:
        _install(session, *_group("build"))
        session.run("maturin", "build", "--profile", "dev", "--out", str(folder))
        wheels = sorted(folder.glob("*.whl"))
    else:
        session.log(f"reusing {wheels[0].name} (sources unchanged)")
    return wheels[0]


def _install(session: nox.Session, *requirements: str) -> None:
    """``session.install`` with every module compiled to bytecode as it is installed.

    uv installs without ``.pyc`` files, and where ``PYTHONDONTWRITEBYTECODE`` is set (as in
    many containers) none is ever written: every Python process of the suite (pytest
    workers, each ``python -m specgen`` a test starts) then compiled specgen, pydantic and
    jinja2 from source again, 0.6 s per process start.
    """
    session.install(*requirements, env={"UV_COMPILE_BYTECODE": "1"})


def _install_package(session: nox.Session, group: str) -> None:
    _install(session, *_group(group))
    _install(session, str(_wheel(session)))


TEST_ENV: dict[str, str | None] = {"SPECGEN_E2E": "1", "PYTHONDONTWRITEBYTECODE": None}
"""The environment of the pytest runs: tests/e2e included, and ``PYTHONDONTWRITEBYTECODE``
unset, so that pytest's rewritten test modules are compiled once (into the ignored
``__pycache__`` folders), not again in every worker and run."""


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Lint and type-check Python and Rust: ruff, mypy --strict, stubtest, rustfmt, clippy.

    Also the architecture rules (``tools/architecture``): no import cycle between the
    top-level modules of a crate, no source file over 500 lines, no function over 60.
    """
    _install_package(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run(
        "python", "-m", "mypy.stubtest", "specgen._native",
        "--allowlist", ".mypy-stubtest-allowlist",
    )  # fmt: skip
    session.run("cargo", "fmt", "--all", "--check", external=True)
    session.run(
        "cargo", "clippy", "--workspace", "--all-targets", "--all-features", "--",
        "-D", "warnings",
        external=True,
    )  # fmt: skip
    # Last, so that while a rule is broken the other checks above still report.
    session.run("python", "-m", "architecture", env={"PYTHONPATH": str(ROOT / "tools")})


def _typescript(session: nox.Session) -> None:
    """Install TypeScript (pinned in runtimes/typescript's lock file) and test the TS runtime."""
    folder = ROOT / "runtimes" / "typescript"
    _npm_ci(session, folder)
    session.run("npm", "test", "--prefix", str(folder), external=True)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Every Python test, tests/e2e included, in one worker pool; the TS runtime's tests first.

    The end-to-end files (``SPECGEN_E2E=1``) share the workers with the unit tests, so
    their cargo builds fill the core the long fault test leaves idle instead of running in
    a session of their own afterwards. Without arguments the hatch example wheel is built
    last (``nox -s e2e`` runs the vertical alone).
    """
    _install_package(session, "test")
    _typescript(session)
    _build_typescript_runtime(session)
    # pytest exits 5 when it collects no tests. That is a broken suite, not a green
    # one, so only 0 counts as success and the session (and CI) fails on 5 (unless
    # arguments chose tests: then one of the two runs may well select none).
    codes = [0, 5] if session.posargs else [0]
    env = TEST_ENV
    # An xdist worker runs a thread beside the tests, so the tests that fork (marked
    # single_thread) would skip there: they run after, in this one process.
    session.run(
        "pytest", *_workers(), "-m", "not single_thread", *session.posargs,
        env=env, success_codes=codes,
    )  # fmt: skip
    session.run("pytest", "-m", "single_thread", *session.posargs, env=env, success_codes=codes)
    if not session.posargs:
        _hatch_example_wheel(session)


TEST_WORKERS_MAX = 4
"""pytest-xdist workers at most: many tests wait on cargo, tsc, node or a timeout, so two
workers pay off even on two cores; past four, cargo's build lock and memory win."""


def _workers() -> list[str]:
    """pytest-xdist options: one worker per core, two at least, :data:`TEST_WORKERS_MAX` at most.

    ``loadfile`` keeps each test file on one worker, so a module-scoped fixture (a generated
    corpus, a compiled check crate) is still built once. Files are handed out in the order
    ``tests/conftest.py`` gives them, the longest first (``--no-loadscope-reorder``: xdist
    would otherwise put the files with most tests first and the 5-minute fault test last,
    running alone at the end). ``nox -s tests -- -n 0`` runs in one process (a later
    ``-n`` wins).
    """
    workers = max(2, min(TEST_WORKERS_MAX, os.cpu_count() or 1))
    return ["-n", str(workers), "--dist", "loadfile", "--no-loadscope-reorder"]


@nox.session(python=False)
def rust(session: nox.Session) -> None:
    """Run the Rust tests of the whole workspace, doctests included.

    ``nox -s rust -- ledger`` passes its arguments on to ``cargo test`` (here a test name
    filter; beside ``--workspace``, ``-p`` does not narrow the run).
    """
    session.run("cargo", "test", "--workspace", "--all-features", *session.posargs, external=True)


@nox.session(python=PYTHON, default=False)
def e2e(session: nox.Session) -> None:
    """The whole vertical alone (the default ``tests`` session runs it among the other tests).

    For real: cargo builds that generate, a host, a TypeScript client.

    tests/e2e builds examples/gpu-stats (build.rs -> ts-rs -> tsc --strict), serves it and
    calls it from node; then examples/python-hatch is built into a wheel by pip, through
    the hatch-specgen hook, and the wheel must hold the generated files.
    """
    _install_package(session, "test")
    _npm_ci(session, ROOT / "runtimes" / "typescript")
    _build_typescript_runtime(session)
    # `nox -s e2e -- -k tutorial` passes its arguments on to pytest.
    session.run("pytest", "tests/e2e", *session.posargs, env=TEST_ENV, success_codes=[0])
    _hatch_example_wheel(session)


def _build_typescript_runtime(session: nox.Session) -> None:
    """Compile runtimes/typescript (tests/e2e import the built package)."""
    runtime = ROOT / "runtimes" / "typescript"
    session.run("npm", "run", "build", "--prefix", str(runtime), external=True)


def _hatch_example_wheel(session: nox.Session) -> None:
    """``pip wheel examples/python-hatch`` (isolated build) must ship the generated files."""
    scratch = Path(session.create_tmp())
    wheels, dist, project = scratch / "wheels", scratch / "dist", scratch / "python-hatch"
    for folder in (wheels, dist, project):
        shutil.rmtree(folder, ignore_errors=True)
    wheels.mkdir()
    shutil.copy2(_wheel(session), wheels)
    shutil.copytree(
        ROOT / "examples" / "python-hatch", project, ignore=shutil.ignore_patterns("generated")
    )
    session.run("pip", "wheel", "--no-deps", "-w", str(wheels), str(ROOT / "build-hooks" / "hatch"))
    session.run(
        "pip", "wheel", "--no-deps", "--find-links", str(wheels), "-w", str(dist), str(project)
    )
    (wheel,) = dist.glob("gpu_stats_client-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.startswith("gpu_stats_client/generated/")]
        types = "gpu_stats_client/generated/ts/commands/gpu/stats/shared/GpuStatsTypes.ts"
        if types not in names or b"@generated by specgen" not in archive.read(types):
            session.error(f"{wheel.name} lacks the generated files: {names}")
    session.log(f"{wheel.name}: {len(names)} generated files")


BENCHMARKS = ("load", "generate", "audit", "types", "breaking")
"""The Python benchmarks, ``bench/bench_<name>.py``."""
ALL_BENCHMARKS = (*BENCHMARKS, "runtime")
"""Plus ``runtime``: the health-monitor criterion benches."""


def _npm_ci(session: nox.Session, folder: Path) -> None:
    """Install the npm packages pinned in ``folder``'s lock file (exactly, from scratch).

    Once per lock file state: a stamp in ``node_modules`` holds the lock file's hash, so the
    e2e session reuses what the tests session installed instead of installing it again.
    """
    lock = hashlib.sha256((folder / "package-lock.json").read_bytes()).hexdigest()
    stamp = folder / "node_modules" / ".specgen-npm-ci"
    if stamp.is_file() and stamp.read_text(encoding="ascii") == lock:
        session.log(f"reusing {folder.name}/node_modules (package-lock.json unchanged)")
        return
    session.run("npm", "ci", "--prefix", str(folder), "--no-audit", "--no-fund", external=True)
    stamp.write_text(lock, encoding="ascii")


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks (JSON results in bench-results/); not part of the default run.

    ``nox -s bench -- generate`` runs only the named benchmarks (load, generate, audit, types,
    breaking, runtime).
    """
    chosen = session.posargs or list(ALL_BENCHMARKS)
    unknown = sorted(set(chosen) - set(ALL_BENCHMARKS))
    if unknown:
        session.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {ALL_BENCHMARKS}")
    _install_package(session, "test")
    if {"generate", "types"} & set(chosen):
        _npm_ci(session, ROOT / "bench")  # quicktype, the peer baseline of both
    for name in BENCHMARKS:
        if name in chosen:
            session.run("python", f"bench/bench_{name}.py")
    if "runtime" in chosen:
        # criterion estimates and a summary JSON (targets, met) land in bench-results/.
        summary = ROOT / "bench-results" / "runtime.json"
        session.run(
            "cargo", "bench", "-p", "health-monitor-bench",
            external=True,
            env={"CRITERION_HOME": str(ROOT / "bench-results" / "criterion"),
                 "HEALTH_MONITOR_BENCH_JSON": str(summary)},
        )  # fmt: skip
