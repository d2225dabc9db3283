"""Runs the mypy-checked user script for real, so its types describe values that exist."""

from __future__ import annotations

from conftest import Server
from typing_check import main


def test_typing_script_runs(server: Server) -> None:
    out = main(server.fresh_key(), server.url)
    assert "[1.00] Typed content, updated." in out or any(
        line.endswith("Typed content, updated.") for line in out
    )
    assert any(line.endswith("Async typed.") for line in out)
    assert "Memory not found" in out or any("not found" in line.lower() for line in out)
