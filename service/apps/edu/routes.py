"""Routes of the edu app, mounted at /edu (seed 003): scenarios with personas and scenes, the
public catalogue, remixes and reviews."""

from __future__ import annotations

from service.apps.edu.account_routes import ACCOUNT_ENDPOINTS
from service.apps.edu.agent_routes import (
    AGENT_BOOL_COLUMNS,
    AGENT_CONSTRAINTS,
    AGENT_ENDPOINTS,
    AGENT_JSON_COLUMNS,
)
from service.apps.edu.file_routes import FILE_ENDPOINTS
from service.apps.edu.review_routes import REVIEW_ENDPOINTS
from service.apps.edu.scenario_routes import PART_ENDPOINTS, SCENARIO_ENDPOINTS
from service.bodies import Serial
from service.errors import FieldError
from service.routing import AppSpec

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
