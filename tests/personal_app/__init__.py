"""A test-only record type with sensitive fields: the field policy is proven on it by the
generic contract suite and tests/core/test_personal_data.py (registered in tests only)."""
