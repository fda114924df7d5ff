"""The overseas-Vietnamese database: persons, associations, investments, visits and events."""
