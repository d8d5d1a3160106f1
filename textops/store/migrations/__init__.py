"""Alembic migrations of the textops schema (applied by ``Store`` on start and by ``textops db upgrade``)."""
