"""Demo aid data (filled below)."""
