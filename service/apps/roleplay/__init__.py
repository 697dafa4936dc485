"""The `roleplay` app: role-play training scenarios, roles and scored sessions (seed 000)."""

from service.apps.roleplay.routes import APP

__all__ = ["APP"]
