"""Request and response shapes of edu's scenario parts (seed 003): personas, scenes and the
links between them, and a whole scenario with its parts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.apps.edu.models import Items, Minutes, Name, Scenario, Text, Traits, Turns, Url
from service.bodies import json_fits

Involvement = Literal["key", "participant", "mentioned"]


class PersonaCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    name: Name
    role: Name
    background: Text | None = None
    correlation: Text | None = None
    primary_goals: Items | None = None
    personality_traits: Traits | None = None

    def __post_init__(self) -> None:
        json_fits(self, "personality_traits")


class PersonaPatch(Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    role: Name | UnsetType = UNSET
    background: Text | None | UnsetType = UNSET
    correlation: Text | None | UnsetType = UNSET
    primary_goals: Items | None | UnsetType = UNSET
    personality_traits: Traits | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        if self.personality_traits is not UNSET:
            json_fits(self, "personality_traits")


class Persona(Struct):
    id: int
    scenario_id: int | None
    name: str
    role: str
    background: str | None
    correlation: str | None
    primary_goals: Any
    personality_traits: Any
    created_at: datetime | None
    updated_at: datetime | None


class SceneCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    title: Name
    description: Text | None = None
    user_goal: Text | None = None
    scene_order: Annotated[
        int | None, Meta(description="the place to insert at, 1 = first (default: last)")
    ] = None
    estimated_duration: Minutes | None = None
    image_url: Url | None = None
    image_prompt: Text | None = None
    timeout_turns: Turns = 20
    success_metric: Text | None = None


class ScenePatch(Struct, forbid_unknown_fields=True):
    title: Name | UnsetType = UNSET
    description: Text | None | UnsetType = UNSET
    user_goal: Text | None | UnsetType = UNSET
    scene_order: Annotated[int, Meta(ge=1, le=2**31 - 1)] | UnsetType = UNSET
    estimated_duration: Minutes | None | UnsetType = UNSET
    image_url: Url | None | UnsetType = UNSET
    image_prompt: Text | None | UnsetType = UNSET
    timeout_turns: Turns | None | UnsetType = UNSET
    success_metric: Text | None | UnsetType = UNSET


class Reorder(Struct, forbid_unknown_fields=True):
    scene_ids: Annotated[
        list[Annotated[int, Meta(ge=1, le=2**31 - 1)]],
        Meta(max_length=10_000, description="every scene id of the scenario, in the new order"),
    ]


class LinkPut(Struct, forbid_unknown_fields=True):
    involvement_level: Involvement = "participant"


class ScenePersona(Struct):
    persona_id: int
    name: str
    role: str
    involvement_level: str | None
    created_at: datetime | None


class Scene(Struct):
    id: int
    scenario_id: int | None
    title: str
    description: str | None
    user_goal: str | None
    scene_order: int
    estimated_duration: int | None
    image_url: str | None
    image_prompt: str | None
    timeout_turns: int | None
    success_metric: str | None
    created_at: datetime | None
    updated_at: datetime | None
    personas: list[ScenePersona] = []


class Whole(Struct):
    """A scenario with its personas and its scenes in order, each scene with its personas."""

    scenario: Scenario
    personas: list[Persona]
    scenes: list[Scene]
