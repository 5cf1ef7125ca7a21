"""A real OpenID Connect provider for the single sign-on tests (django-oauth-toolkit), run as
its own process with its own database (`serve.py`): the app under test talks to it over HTTP
exactly as it would to a university's provider. Test-only; never installed by the app."""
