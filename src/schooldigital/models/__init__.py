"""Pydantic models of every record sd keeps; they know meaning, not files."""
