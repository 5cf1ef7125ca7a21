"""URLs of the SKP drafting pages (namespace `skp`, included by skp/urls/__init__.py)."""

urlpatterns: list = []
