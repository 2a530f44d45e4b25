"""Demo data for impact (filled in by its owner)."""

from typing import Any


def load_impact_demo(report: Any) -> None:
    """Idempotent: loading twice changes nothing (see tiwizi/demo/records.py)."""
