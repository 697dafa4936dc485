"""The route table of the smartlite app, mounted at /smartlite (seed 002)."""

from __future__ import annotations

from service.apps.smartlite import accounts, executions, jobs, llm, pipelines, usage
from service.apps.smartlite.credentials import authenticate
from service.apps.smartlite.models import (
    ApiKey,
    ApiKeyCreate,
    ApiKeyCreated,
    Login,
    PasswordChange,
    Refresh,
    Register,
    SessionInfo,
    Tokens,
    User,
    UserPatch,
)
from service.errors import FieldError
from service.pages import Page
from service.routing import AppSpec, Endpoint, Param

PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)
READ = (400, 401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)

ACCOUNTS = (
    Endpoint(
        "POST",
        "/api/auth/register",
        accounts.register,
        "Create an account (email, username, password)",
        body=Register,
        response=User,
        status=201,
        access="public",
        errors=(400, 409, 422),
    ),
    Endpoint(
        "POST",
        "/api/auth/login",
        accounts.login,
        "Log in with email or username and password: a session's tokens, shown once",
        body=Login,
        response=Tokens,
        access="public",
        errors=(400, 401, 403, 422),
    ),
    Endpoint(
        "POST",
        "/api/auth/refresh",
        accounts.refresh,
        "Trade a refresh token for a new pair (a reused one ends every session)",
        body=Refresh,
        response=Tokens,
        access="public",
        errors=(400, 401, 422),
    ),
    Endpoint(
        "POST",
        "/api/auth/logout",
        accounts.logout,
        "End the session whose access token calls",
        status=204,
        errors=(400, 401),
    ),
    Endpoint(
        "GET",
        "/api/auth/sessions",
        accounts.list_sessions,
        "The caller's live sessions, newest first",
        response=Page[SessionInfo],
        query=PAGE,
        errors=READ,
    ),
    Endpoint(
        "DELETE",
        "/api/auth/sessions/{session_id}",
        accounts.revoke_session,
        "End one of the caller's sessions",
        status=204,
        errors=READ,
    ),
    Endpoint(
        "POST",
        "/api/auth/password",
        accounts.change_password,
        "Change the password; every other session ends",
        body=PasswordChange,
        status=204,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/users/me",
        accounts.get_me,
        "The calling account",
        response=User,
        lock=accounts.lock_me,
    ),
    Endpoint(
        "PATCH",
        "/api/users/me",
        accounts.update_me,
        "Change email, username, names, avatar",
        body=UserPatch,
        response=User,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/users",
        accounts.list_users,
        "Every account, newest first (admin)",
        response=Page[User],
        query=PAGE,
        access="admin",
        errors=READ,
    ),
    *(
        Endpoint(
            "POST",
            f"/api/users/{{user_id}}/{verb}",
            handler,
            summary,
            response=User,
            access="admin",
            errors=READ,
        )
        for verb, handler, summary in (
            ("deactivate", accounts.deactivate, "Deactivate an account: its credentials stop"),
            ("activate", accounts.activate, "Reactivate an account"),
            ("verify", accounts.verify, "Mark an account's email verified"),
        )
    ),
    Endpoint(
        "POST",
        "/api/api-keys",
        accounts.create_api_key,
        "Create an API key: the key is shown once",
        body=ApiKeyCreate,
        response=ApiKeyCreated,
        status=201,
        errors=WRITE,
    ),
    Endpoint(
        "GET",
        "/api/api-keys",
        accounts.list_api_keys,
        "The caller's API keys, without their secret",
        response=Page[ApiKey],
        query=PAGE,
        errors=READ,
    ),
    Endpoint(
        "DELETE",
        "/api/api-keys/{key_id}",
        accounts.revoke_api_key,
        "Revoke an API key",
        status=204,
        errors=READ,
    ),
)


def _queue(
    path: str, queue: jobs.Queue, create: type, done: type, complete: object, fail: object
) -> tuple[Endpoint, ...]:
    noun, shape = queue.noun, queue.shape
    return (
        Endpoint(
            "POST",
            f"/api/{path}",
            queue.create,
            f"Ask for a {noun} (pending)",
            body=create,
            response=shape,
            status=201,
            errors=WRITE,
            idempotent=True,
        ),
        Endpoint(
            "GET",
            f"/api/{path}",
            queue.list,
            f"A user's {noun}s newest first (status= filters); an admin's by status",
            response=Page[shape],  # type: ignore[valid-type]
            query=(*PAGE, STATUS, FOR_USER),
            errors=READ,
        ),
        Endpoint(
            "GET", f"/api/{path}/{{id}}", queue.get, f"One {noun}", response=shape, errors=READ
        ),
        Endpoint(
            "POST",
            f"/api/{path}/claim",
            queue.claim,
            f"Worker: take the oldest pending {noun} (item null when none)",
            response=jobs.Claimed,
            errors=READ,
        ),
        Endpoint(
            "POST",
            f"/api/{path}/{{id}}/complete",
            complete,  # type: ignore[arg-type]
            f"Worker: the result of a processing {noun} (metered)",
            body=done,
            response=shape,
            errors=WRITE,
        ),
        Endpoint(
            "POST",
            f"/api/{path}/{{id}}/fail",
            fail,  # type: ignore[arg-type]
            f"Worker: a pending or processing {noun} failed",
            body=jobs.Failure,
            response=shape,
            errors=WRITE,
        ),
    )


STATUS = Param("status", str, "only this status")
FOR_USER = Param("user_id", str, "admin only: this user's rows")
JOBS = (
    *_queue(
        "transcriptions",
        jobs.TRANSCRIPTIONS,
        jobs.TranscriptionCreate,
        jobs.TranscriptionDone,
        jobs.complete_transcription,
        jobs.fail_transcription,
    ),
    *_queue("tts", jobs.TTS, jobs.TtsCreate, jobs.TtsDone, jobs.complete_tts, jobs.fail_tts),
    Endpoint(
        "GET",
        "/api/usage",
        usage.get_usage,
        "Usage per UTC day and service (from=, to= dates; service=); admins any user's",
        response=usage.Usage,
        query=(
            Param("from", str, "first day, YYYY-MM-DD (default: 29 days before to)"),
            Param("to", str, "last day, YYYY-MM-DD (default: today, UTC)"),
            Param("service", str, "asr, tts, llm or pipeline"),
            Param("limit", int, "at most this many rows, 1 to 5000 (default 1000)"),
            FOR_USER,
        ),
        errors=READ,
    ),
)

APP = AppSpec(
    name="smartlite",
    endpoints=ACCOUNTS + JOBS + llm.ENDPOINTS + pipelines.ENDPOINTS + executions.ENDPOINTS,
    json_columns=frozenset({"metadata", "config", "input_data", "output_data"}),
    bool_columns=frozenset({"is_active", "is_verified"}),
    constraints={
        "users_email_key": FieldError(path="$.email", message="is already registered"),
        "users_username_key": FieldError(path="$.username", message="is already taken"),
        "api_keys_user_id_fkey": FieldError(path="$.user_id", message="names no user"),
    },
    credentials=authenticate,
)
