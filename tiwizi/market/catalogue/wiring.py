"""Menu entries, home panels and organization sections of the market's catalogue half."""


def register() -> None:
    """Called once from MarketConfig.ready()."""
