"""The jinja2 environment: one template per output file, strict about missing values.

Templates are looked up in ``templates/<adapter>/`` first, then in
``templates/shared/``, so an adapter overrides a shared template by giving its own
file the same name. Every escaping function is available as a filter; templates
never print user text without one.

Templates are package data: they compile once per process and are not checked for
changes on disk again (a run renders thousands of files from a dozen templates).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from importlib import resources
from typing import Any

import jinja2
import jinja2.bccache

from specgen.renderers import docs, escape, rust_types, ts_types

FILTERS: dict[str, Callable[..., Any]] = {
    "rust_doc": escape.rust_doc,
    "rust_str": escape.rust_str,
    "ts_rs_rename": escape.ts_rs_rename,
    "ts_doc": escape.ts_doc,
    "ts_str": escape.ts_str,
    "ts_comment": escape.ts_comment_text,
    "line": escape.ts_comment_text,
    "md": escape.md_inline,
    "md_code": escape.md_code,
    "md_cell_code": escape.md_cell_code,
    "rust_type": rust_types.rust_type,
    "rust_field_type": rust_types.rust_field_type,
}


class LazyContext(Mapping[str, Any]):
    """A template context built when it is first read, then kept.

    Planning only needs paths and owners; building a context (samples, tables,
    imports) is left to the moment of rendering, in the process that renders the
    file (a large run renders in two). Files sharing one ``LazyContext`` share what
    it built. ``build`` must be pure: it may run in either process.
    """

    __slots__ = ("_build", "_values")

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        """Remember ``build``; nothing runs yet."""
        self._build = build
        self._values: dict[str, Any] | None = None

    def resolved(self) -> dict[str, Any]:
        """The values (built now if not yet)."""
        if self._values is None:
            self._values = self._build()
        return self._values

    def __getitem__(self, key: str) -> Any:  # noqa: ANN401  # template values of any type
        """The value of ``key``."""
        return self.resolved()[key]

    def __iter__(self) -> Iterator[str]:
        """The keys."""
        return iter(self.resolved())

    def __len__(self) -> int:
        """The number of keys."""
        return len(self.resolved())


def _loader_for(adapter: str, template_package: str) -> jinja2.BaseLoader:
    loaders: list[jinja2.BaseLoader] = []
    if adapter and (resources.files(template_package) / "templates" / adapter).is_dir():
        loaders.append(jinja2.PackageLoader(template_package, f"templates/{adapter}"))
    loaders.append(jinja2.PackageLoader("specgen", "templates/shared"))
    return jinja2.ChoiceLoader(loaders)


class _FlatGlobalsEnvironment(jinja2.Environment):
    """An environment whose templates see its globals through a plain dict.

    Jinja chains each template's globals onto the environment's (a ``ChainMap``)
    and walks that chain on every render and every ``{% import %}``. The globals
    here are all set before the first template loads (as Jinja asks), so a flat
    copy answers the same, several times faster.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals overlaid with the template's own ``d``, as one dict."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:  # noqa: ANN401  # as Jinja declares it
        """``obj.attribute`` in a template; a plain dict answers with its item first.

        Jinja tries the Python attribute first and the item after, so ``row.name`` on a
        dict raised and caught an AttributeError every time (a quarter of all lookups in
        a run). A name that is also a dict method (``items``) still gets the method.
        """
        if type(obj) is dict and attribute not in _DICT_METHODS:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


_DICT_METHODS = frozenset(dir(dict))


class _SharedCode(jinja2.BytecodeCache):
    """Compiled template code shared by every adapter's environment in this process.

    Each adapter has its own environment (its loader looks in its own folder first),
    so a shared template would otherwise compile once per adapter. Jinja keys the
    code by the template's name and file and checks it against the source, and the
    code does not depend on the loader (includes are looked up when rendering), so
    the first compilation serves every environment.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_SHARED_CODE = _SharedCode()


@functools.cache
def environment(adapter: str, template_package: str = "specgen") -> jinja2.Environment:
    """The environment of ``adapter`` (cached; templates compile once per process)."""
    env = _FlatGlobalsEnvironment(
        loader=_loader_for(adapter, template_package),
        bytecode_cache=_SHARED_CODE,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # code, not HTML: every value goes through an escape filter
        keep_trailing_newline=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals["ts_field"] = ts_types.ts_field
    env.globals["ts_interface_body"] = ts_types.ts_interface_body
    env.globals["ts_header"] = docs.ts_header
    env.globals["ts_type"] = ts_types.ts_type
    env.globals["rust_field_attributes"] = rust_types.rust_field_attributes
    env.globals["rust_struct_body"] = rust_types.rust_struct_body
    env.globals["rust_enum_body"] = rust_types.rust_enum_body
    return env


@functools.cache
def _template(adapter: str, template_package: str, name: str) -> jinja2.Template:
    return environment(adapter, template_package).get_template(name)


def template(adapter: str, name: str, template_package: str = "specgen") -> jinja2.Template:
    """The compiled template ``name`` of ``adapter`` (cached: it compiles once per process)."""
    return _template(adapter, template_package, name)


def render(
    adapter: str, template: str, context: Mapping[str, Any], template_package: str = "specgen"
) -> bytes:
    """Render ``template`` of ``adapter`` to UTF-8 bytes with LF line endings."""
    if isinstance(context, LazyContext):
        context = context.resolved()  # a dict: Jinja copies it in one step
    text = _template(adapter, template_package, template).render(context)
    return text.replace("\r\n", "\n").encode("utf-8")
