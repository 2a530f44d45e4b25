"""Menu entries, home panels and organization sections of the impact app."""


def register() -> None:
    """Called once from ImpactConfig.ready()."""
