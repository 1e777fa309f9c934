"""Walk the typed places of a spec: every field with its JSON path and type expression."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.spec.document import SpecDocument
from specgen.spec.sourcemap import JsonPath
from specgen.values import value_type


@value_type(slots=True)
class FieldSite:
    """One declared field: which list or struct it belongs to, its name and type text."""

    owner: str
    """'params', 'results' or the name of the struct type in ``types``."""
    name: str
    type_text: str
    optional: bool
    name_path: JsonPath
    """Path of the field's name (a key for struct fields, a ``name`` value for params)."""
    type_path: JsonPath
    name_is_key: bool


def iter_fields(doc: SpecDocument) -> Iterator[FieldSite]:
    """Params, results, then struct fields of ``types``, in source order."""
    spec = doc.spec
    for owner, items in (("params", spec.params), ("results", spec.results)):
        for index, item in enumerate(items):
            yield FieldSite(
                owner,
                item.name,
                item.type,
                item.optional,
                (owner, index, "name"),
                (owner, index, "type"),
                name_is_key=False,
            )
    for type_name, typedef in spec.types.items():
        for field_name, field in (typedef.fields or {}).items():
            base: JsonPath = ("types", type_name, "fields", field_name)
            yield FieldSite(
                type_name,
                field_name,
                field.type,
                field.optional,
                base,
                (*base, "type"),
                name_is_key=True,
            )
