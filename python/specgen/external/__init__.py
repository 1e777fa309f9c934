"""Names generated code takes from the user's codebase instead of declaring them.

Two kinds: external types (a spec's ``types`` entry with ``external``, or the
config's ``[external_types.<Name>]``) and the runtime import map
(``[typescript.runtime]``: where each runtime name, such as the context type,
comes from). This package holds their neutral model, the checks of their syntax
(shared by spec validation and config loading) and the config parsing.
"""

from specgen.external.model import (
    RUNTIME_NAMES,
    ExternalDecl,
    RuntimeBinding,
    RuntimeName,
    is_relative_module,
)

__all__ = [
    "RUNTIME_NAMES",
    "ExternalDecl",
    "RuntimeBinding",
    "RuntimeName",
    "is_relative_module",
]
