"""The `chat` app: ChingTech OS users and their AI chats (seed 004)."""

from service.apps.chat.routes import APP

__all__ = ["APP"]
