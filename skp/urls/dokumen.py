"""URLs of the SKP dokumen pages (namespace `skp`, included by skp/urls/__init__.py)."""

urlpatterns: list = []
