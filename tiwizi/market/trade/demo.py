"""Demo data for market/trade (filled in by its owner)."""

from typing import Any


def load_trade_demo(report: Any) -> None:
    """Idempotent: loading twice changes nothing (see tiwizi/demo/records.py)."""
