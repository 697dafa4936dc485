"""Routes of the edu app, mounted at /edu (seed 003): scenarios with personas and scenes, the
public catalogue, remixes and reviews."""

from __future__ import annotations

from service.apps.edu import accounts, files, parts, reviews, scenarios
from service.apps.edu.agent_routes import (
    AGENT_BOOL_COLUMNS,
    AGENT_CONSTRAINTS,
    AGENT_ENDPOINTS,
    AGENT_JSON_COLUMNS,
)
from service.apps.edu.models import (
    CatalogueItem,
    LinkPut,
    Login,
    Manage,
    Persona,
    PersonaCreate,
    PersonaPatch,
    ProfilePatch,
    Reorder,
    Review,
    ReviewCreate,
    ReviewPatch,
    Scenario,
    ScenarioCreate,
    ScenarioFile,
    ScenarioPatch,
    Scene,
    SceneCreate,
    ScenePatch,
    SignUp,
    StatusMove,
    Swept,
    Token,
    User,
    Whole,
)
from service.bodies import Serial
from service.errors import FieldError
from service.pages import Page
from service.routing import AppSpec, Endpoint, Param

READ = (400, 401, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)
CATALOGUE = (
    Param("limit", int, "page size, 1 to 100 (default 20)"),
    Param("cursor", str, "next_cursor of the previous page"),
    Param("industry", str, "only this industry"),
    Param("category", str, "only this category"),
    Param("difficulty_level", str, "only this difficulty level"),
    Param("tag", str, "only scenarios whose tags include this one"),
)
REVIEW_PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)
S = "/api/scenarios/{id}"

ACCOUNT_ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/auth/signup",
        accounts.sign_up,
        "Create an account (role user; an admin changes roles)",
        body=SignUp,
        response=User,
        status=201,
        access="public",
        errors=(400, 409, 422),
    ),
    Endpoint(
        "POST",
        "/api/auth/login",
        accounts.login,
        "Log in with email or username and password: a bearer token for /edu",
        body=Login,
        response=Token,
        access="public",
        errors=(400, 401, 403, 422),
    ),
    Endpoint(
        "GET",
        "/api/users/me",
        accounts.get_me,
        "The caller's profile",
        response=User,
        lock=accounts.lock_me,
    ),
    Endpoint(
        "PATCH",
        "/api/users/me",
        accounts.update_me,
        "Change the caller's profile and privacy settings",
        body=ProfilePatch,
        response=User,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/users/{id}",
        accounts.get_user,
        "A profile (a private one: its owner and admins only)",
        response=User,
        errors=READ,
    ),
    Endpoint(
        "PATCH",
        "/api/users/{id}/admin",
        accounts.manage_user,
        "Admins: change an account's role, is_active, is_verified",
        body=Manage,
        response=User,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        "/api/users/{id}/stats",
        accounts.refresh_stats,
        "Admins: recount a user's published_scenarios, total_simulations, reputation_score",
        response=User,
        errors=WRITE,
    ),
)

SCENARIO_ENDPOINTS = (
    Endpoint(
        "GET",
        "/api/scenarios",
        scenarios.catalogue,
        "The public catalogue: best rated, then most used, first",
        response=Page[CatalogueItem],
        query=CATALOGUE,
        errors=READ,
    ),
    Endpoint(
        "POST",
        "/api/scenarios",
        scenarios.create_scenario,
        "Create a scenario (is_public: teachers and admins)",
        body=ScenarioCreate,
        response=Scenario,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        S,
        scenarios.get_scenario,
        "One scenario",
        response=Scenario,
        errors=READ,
        lock=scenarios.lock_for_match,
    ),
    Endpoint(
        "PATCH",
        S,
        scenarios.update_scenario,
        "Change a scenario: fields sent are set (null clears), others kept",
        body=ScenarioPatch,
        response=Scenario,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        S,
        scenarios.delete_scenario,
        "Delete a scenario with everything under it",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        S + "/whole",
        scenarios.whole_scenario,
        "A scenario with its personas and its scenes (each with its personas)",
        response=Whole,
        errors=READ,
    ),
    Endpoint(
        "POST",
        S + "/clone",
        scenarios.clone_scenario,
        "Remix: copy a scenario with its personas, scenes and links as a private one",
        response=Scenario,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
)

PART_ENDPOINTS = (
    Endpoint(
        "GET",
        S + "/personas",
        parts.list_personas,
        "A scenario's personas",
        response=list[Persona],
        errors=READ,
    ),
    Endpoint(
        "POST",
        S + "/personas",
        parts.create_persona,
        "Add a persona to a scenario",
        body=PersonaCreate,
        response=Persona,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "PATCH",
        "/api/personas/{id}",
        parts.update_persona,
        "Change a persona",
        body=PersonaPatch,
        response=Persona,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        "/api/personas/{id}",
        parts.delete_persona,
        "Delete a persona (and its scene links)",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        S + "/scenes",
        parts.list_scenes,
        "A scenario's scenes in order",
        response=list[Scene],
        errors=READ,
    ),
    Endpoint(
        "POST",
        S + "/scenes",
        parts.create_scene,
        "Add a scene (at scene_order, default last; later scenes move down)",
        body=SceneCreate,
        response=Scene,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "PUT",
        S + "/scenes/order",
        parts.reorder_scenes,
        "Put all of a scenario's scenes in a new order",
        body=Reorder,
        response=list[Scene],
        errors=WRITE,
    ),
    Endpoint(
        "PATCH",
        "/api/scenes/{id}",
        parts.update_scene,
        "Change a scene; scene_order moves it (the others shift)",
        body=ScenePatch,
        response=Scene,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        "/api/scenes/{id}",
        parts.delete_scene,
        "Delete a scene (later scenes move up)",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "PUT",
        "/api/scenes/{id}/personas/{persona_id}",
        parts.put_link,
        "Put a persona of the same scenario into a scene",
        body=LinkPut,
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        "/api/scenes/{id}/personas/{persona_id}",
        parts.delete_link,
        "Take a persona out of a scene",
        status=204,
        errors=WRITE,
    ),
)

REVIEW_ENDPOINTS = (
    Endpoint(
        "GET",
        S + "/reviews",
        reviews.list_reviews,
        "A scenario's reviews, newest first",
        response=Page[Review],
        query=REVIEW_PAGE,
        errors=READ,
    ),
    Endpoint(
        "POST",
        S + "/reviews",
        reviews.create_review,
        "Review a scenario (one review per user per scenario)",
        body=ReviewCreate,
        response=Review,
        status=201,
        idempotent=True,
        errors=WRITE,
    ),
    Endpoint(
        "PATCH",
        "/api/reviews/{id}",
        reviews.update_review,
        "Change your review",
        body=ReviewPatch,
        response=Review,
        errors=WRITE,
    ),
    Endpoint(
        "DELETE",
        "/api/reviews/{id}",
        reviews.delete_review,
        "Delete your review",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        "/api/reviews/{id}/helpful",
        reviews.mark_helpful,
        "Mark someone else's review helpful (one vote per call)",
        response=Review,
        errors=WRITE,
    ),
)

FILE_ENDPOINTS = (
    Endpoint(
        "POST",
        S + "/files",
        files.upload,
        "Upload a file: the body is the file's bytes, its Content-Type one of file_type's",
        response=ScenarioFile,
        status=201,
        query=(
            Param("file_type", str, "pdf, image or document"),
            Param("filename", str, "the file's name (no path)"),
        ),
        errors=(400, 401, 403, 404, 409, 413, 415, 422),
    ),
    Endpoint(
        "GET",
        S + "/files",
        files.list_files,
        "A scenario's files",
        response=list[ScenarioFile],
        errors=READ,
    ),
    Endpoint(
        "GET",
        "/api/files/{id}",
        files.get_file,
        "A file's row",
        response=ScenarioFile,
        lock=files.lock_for_match,
    ),
    Endpoint(
        "GET",
        "/api/files/{id}/content",
        files.download,
        "A file's bytes, streamed",
        errors=READ,
    ),
    Endpoint(
        "DELETE",
        "/api/files/{id}",
        files.delete_file,
        "Delete a file (row and bytes)",
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        "/api/files/{id}/status",
        files.move_status,
        "Move processing_status: pending -> processing -> completed | failed",
        body=StatusMove,
        response=ScenarioFile,
        errors=WRITE,
    ),
    Endpoint(
        "POST",
        "/api/files/sweep",
        files.sweep_files,
        "Admins: finish or remove files a crash left behind",
        response=Swept,
        access="admin",
        query=(Param("older_than", int, "seconds a file is left alone (default 3600)"),),
        errors=(400, 401, 403, 422),
    ),
)

APP = AppSpec(
    name="edu",
    subject=Serial,
    json_columns=frozenset(
        {
            "learning_objectives",
            "tags",
            "primary_goals",
            "personality_traits",
            "processing_metadata",
        }
    )
    | AGENT_JSON_COLUMNS,
    bool_columns=frozenset(
        {
            "is_public",
            "is_template",
            "allow_remixes",
            "profile_public",
            "allow_contact",
            "is_active",
            "is_verified",
            "viewer_active",
        }
    )
    | AGENT_BOOL_COLUMNS,
    constraints={
        "scenario_reviews_scenario_id_reviewer_id_key": FieldError(
            path="$", message="you have already reviewed this scenario; change that review"
        ),
        "scenario_reviews_rating_check": FieldError(path="$.rating", message="must be 1 to 5"),
        "users_email_key": FieldError(path="$.email", message="is taken by another account"),
        "users_username_key": FieldError(path="$.username", message="is taken by another account"),
        **AGENT_CONSTRAINTS,
    },
    endpoints=(
        *ACCOUNT_ENDPOINTS,
        *SCENARIO_ENDPOINTS,
        *PART_ENDPOINTS,
        *REVIEW_ENDPOINTS,
        *FILE_ENDPOINTS,
        *AGENT_ENDPOINTS,
    ),
)
