"""Pages for responses Django leaves empty."""

from django.shortcuts import render


class Halaman405Middleware:
    """A GET on a POST-only URL (a form's address reloaded after an error, a bookmarked
    action) gets Django's empty 405: a person gets a page that says what happened instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            halaman = render(request, "405.html", status=405)
            halaman["Allow"] = response.get("Allow", "")
            return halaman
        return response
