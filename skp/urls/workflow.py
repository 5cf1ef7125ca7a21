"""URLs of the SKP workflow pages (namespace `skp`, included by skp/urls/__init__.py)."""

urlpatterns: list = []
