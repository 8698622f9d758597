"""Trained models shipped with Entente, the data they are trained from (train/*.jsonl) and their
training (`python -m entente.models.training`, run by `make train`)."""
