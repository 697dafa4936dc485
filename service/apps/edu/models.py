"""Request and response shapes of the edu app (seed 003): accounts, scenarios, reviews, files;
the scenario parts (personas, scenes) are in part_models.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.bodies import STORABLE, json_fits

# VARCHAR without a length is VARCHAR(255) on MySQL (migrations/edu/README.md): the same limit
# on both engines, so both accept the same rows. URLs and paths are VARCHAR(2048) there.
Line = Annotated[str, Meta(max_length=255, pattern=STORABLE)]
Name = Annotated[str, Meta(min_length=1, max_length=255, pattern=STORABLE)]
Url = Annotated[str, Meta(max_length=2048, pattern=STORABLE)]
Text = Annotated[str, Meta(pattern=STORABLE, description="any text but U+0000")]
Minutes = Annotated[int, Meta(ge=0, le=2**31 - 1)]
Turns = Annotated[int, Meta(ge=1, le=2**31 - 1)]
Int32 = Annotated[int, Meta(ge=-(2**31), le=2**31 - 1)]
Item = Annotated[str, Meta(min_length=1, max_length=1000, pattern=STORABLE)]
Items = Annotated[list[Item], Meta(max_length=200)]
Tag = Annotated[str, Meta(min_length=1, max_length=100, pattern=STORABLE)]
Tags = Annotated[list[Tag], Meta(max_length=100)]
Score = Annotated[int, Meta(ge=-1000, le=1000)] | Annotated[float, Meta(ge=-1000, le=1000)]
Traits = Annotated[dict[Tag, Score], Meta(max_length=100)]
Role = Literal["admin", "teacher", "student", "user"]
SourceType = Literal["manual", "pdf_upload", "template"]
Email = Annotated[str, Meta(min_length=3, max_length=255, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\Z")]
Username = Annotated[str, Meta(min_length=1, max_length=255, pattern=r"^[^\s\x00\ud800-\udfff]+\Z")]
Password = Annotated[
    str, Meta(min_length=1, max_length=1024, pattern=STORABLE, description="10 to 128 characters")
]


# -- accounts ---------------------------------------------------------------------------------


class SignUp(Struct, forbid_unknown_fields=True, kw_only=True):
    email: Email
    username: Username
    password: Password
    full_name: Line | None = None
    bio: Text | None = None
    avatar_url: Url | None = None
    profile_public: bool = True
    allow_contact: bool = True


class Login(Struct, forbid_unknown_fields=True):
    login: Annotated[str, Meta(min_length=1, max_length=255, description="email or username")]
    password: Annotated[str, Meta(min_length=1, max_length=1024)]


class Token(Struct):
    access_token: str
    token_type: str
    user_id: int
    expires_in: int


class ProfilePatch(Struct, forbid_unknown_fields=True):
    full_name: Line | None | UnsetType = UNSET
    bio: Text | None | UnsetType = UNSET
    avatar_url: Url | None | UnsetType = UNSET
    profile_public: bool | UnsetType = UNSET
    allow_contact: bool | UnsetType = UNSET


class Manage(Struct, forbid_unknown_fields=True):
    role: Role | UnsetType = UNSET
    is_active: bool | UnsetType = UNSET
    is_verified: bool | UnsetType = UNSET


class User(Struct):
    """A profile; `email` is null to others when the user does not allow contact."""

    id: int
    email: str | None
    full_name: str | None
    username: str
    bio: str | None
    avatar_url: str | None
    role: str | None
    published_scenarios: int | None
    total_simulations: int | None
    reputation_score: float | None
    profile_public: bool | None
    allow_contact: bool | None
    is_active: bool | None
    is_verified: bool | None
    created_at: datetime | None
    updated_at: datetime | None


# -- scenarios --------------------------------------------------------------------------------


class ScenarioCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    title: Name
    description: Text | None = None
    challenge: Text | None = None
    industry: Line | None = None
    learning_objectives: Items | None = None
    source_type: SourceType = "manual"
    pdf_content: Text | None = None
    student_role: Line | None = None
    category: Line | None = None
    difficulty_level: Line | None = None
    estimated_duration: Minutes | None = None
    tags: Tags | None = None
    pdf_title: Line | None = None
    pdf_source: Url | None = None
    processing_version: Line = "1.0"
    is_public: Annotated[bool, Meta(description="publish (teachers and admins only)")] = False
    is_template: bool = False
    allow_remixes: bool = True


class ScenarioPatch(Struct, forbid_unknown_fields=True):
    title: Name | UnsetType = UNSET
    description: Text | None | UnsetType = UNSET
    challenge: Text | None | UnsetType = UNSET
    industry: Line | None | UnsetType = UNSET
    learning_objectives: Items | None | UnsetType = UNSET
    source_type: SourceType | UnsetType = UNSET
    pdf_content: Text | None | UnsetType = UNSET
    student_role: Line | None | UnsetType = UNSET
    category: Line | None | UnsetType = UNSET
    difficulty_level: Line | None | UnsetType = UNSET
    estimated_duration: Minutes | None | UnsetType = UNSET
    tags: Tags | None | UnsetType = UNSET
    pdf_title: Line | None | UnsetType = UNSET
    pdf_source: Url | None | UnsetType = UNSET
    processing_version: Line | UnsetType = UNSET
    is_public: bool | UnsetType = UNSET
    is_template: bool | UnsetType = UNSET
    allow_remixes: bool | UnsetType = UNSET


class Scenario(Struct):
    id: int
    title: str
    description: str | None
    challenge: str | None
    industry: str | None
    learning_objectives: Any
    source_type: str | None
    pdf_content: str | None
    student_role: str | None
    category: str | None
    difficulty_level: str | None
    estimated_duration: int | None
    tags: Any
    pdf_title: str | None
    pdf_source: str | None
    processing_version: str | None
    rating_avg: float | None
    rating_count: int | None
    is_public: bool | None
    is_template: bool | None
    allow_remixes: bool | None
    usage_count: int | None
    clone_count: int | None
    created_by: int | None
    creator_username: str | None
    created_at: datetime | None
    updated_at: datetime | None


class CatalogueItem(Struct):
    """A public scenario in the catalogue: everything but the PDF text."""

    id: int
    title: str
    description: str | None
    challenge: str | None
    industry: str | None
    category: str | None
    difficulty_level: str | None
    estimated_duration: int | None
    tags: Any
    rating_avg: float | None
    rating_count: int | None
    usage_count: int | None
    clone_count: int | None
    is_template: bool | None
    allow_remixes: bool | None
    created_by: int | None
    creator_username: str | None
    created_at: datetime | None
    updated_at: datetime | None


class OwnScenario(CatalogueItem):
    """One of the caller's own scenarios in their list: a catalogue item and whether it is
    published."""

    is_public: bool | None


# -- reviews ----------------------------------------------------------------------------------


class ReviewCreate(Struct, forbid_unknown_fields=True, kw_only=True):
    rating: Annotated[Int32, Meta(description="1 to 5 (the table's CHECK decides)")]
    title: Line | None = None
    review_text: Text | None = None


class ReviewPatch(Struct, forbid_unknown_fields=True):
    rating: Int32 | UnsetType = UNSET
    title: Line | None | UnsetType = UNSET
    review_text: Text | None | UnsetType = UNSET


class Review(Struct):
    id: int
    scenario_id: int | None
    reviewer_id: int | None
    reviewer_username: str | None
    rating: int
    title: str | None
    review_text: str | None
    helpful_count: int | None
    is_verified: bool | None
    created_at: datetime | None
    updated_at: datetime | None


# -- files ------------------------------------------------------------------------------------

FileType = Literal["pdf", "image", "document"]
Status = Literal["processing", "completed", "failed"]


class StatusMove(Struct, forbid_unknown_fields=True):
    processing_status: Annotated[
        Status, Meta(description="pending -> processing -> completed | failed")
    ]
    processing_metadata: dict[str, Any] | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        if self.processing_metadata is not UNSET:
            json_fits(self, "processing_metadata")


class ScenarioFile(Struct):
    id: int
    scenario_id: int | None
    filename: str
    file_type: str
    file_size: int | None
    processing_status: str | None
    processing_metadata: Any
    created_at: datetime | None
    updated_at: datetime | None


class Swept(Struct):
    finished: int
    removed: int
