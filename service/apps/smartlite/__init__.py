"""The `smartlite` app: AI_SMARTLITE users, speech and LLM records, pipelines, usage (seed 002)."""

from service.apps.smartlite.routes import APP

__all__ = ["APP"]
