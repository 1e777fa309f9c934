"""The options of [tool.hatch.build.hooks.specgen] are checked before anything runs."""

from __future__ import annotations

import pytest

from hatch_support import ConfigError, HookConfig, parse_config


def test_an_empty_table_takes_every_default() -> None:
    assert parse_config({}) == HookConfig()


def test_every_option_is_read_and_paths_are_normalised() -> None:
    config = parse_config(
        {
            "specs": ["specs", "more/one.json"],
            "adapter": "server-only",
            "out-dir": "./src//pkg/generated/",
            "wheel-dir": "pkg\\generated",
        }
    )
    assert config == HookConfig(
        specs=("specs", "more/one.json"),
        adapter="server-only",
        out_dir="src/pkg/generated",
        wheel_dir="pkg/generated",
    )


def test_options_hatchling_reads_itself_are_accepted() -> None:
    table = {
        "dependencies": ["x"],
        "enable-by-default": True,
        "require-runtime-dependencies": False,
        "require-runtime-features": [],
    }
    assert parse_config(table) == HookConfig()


def test_an_unknown_option_is_named_with_the_known_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"outdir": "gen", "spec": ["specs"]})
    message = str(caught.value)
    assert message.startswith("invalid [tool.hatch.build.hooks.specgen]:")
    assert "unknown option(s) 'outdir', 'spec'" in message
    assert "known options: specs, adapter, out-dir, wheel-dir" in message


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"specs": "specs"}, "specs must be a non-empty list"),
        ({"specs": []}, "specs must be a non-empty list"),
        ({"specs": ["specs", 3]}, "specs must be a non-empty list"),
        ({"specs": [""]}, "specs must be a non-empty list"),
        ({"adapter": 1}, "adapter must be an adapter name"),
        ({"adapter": " "}, "adapter must be an adapter name"),
        ({"out-dir": ["gen"]}, "out-dir must be a string"),
        ({"wheel-dir": True}, "wheel-dir must be a string"),
        ({"out-dir": "/abs/gen"}, "out-dir must be relative to the project root"),
        ({"out-dir": "C:/gen"}, "out-dir must be relative to the project root"),
        ({"out-dir": "../gen"}, "out-dir must stay inside the project root"),
        ({"wheel-dir": "pkg/../../x"}, "wheel-dir must stay inside the project root"),
        ({"out-dir": "."}, "out-dir must name a folder below the project root"),
        ({"out-dir": ""}, "out-dir must name a folder below the project root"),
    ],
)
def test_wrong_values_are_errors(table: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        parse_config(table)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"specs": "specs", "adapter": 2, "out-dir": "/x", "colour": "red"})
    lines = str(caught.value).splitlines()
    assert len(lines) == 5
    assert all(line.startswith("  - ") for line in lines[1:])
