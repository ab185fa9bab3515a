from django.conf import settings
from django.http import JsonResponse


class ChineseFirstMiddleware:
    """Chinese unless the user chose otherwise with the language switch.

    Offices share machines with English-language browsers (projector PCs, for one); the
    browser's Accept-Language should not turn the cockpit English in a meeting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNulMiddleware:
    """A NUL character in the query string or a form is refused (400) before any view runs:
    PostgreSQL cannot hold one in text, so it would otherwise surface as a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.POST.lists()
        ):
            # JSON, the API's documented error body; a page visitor reads the sentence as well.
            return JsonResponse({"detail": "请求中含有 NUL（\\0）字符，无法处理"}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
