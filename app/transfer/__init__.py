"""A child's file sent to a new school: the encrypted pack's format (no database here)."""
