"""Routes of edu's simulations and their conversations."""

from __future__ import annotations

from service.apps.edu import conversation, simulations
from service.apps.edu.codes import PAGE, READ, WRITE
from service.apps.edu.simulation_models import (
    ActiveSimulation,
    Message,
    Progress,
    SceneComplete,
    SceneCompletion,
    SceneProgress,
    SimulationPatch,
    SimulationStart,
    Summary,
    SummaryCreate,
    Turns,
)
from service.pages import Page
from service.routing import Endpoint, Param

SIM = "/api/simulations/{id}"

SIMULATION_ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/simulations",
        simulations.start,
        "Start a scenario: a run in progress at its first scene (usage and user counters + 1)",
        body=SimulationStart,
        response=Progress,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/simulations",
        simulations.active,
        "The caller's simulations in progress with scenario and current scene titles",
        response=Page[ActiveSimulation],
        query=(*PAGE, Param("user_id", int, "admins: another user's")),
        errors=(400, 401, 403, 422),
    ),
    Endpoint(
        "GET",
        SIM,
        simulations.get,
        "One simulation",
        response=Progress,
        lock=simulations.lock_for_match,
    ),
    Endpoint(
        "PATCH",
        SIM,
        simulations.patch,
        "Save the orchestrator's state (whole JSON object) and the conversation summary",
        body=SimulationPatch,
        response=Progress,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        SIM + "/scenes",
        simulations.scenes,
        "A simulation's scene rows in scene order",
        response=list[SceneProgress],
    ),
    Endpoint(
        "POST",
        SIM + "/next",
        simulations.next_scene,
        "Move to the next scene not started (the current one is skipped unless completed)",
        response=Progress,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        SIM + "/scenes/{scene_id}/complete",
        simulations.complete_scene,
        "Complete the scene in progress with a score 0..1 and feedback",
        body=SceneComplete,
        response=SceneCompletion,
        errors=WRITE,
    ),
    *(
        Endpoint(
            "POST",
            f"{SIM}/{action}",
            simulations.mover(action),
            simulations.describe(action),
            response=Progress,
            errors=WRITE,
        )
        for action in simulations.RUN.transitions
    ),
)

CONVERSATION_ENDPOINTS = (
    Endpoint(
        "POST",
        SIM + "/turns",
        conversation.append,
        "Append one or many turns to a simulation in progress (default scene: the current one)",
        body=Turns,
        response=conversation.Appended,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        SIM + "/scenes/{scene_id}/conversation",
        conversation.history,
        "One scene's conversation, oldest first, with persona names (keyset pages)",
        response=Page[Message],
        query=PAGE,
        errors=READ,
    ),
    Endpoint(
        "POST",
        SIM + "/summaries",
        conversation.summarize,
        "Add a conversation summary with key points and a turn range",
        body=SummaryCreate,
        response=Summary,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        SIM + "/summaries",
        conversation.summaries,
        "A simulation's summaries, oldest first",
        response=list[Summary],
        query=(Param("limit", int, "at most this many, 1 to 1000 (default 200)"),),
        errors=READ,
    ),
)
