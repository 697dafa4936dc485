"""Routes of edu's accounts: sign-up, login, the caller's profile and admins' user management."""

from __future__ import annotations

from service.apps.edu import accounts
from service.apps.edu.codes import READ, WRITE
from service.apps.edu.models import (
    Login,
    Manage,
    ProfilePatch,
    SignUp,
    Token,
    User,
)
from service.routing import Endpoint

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
