"""Which conformance rules apply to a command, by the adapter its spec declares.

The one table audit consults: a command whose spec names an adapter below is held
only to that adapter's rules. ``types`` writes the wire contract alone and
``trait-only`` a TypeScript interface with no command, so neither has a static
accessor (SG503) by design. A command without a spec, or whose spec names no
adapter or a plugin's, is held to every rule.
"""

from __future__ import annotations

from specgen.audit.findings import KINDS

EVERY_RULE: frozenset[str] = frozenset({*(k.code for k in KINDS), "SG510"})
"""Every violation code audit counts, plus its notes (SG510)."""

APPLICABLE_RULES: dict[str, frozenset[str]] = {
    "rust-ipc": EVERY_RULE,
    "server-only": EVERY_RULE,
    "browser-only": EVERY_RULE,
    "full-stack": EVERY_RULE,
    "trait-only": EVERY_RULE - {"SG503"},
    "types": EVERY_RULE - {"SG503"},
}
"""Built-in adapter -> the codes audit reports for its commands (docs/migration-tools.md)."""


def applicable_rules(adapter: str | None) -> frozenset[str]:
    """The codes that apply to a command whose spec declares ``adapter`` (None: no spec)."""
    if adapter is None:
        return EVERY_RULE
    return APPLICABLE_RULES.get(adapter, EVERY_RULE)
