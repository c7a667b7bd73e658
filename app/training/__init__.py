"""Training data: fictional, varied cases for practice, benchmarks and screenshots.

Content is deterministic for a given number of cases and "as of" date. Every
name and note is invented. The database is marked as training data, and that
mark is shown on every screen and printed record (`casebook demo`).
"""

from app.training.cases import populate
from app.training.database import age_past_retention, create_training_database, mark_as_training

__all__ = ["age_past_retention", "create_training_database", "mark_as_training", "populate"]
