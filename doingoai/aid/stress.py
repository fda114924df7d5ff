"""Stress data (filled below)."""


def register() -> None:
    return None
