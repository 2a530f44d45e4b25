"""Demo data for market/catalogue (filled in by its owner)."""

from typing import Any


def load_catalogue_demo(report: Any) -> None:
    """Idempotent: loading twice changes nothing (see tiwizi/demo/records.py)."""
