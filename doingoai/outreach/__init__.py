"""Foreign press visits, foreign-information publications, cultural diplomacy and promotion
events."""
