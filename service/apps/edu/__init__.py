"""The `edu` app: the AI Agent Education Platform's scenarios, progress and memory (seed 003)."""

from service.routing import AppSpec

APP = AppSpec(name="edu", endpoints=())
