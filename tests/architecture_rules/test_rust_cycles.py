"""The import-cycle rule on small synthetic crates: each way a module can name another."""

from __future__ import annotations

from pathlib import Path

import pytest

from architecture.rust_modules import cycle_violations


def make_crate(root: Path, files: dict[str, str]) -> Path:
    crate = root / "crates" / "demo"
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text('[package]\nname = "demo"\n', encoding="utf-8")
    for name, text in files.items():
        path = crate / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return crate


def messages(crate: Path) -> list[str]:
    return [v.render(crate) for v in cycle_violations(crate)]


def test_two_modules_using_each_other_are_a_cycle_naming_both_files(tmp_path: Path) -> None:
    files = {"lib.rs": "mod a;\nmod b;\n", "a.rs": "use crate::b::Thing;\n"}
    crate = make_crate(tmp_path, files | {"b.rs": "\n\nuse super::a::Other;\n"})
    (message,) = messages(crate)
    assert message.startswith("src/a.rs:1: import cycle between modules of crate demo: a -> b -> a")
    assert "a -> b at a.rs:1" in message
    assert "b -> a at b.rs:3" in message


def test_imports_that_run_one_way_pass(tmp_path: Path) -> None:
    crate = make_crate(
        tmp_path,
        {
            "lib.rs": "mod a;\nmod b;\nmod c;\npub use a::Top;\n",
            "a.rs": "use crate::{b::X, c};\n",
            "b.rs": "use crate::c::Y;\nuse std::fmt;\n",
            "c.rs": "use self::inner::Z;\nmod inner { pub struct Z; }\n",
        },
    )
    assert messages(crate) == []


@pytest.mark.parametrize(
    ("b_source", "why"),
    [
        ("use crate::{c, a::{X, Y as Z}};\n", "a nested use group"),
        ("pub use crate::a::X;\n", "a pub use"),
        ("fn f() { crate::a::helper(); }\n", "a path in code"),
        ("use crate::Exported;\n", "an item the root re-exports from a"),
        ("mod inner { use super::super::a::X; }\n", "super::super from an inline module"),
        ("pub(crate) use crate::a as alias;\n", "a renamed module"),
    ],
)
def test_each_way_of_naming_a_module_is_an_edge(tmp_path: Path, b_source: str, why: str) -> None:
    crate = make_crate(
        tmp_path,
        {
            "lib.rs": "mod a;\nmod b;\nmod c;\npub use a::Exported;\n",
            "a.rs": "use crate::b::Thing;\n",
            "b.rs": b_source,
            "c.rs": "",
        },
    )
    assert len(messages(crate)) == 1, why


CYCLE_TO_B = {"lib.rs": "mod a;\nmod b;\n", "a.rs": "use crate::b::Thing;\n"}
"""A crate whose module a uses b: a case adds files, and b's way back to a (or not)."""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"a.rs": "mod inner;\n", "a/inner.rs": "use super::super::b::Thing;\n"}
            | {"b.rs": "use crate::a::Other;\n"},
            "a -> b at inner.rs:1",
            id="super-super-from-a-nested-folder-module",
        ),
        pytest.param(
            {"lib.rs": '#[path = "elsewhere/impl_a.rs"]\nmod a;\nmod b;\n', "a.rs": ""}
            | {"elsewhere/impl_a.rs": "use crate::b::Thing;\n", "b.rs": "use crate::a::O;\n"},
            "a -> b at impl_a.rs:1",
            id="a-module-at-a-path-attribute",
        ),
        pytest.param(
            {"lib.rs": "", "main.rs": "mod a;\nmod b;\nfn main() {}\n"}
            | {"b.rs": "use crate::a::Other;\n"},
            "b -> a at b.rs:1",
            id="a-binary-root-is-a-crate-too",
        ),
        pytest.param(
            {
                "b.rs": (
                    "// use crate::a::X;\n/* crate::a::y() */\n"
                    'const S: &str = "crate::a::z";\n'
                    "#[cfg(test)]\nmod tests { use crate::a::X; }\n"
                    "#[cfg(test)]\nmod more;\n"
                ),
                "b/more.rs": "use crate::a::X;\n",
            },
            None,
            id="test-modules-comments-and-strings-are-no-edges",
        ),
        pytest.param(
            {"b.rs": "mod tests;\n", "b/tests.rs": "use crate::a::X;\n"},
            None,
            id="a-tests-rs-file-is-not-read",
        ),
    ],
)
def test_where_the_way_back_is_written(
    tmp_path: Path, files: dict[str, str], expected: str | None
) -> None:
    found = messages(make_crate(tmp_path, CYCLE_TO_B | files))
    if expected is None:
        assert found == []
    else:
        (message,) = found
        assert expected in message
