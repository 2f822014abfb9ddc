"""Benchmarks of the SDK against raw httpx and pydantic; ``make bench`` runs them (see ``__main__``)."""
