"""The registry of apps: removing an app is deleting its folders and its line here."""

import importlib
from types import ModuleType

REGISTRY: dict[str, str] = {
    "roleplay": "service.apps.roleplay",
    "tutor": "service.apps.tutor",
    "smartlite": "service.apps.smartlite",
    "edu": "service.apps.edu",
    "chat": "service.apps.chat",
}


def load(name: str) -> ModuleType:
    return importlib.import_module(REGISTRY[name])
