"""Specs whose text did not change: resolved once, for the new side, and shared.

Most runs compare a project where a few specs changed. An unchanged spec (same text, and
both sides resolve with the same aliases and external types) has the same command and the
same types in both versions, so the old side does not resolve it again: it stands in as a
*stub* (its type names and kinds only, which the changed specs' references need), and the
old side then borrows the new side's resolved types of those specs. Its command is not
compared at all; its types compare equal by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from specgen.breaking.side import Side
from specgen.spec.document import SpecDocument
from specgen.spec.v2 import TypeDef


def unchanged_commands(old: Sequence[SpecDocument], new: Sequence[SpecDocument]) -> set[str]:
    """Names of the commands whose spec text is the same in both versions."""
    new_texts = {doc.spec.name: doc.source.text for doc in new}
    return {doc.spec.name for doc in old if new_texts.get(doc.spec.name) == doc.source.text}


def _stub(typedef: TypeDef) -> TypeDef:
    """A struct without fields (its name and kind are what references need)."""
    return typedef if typedef.fields is None else typedef.model_copy(update={"fields": {}})


def stubbed(old: Sequence[SpecDocument], unchanged: set[str]) -> list[SpecDocument]:
    """The old documents, the unchanged ones reduced to stubs."""
    reduced = []
    for doc in old:
        if doc.spec.name in unchanged:
            types = {name: _stub(t) for name, t in doc.spec.types.items()}
            update = {"params": [], "results": [], "examples": [], "types": types}
            doc = replace(doc, spec=doc.spec.model_copy(update=update))  # noqa: PLW2901  # the stub
        reduced.append(doc)
    return reduced


def borrow_unchanged(old: Side, new: Side, unchanged: set[str]) -> None:
    """Give ``old`` the new side's resolved types of the unchanged specs (over their stubs).

    A name the old side resolved for a changed spec is never replaced.
    """
    for struct in new.structs.values():
        mine = old.structs.get(struct.name)
        if struct.owner in unchanged and (mine is None or mine.owner in unchanged):
            old.structs[struct.name] = struct
    for enum in new.enums.values():
        mine_enum = old.enums.get(enum.name)
        if enum.owner in unchanged and (mine_enum is None or mine_enum.owner in unchanged):
            old.enums[enum.name] = enum
