from django.conf import settings


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
