"""specgen-enforce: new command folders need a spec, checked with the standard library only.

The same rule as ``specgen enforce`` (``python/specgen/enforce``), for a pre-commit hook
that installs in seconds: no Rust extension, no TypeScript parser. The command name a
Types file's accessor forwards to is read by a text pattern (``commandName: '...'``, or
the first ``<execute_object>.execute(...'name'``) instead of parsing.
"""

__version__ = "0.1.0"
