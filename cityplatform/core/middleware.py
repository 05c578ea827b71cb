"""Language selection: Simplified Chinese unless the visitor chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so a resident whose
phone is set to English would get an English platform they never asked for. Here the
language comes only from the visitor's explicit choice (the language cookie set by
the switcher in the page header); everyone else gets LANGUAGE_CODE (zh-hans).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
