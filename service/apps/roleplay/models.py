"""Request and response shapes of the roleplay app (seed 000)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from msgspec import UNSET, Meta, Raw, Struct, UnsetType

from service.bodies import (
    INT32_MAX,
    Int32,
    Text,
    anchored,
    json_fits,
    storable_moment,
    text_fits,
    url_or_path,
)
from service.http import field_rule

ID_PATTERN = anchored(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,35}")
Id = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=36,
        pattern=ID_PATTERN,
        description="a UUID, or any id of up to 36 letters, digits and _ . : -",
    ),
]
Username = Annotated[Text, Meta(min_length=1, max_length=100)]
Line255 = Annotated[Text, Meta(max_length=255)]
Line100 = Annotated[Text, Meta(max_length=100)]
Name = Annotated[Text, Meta(min_length=1, max_length=100)]
Title = Annotated[Text, Meta(min_length=1, max_length=255)]
LongText = Annotated[Text, Meta(description="at most 65,535 bytes of UTF-8")]
Script = Annotated[Text, Meta(description="the 10 MB request limit applies")]
UrlOrPath = Annotated[
    Text, Meta(description="a URL or path of at most 512 characters; not a data: URL")
]
Tag = Annotated[Text, Meta(min_length=1, max_length=100)]
Tags = Annotated[list[Tag], Meta(max_length=100)]
Json = dict[str, Any] | list[Any]
Seconds = Annotated[int, Meta(ge=0, le=INT32_MAX)]  # a non-negative INT

SCENARIO_TEXTS = (
    "description",
    "generation_prompt",
    "workflow",
    "knowledge_points",
    "scoring_criteria",
)
ROLE_TEXTS = ("system_prompt_addon", "generation_prompt")


# -- users ------------------------------------------------------------------------------------


class UserCreate(Struct, forbid_unknown_fields=True):
    id: Id | UnsetType = UNSET
    username: Username | None = None
    avatar_url: UrlOrPath | None = None
    settings: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        url_or_path(self, "avatar_url")
        json_fits(self, "settings")


class UserPatch(Struct, forbid_unknown_fields=True):
    username: Username | None | UnsetType = UNSET
    avatar_url: UrlOrPath | None | UnsetType = UNSET
    settings: dict[str, Any] | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        url_or_path(self, "avatar_url")
        json_fits(self, "settings")


class User(Struct):
    """A user's profile; `settings` may hold API keys, so only its owner or an admin sees it."""

    id: str
    username: str | None
    avatar_url: str | None
    settings: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


# -- scenarios --------------------------------------------------------------------------------


class ScenarioFields(Struct, forbid_unknown_fields=True, kw_only=True):
    subtitle: Line255 | None = None
    description: LongText | None = None
    tags: Tags | None = None
    script_content: Script | None = None
    generation_prompt: LongText | None = None
    workflow: LongText | None = None
    knowledge_points: LongText | None = None
    scoring_criteria: LongText | None = None
    scoring_dimensions: Json | None = None


class ScenarioCreate(ScenarioFields, kw_only=True):
    id: Id | UnsetType = UNSET
    title: Title
    user_id: Annotated[
        Id | None, Meta(description="admin only: whose scenario; none makes a system template")
    ] = None
    is_default: Annotated[
        bool, Meta(description="a system template (admin only, user_id must be null)")
    ] = False

    def __post_init__(self) -> None:
        text_fits(self, *SCENARIO_TEXTS)
        json_fits(self, "scoring_dimensions")


class ScenarioPatch(Struct, forbid_unknown_fields=True):
    title: Title | UnsetType = UNSET
    subtitle: Line255 | None | UnsetType = UNSET
    description: LongText | None | UnsetType = UNSET
    tags: Tags | None | UnsetType = UNSET
    script_content: Script | None | UnsetType = UNSET
    generation_prompt: LongText | None | UnsetType = UNSET
    workflow: LongText | None | UnsetType = UNSET
    knowledge_points: LongText | None | UnsetType = UNSET
    scoring_criteria: LongText | None | UnsetType = UNSET
    scoring_dimensions: Json | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        text_fits(self, *SCENARIO_TEXTS)
        json_fits(self, "scoring_dimensions")


class ScenarioSummary(Struct):
    """A scenario in a list: everything but the script and the long prompts."""

    id: str
    user_id: str | None
    is_default: bool
    title: str | None
    subtitle: str | None
    description: str | None
    tags: list[Any] | None
    created_at: datetime
    updated_at: datetime


class Scenario(Struct):
    id: str
    user_id: str | None
    is_default: bool
    title: str | None
    subtitle: str | None
    description: str | None
    tags: list[Any] | None
    script_content: str | None
    generation_prompt: str | None
    workflow: str | None
    knowledge_points: str | None
    scoring_criteria: str | None
    scoring_dimensions: Any
    created_at: datetime
    updated_at: datetime


# -- roles ------------------------------------------------------------------------------------


class RoleFields(Struct, forbid_unknown_fields=True, kw_only=True):
    name_cn: Line100 | None = None
    title: Line100 | None = None
    avatar_url: UrlOrPath | None = None
    focus_areas: Json | None = None
    personality: Json | None = None
    system_prompt_addon: LongText | None = None
    generation_prompt: LongText | None = None


class RoleCreate(RoleFields, kw_only=True):
    id: Id | UnsetType = UNSET
    name: Name
    user_id: Annotated[
        Id | None, Meta(description="admin only: whose role; none makes a system template")
    ] = None
    is_default: Annotated[
        bool, Meta(description="a system template (admin only, user_id must be null)")
    ] = False

    def __post_init__(self) -> None:
        url_or_path(self, "avatar_url")
        text_fits(self, *ROLE_TEXTS)
        json_fits(self, "focus_areas", "personality")


class RolePatch(Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    name_cn: Line100 | None | UnsetType = UNSET
    title: Line100 | None | UnsetType = UNSET
    avatar_url: UrlOrPath | None | UnsetType = UNSET
    focus_areas: Json | None | UnsetType = UNSET
    personality: Json | None | UnsetType = UNSET
    system_prompt_addon: LongText | None | UnsetType = UNSET
    generation_prompt: LongText | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        url_or_path(self, "avatar_url")
        text_fits(self, *ROLE_TEXTS)
        json_fits(self, "focus_areas", "personality")


class RoleSummary(Struct):
    """A role in a list: everything but the prompts."""

    id: str
    user_id: str | None
    is_default: bool
    name: str | None
    name_cn: str | None
    title: str | None
    avatar_url: str | None
    focus_areas: Any
    personality: Any
    created_at: datetime
    updated_at: datetime


class Role(Struct):
    id: str
    user_id: str | None
    is_default: bool
    name: str | None
    name_cn: str | None
    title: str | None
    avatar_url: str | None
    focus_areas: Any
    personality: Any
    system_prompt_addon: str | None
    generation_prompt: str | None
    created_at: datetime
    updated_at: datetime


# -- session records --------------------------------------------------------------------------


class SessionCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    id: Id | UnsetType = UNSET
    user_id: Annotated[Id | None, Meta(description="admin only: whose session")] = None
    scenario_id: Id | None = None
    role_id: Id | None = None
    start_time: Annotated[
        datetime,
        Meta(description="when practice began; stored in UTC to the second (no offset = UTC)"),
    ]
    score: Int32 | None = None
    duration_seconds: Seconds | None = None
    messages: Annotated[list[Any] | None, Meta(description="the full transcript")] = None
    ai_analysis: Json | None = None
    audio_url: UrlOrPath | None = None

    def __post_init__(self) -> None:
        url_or_path(self, "audio_url")
        json_fits(self, "messages", "ai_analysis")
        # DATETIME / timestamp(0): MariaDB truncates fractions where PostgreSQL rounds, so the
        # service drops them itself and both engines store the same second, in UTC.
        moment = storable_moment(self.start_time)
        if moment is None:
            raise field_rule("start_time", "is outside the years 1000 to 9999 in UTC")
        self.start_time = moment.replace(microsecond=0)


class SessionSummary(Struct):
    """A session in a list: everything but the transcript and the analysis."""

    id: str
    user_id: str
    scenario_id: str | None
    role_id: str | None
    start_time: datetime | None
    score: int | None
    duration_seconds: int | None
    audio_url: str | None
    created_at: datetime


class Session(Struct):
    id: str
    user_id: str
    scenario_id: str | None
    role_id: str | None
    start_time: datetime | None
    score: int | None
    duration_seconds: int | None
    messages: list[Any] | None
    ai_analysis: Any
    audio_url: str | None
    created_at: datetime
    updated_at: datetime


class Count(Struct):
    count: int


# -- system templates and the LocalStorage import ---------------------------------------------


class Defaults(Struct, forbid_unknown_fields=True):
    """The shipped system templates (defaults.json)."""

    scenarios: list[ScenarioCreate]
    roles: list[RoleCreate]


class Seeded(Struct):
    """What init_defaults inserted: the ids that were missing."""

    scenarios: list[str]
    roles: list[str]


class Upload(Struct, forbid_unknown_fields=True):
    """What the browser kept. Items are checked one by one, so a bad item is reported and the
    rest still goes in; each needs its id (the import is idempotent by id)."""

    profile: Annotated[
        Raw | UnsetType,
        Meta(description="fills the caller's empty profile fields (as PATCH /api/users/me)"),
    ] = UNSET
    scenarios: Annotated[list[Raw], Meta(description="as POST /api/scenarios, id required")] = []
    roles: Annotated[list[Raw], Meta(description="as POST /api/roles, id required")] = []
    sessions: Annotated[list[Raw], Meta(description="as POST /api/sessions, id required")] = []


class Rejected(Struct):
    index: int
    id: str | None
    path: str
    reason: str


class Outcome(Struct):
    inserted: int = 0
    already_present: int = 0
    rejected: list[Rejected] = []


class ProfileOutcome(Struct):
    updated: bool = False
    already_present: bool = False
    rejected: list[Rejected] = []


class Imported(Struct):
    profile: ProfileOutcome
    scenarios: Outcome
    roles: Outcome
    sessions: Outcome
