"""Routes of edu's scenario reviews."""

from __future__ import annotations

from service.apps.edu import reviews
from service.apps.edu.codes import PAGE, READ, WRITE, S
from service.apps.edu.models import (
    Review,
    ReviewCreate,
    ReviewPatch,
)
from service.pages import Page
from service.routing import Endpoint

REVIEW_ENDPOINTS = (
    Endpoint(
        "GET",
        S + "/reviews",
        reviews.list_reviews,
        "A scenario's reviews, newest first",
        response=Page[Review],
        query=PAGE,
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
