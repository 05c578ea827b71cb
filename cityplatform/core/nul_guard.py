"""Refuse requests that carry a NUL character, before any view sees them.

PostgreSQL text columns cannot hold U+0000: a NUL that reaches a query raises
DataError, which would surface as a 500 (the API fuzz test found one through a
query parameter). Django's form CharFields already refuse NUL, but API schemas,
path converters and hand-read query parameters do not, so the guard sits in front
of all of them. A NUL is never meaningful in this platform's text, so the whole
request is refused with a 400: JSON `{"error": ...}` under /api/, plain text elsewhere.

Uploaded files are binary and may contain NUL bytes; only the text fields of a
multipart form are checked.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL_CODE = "null_character"
_JSON_ESCAPED_NUL = b"\\u0000"


def request_has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "multipart/form-data":
        return any("\x00" in key or "\x00" in value for key, value in _form_items(request))
    body = request.body
    if request.content_type == "application/x-www-form-urlencoded":
        body = unquote_to_bytes(body.replace(b"+", b" "))
    return b"\x00" in body or _JSON_ESCAPED_NUL in body


def _form_items(request: HttpRequest) -> list[tuple[str, str]]:
    items = [(key, value) for key, values in request.POST.lists() for value in values]
    items += [
        (key, upload.name or "") for key, uploads in request.FILES.lists() for upload in uploads
    ]
    return items


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            message = _("The request contains a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": NUL_CODE, "message": message}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
