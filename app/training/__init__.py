"""Training data: fictional, varied cases for practice, benchmarks and screenshots."""

from app.training.cases import create_training_database, mark_as_training, populate

__all__ = ["create_training_database", "mark_as_training", "populate"]
