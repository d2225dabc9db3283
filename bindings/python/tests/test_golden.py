"""Golden bodies (tests/golden/bodies.json at the repository root: missing, null and unknown
members) decoded by the Python models give the values of tests/golden/expected.json, the file
the Rust and Go suites compare against too."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List

import pytest
from pydantic import BaseModel

from memoryrelay import models

GOLDEN = Path(__file__).resolve().parents[3] / "tests" / "golden"
CASES: List[Dict[str, Any]] = json.loads((GOLDEN / "bodies.json").read_text())
EXPECTED: Dict[str, Any] = json.loads((GOLDEN / "expected.json").read_text())


def model_class(name: str) -> Any:
    if name.endswith("List"):
        return models.ListResponse[getattr(models, name[: -len("List")])]  # type: ignore[misc]
    return getattr(models, name)


def check(path: str, expected: Any, actual: Any) -> None:
    if isinstance(expected, dict) and "$time" in expected:
        assert isinstance(actual, datetime), f"{path}: {actual!r} is no datetime"
        assert actual.tzinfo is not None, path
        assert abs(actual.timestamp() - expected["$time"]) < 1e-6, path
    elif isinstance(expected, dict):
        if isinstance(actual, BaseModel):
            actual = {k: getattr(actual, k) for k in type(actual).model_fields}
        assert isinstance(actual, dict), f"{path}: {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            check(f"{path}.{key}", value, actual[key])
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), path
        for i, (e, a) in enumerate(zip(expected, actual)):
            check(f"{path}[{i}]", e, a)
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), path
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_body(case: Dict[str, Any]) -> None:
    decoded = model_class(case["model"]).model_validate_json(json.dumps(case["body"]))
    check(case["name"], EXPECTED[case["name"]], decoded)


def test_unknown_members_are_kept() -> None:
    memory = models.Memory.model_validate_json(
        json.dumps(next(c for c in CASES if c["name"] == "memory_unknown")["body"])
    )
    assert memory.model_extra == {"brand_new": {"x": 1}, "also_new": None}
