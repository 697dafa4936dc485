"""The `edu` app: the AI Agent Education Platform's scenarios, progress and memory (seed 003)."""

from service.apps.edu.retention import RETENTION
from service.apps.edu.routes import APP

__all__ = ["APP", "RETENTION"]
