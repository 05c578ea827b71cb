"""The JSON API root, mounted at /api/ (OpenAPI at /api/openapi.json, docs at /api/docs).

Every app with an `api` module exposing `router` is mounted at /api/<app label>/.
Errors always have one shape, `{"error": {"code": "...", "message": "..."}}`,
and list endpoints share one pagination (`Pagination`).
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from cityplatform.core.errors import DomainError

api = NinjaAPI(
    title="株洲市城市综合服务信息平台 API",
    version="1",
    description="Public and staff endpoints of the platform. Errors: "
    '`{"error": {"code": "...", "message": "..."}}`.',
    urls_namespace="api",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update(extra)
    return api.create_response(request, {"error": body}, status=status)


def _field_name(loc: list[Any]) -> str:
    # ninja locations look like ["body", "payload", "phone"] or ["query", "page"]: drop
    # the leading location parts only, so a field that is itself called "body" stays.
    parts = [str(p) for p in loc]
    while parts and parts[0] in ("body", "query", "path", "form", "header", "cookie"):
        parts.pop(0)
    if parts and parts[0] == "payload":
        parts.pop(0)
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        fields.setdefault(_field_name(list(err.get("loc", []))) or "__all__", []).append(
            str(err.get("msg", "invalid"))
        )
    return error_response(request, 422, "invalid", _("The request is not valid."), fields=fields)


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        first = next(iter(fields.values()))[0]
        return error_response(request, 422, "invalid", first, fields=fields)
    return error_response(request, 422, "invalid", "；".join(str(m) for m in exc.messages))


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, str(exc.message), **exc.details)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(AuthorizationError)
def _authorization(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return error_response(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or _("You may not do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        429: "too_many_requests",
    }
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        module_name = f"{config.name}.api"
        if config.name.startswith("cityplatform.") and find_spec(module_name):
            router = getattr(import_module(module_name), "router", None)
            if router is not None:
                api.add_router(f"/{config.label}/", router)


_mount_app_routers()
