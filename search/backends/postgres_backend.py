"""placeholder"""
from .base import Backend
class PostgresBackend(Backend):
    name="postgres"
