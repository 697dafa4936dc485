"""The `roleplay` app: role-play training scenarios, roles and scored sessions (seed 000)."""

from service.routing import AppSpec

APP = AppSpec(name="roleplay", endpoints=())
