"""``specgen migrate``: v1 spec files rewritten as v2, each spec with its own outcome.

``batch`` decides each spec's outcome (migrated text, or why not) without writing;
``codebase`` fills in the types v1 specs name from a TypeScript codebase
(``--from DIR``); ``outcome`` writes what may be written and reports it, as text
for people or JSON for tools.
"""
