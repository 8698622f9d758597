"""Entente: diplomatic news in, evidence-linked event data out."""
from entente.config import Settings
from entente.io.store import Store
from entente.pipeline import ingest, prepare, process_batch

__all__ = ["Settings", "Store", "ingest", "prepare", "process_batch"]
