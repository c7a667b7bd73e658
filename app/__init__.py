"""Casebook: offline case records for a school's Designated Safeguarding Lead."""

__version__ = "0.1.0"
APP_NAME = "Casebook"
