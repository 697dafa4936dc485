"""The `tutor` app: a child's language-learning profile, words, grammar, cards, chat (seed 001)."""

from service.routing import AppSpec

APP = AppSpec(name="tutor", endpoints=())
