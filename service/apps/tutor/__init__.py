"""The `tutor` app: a child's language-learning profile, words, grammar, cards, chat (seed 001)."""

from service.apps.tutor.routes import APP

__all__ = ["APP"]
