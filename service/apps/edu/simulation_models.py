"""Request and response shapes of edu's simulations and conversations (user_progress,
scene_progress, conversation_logs, conversation_summaries)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.apps.edu.models import Line, Name, Text
from service.bodies import STORABLE, Serial, json_fits
from service.http import field_rule

Content = Annotated[str, Meta(min_length=1, max_length=1_000_000, pattern=STORABLE)]
Count = Annotated[int, Meta(ge=0, le=2**31 - 1)]
Fraction = Annotated[float, Meta(ge=0.0, le=1.0)]
Seconds = Annotated[float, Meta(ge=0.0, le=1e9)]
State = Annotated[dict[str, Any], Meta(description="any JSON object")]
MessageType = Literal["user_message", "ai_persona", "system_message"]
SummaryType = Literal["scene_summary", "progress_summary", "key_points"]


class SimulationStart(Struct, forbid_unknown_fields=True, kw_only=True):
    scenario_id: Serial
    orchestrator_data: State | None = None
    conversation_summary: Text | None = None

    def __post_init__(self) -> None:
        json_fits(self, "orchestrator_data")


class SimulationPatch(Struct, forbid_unknown_fields=True):
    orchestrator_data: State | None | UnsetType = UNSET
    conversation_summary: Text | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        json_fits(self, "orchestrator_data")


class Progress(Struct):
    """A run through a scenario; the totals are always those of its scene rows."""

    id: int
    user_id: int | None
    scenario_id: int | None
    current_scene_id: int | None
    status: str | None
    started_at: datetime | None
    completed_at: datetime | None
    total_time_spent: int | None
    current_turn: int | None
    total_turns: int | None
    hints_used: int | None
    scenes_completed: int | None
    total_scenes: int | None
    completion_percentage: float | None
    orchestrator_data: Any
    conversation_summary: str | None
    created_at: datetime | None
    updated_at: datetime | None


class ActiveSimulation(Progress):
    """A run in progress with its scenario's and current scene's titles."""

    scenario_title: str | None = None
    current_scene_title: str | None = None


class SceneProgress(Struct):
    id: int
    user_progress_id: int | None
    scene_id: int | None
    scene_order: int | None
    scene_title: str | None
    status: str | None
    started_at: datetime | None
    completed_at: datetime | None
    time_spent: int | None
    turns_taken: int | None
    hints_used: int | None
    goal_achieved: bool | None
    completion_score: float | None
    feedback_data: Any
    created_at: datetime | None
    updated_at: datetime | None


class SceneComplete(Struct, forbid_unknown_fields=True, kw_only=True):
    completion_score: Annotated[Fraction, Meta(description="0.0 to 1.0")]
    feedback_data: State | None = None
    goal_achieved: bool = False
    time_spent: Annotated[Count, Meta(description="seconds; default since the scene started")] | (
        None
    ) = None
    hints_used: Count | None = None

    def __post_init__(self) -> None:
        json_fits(self, "feedback_data")


class SceneCompletion(Struct):
    scene: SceneProgress
    progress: Progress


class Turn(Struct, forbid_unknown_fields=True, kw_only=True):
    message_type: MessageType
    message_content: Content
    scene_id: Annotated[Serial, Meta(description="default: the run's current scene")] | None = None
    sender_name: Line | None = None
    turn_number: Count | None = None
    persona_id: Serial | None = None
    processing_time: Seconds | None = None
    token_count: Count | None = None
    model_used: Line | None = None


class Turns(Struct, forbid_unknown_fields=True):
    turns: Annotated[list[Turn], Meta(min_length=1, max_length=500)]


class Message(Struct):
    id: int
    user_progress_id: int | None
    scene_id: int | None
    message_type: str
    sender_name: str | None
    message_content: str
    turn_number: int | None
    persona_id: int | None
    persona_name: str | None
    processing_time: float | None
    token_count: int | None
    model_used: str | None
    created_at: datetime | None


class SummaryCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    session_id: Name
    summary_type: SummaryType
    content: Content
    key_points: Annotated[list[Text], Meta(max_length=500)] | None = None
    scene_id: Serial | None = None
    turn_range_start: Count | None = None
    turn_range_end: Count | None = None

    def __post_init__(self) -> None:
        json_fits(self, "key_points")
        start, end = self.turn_range_start, self.turn_range_end
        if start is not None and end is not None and start > end:
            raise field_rule("turn_range_end", "must not be before turn_range_start")


class Summary(Struct):
    id: int
    session_id: str
    user_progress_id: int | None
    summary_type: str
    content: str
    key_points: Any
    scene_id: int | None
    turn_range_start: int | None
    turn_range_end: int | None
    created_at: datetime | None
