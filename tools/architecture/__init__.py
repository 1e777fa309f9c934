"""Architecture checks of the specgen tree, run by the nox ``lint`` session.

``python -m architecture [ROOT]`` (with ``tools/`` on ``PYTHONPATH``) enforces three rules:

- no import cycle between the top-level modules of a Rust crate (:mod:`architecture.rust_modules`);
- no source file over :data:`~architecture.layout.MAX_FILE_LINES` lines;
- no function over :data:`~architecture.layout.MAX_FUNCTION_LINES` lines, Python or Rust.

Each violation is printed as ``path:line: message``; any violation makes the exit status 1.
"""
