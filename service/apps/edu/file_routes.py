"""Routes of edu's scenario files and their processing status."""

from __future__ import annotations

from service.apps.edu import files
from service.apps.edu.codes import READ, WRITE, S
from service.apps.edu.models import (
    ScenarioFile,
    StatusMove,
    Swept,
)
from service.routing import Endpoint, Param

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
