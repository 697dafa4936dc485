"""The `smartlite` app: AI_SMARTLITE users, speech and LLM records, pipelines, usage (seed 002)."""

from service.routing import AppSpec

APP = AppSpec(name="smartlite", endpoints=())
