"""Reading the REST error body (rest_api.exceptions) in tests, spelled once."""

from typing import Any


def one_error(code: str, detail: str, *, attr: str | None = None, kind: str | None = None) -> dict:
    """The body of an answer carrying one error; a named field makes it a validation error."""
    kind = kind or ("validation_error" if attr is not None else "client_error")
    return {"type": kind, "errors": [{"code": code, "detail": detail, "attr": attr}]}


def messages(response: Any) -> dict[str | None, list[str]]:
    """An error answer's messages by the field they name (None: the request as a whole)."""
    found: dict[str | None, list[str]] = {}
    for error in response.json()["errors"]:
        found.setdefault(error["attr"], []).append(error["detail"])
    return found


def codes(response: Any) -> list[str]:
    """An error answer's codes, in order."""
    return [error["code"] for error in response.json()["errors"]]


# A GraphQL request whose Bearer token is invalid, expired, forged or revoked: no data at all.
UNAUTHENTICATED = {
    "errors": [
        {"message": "Token is invalid, expired or revoked.", "extensions": {"code": "UNAUTHENTICATED"}}
    ]
}
