"""Tests run the real settings as a development deployment. pytest-django loads settings
before any conftest, so the environment is set here. (It still forces DEBUG off in tests.)"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "true")
# Playwright runs an event loop in the test thread beside Django's sync ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from config.settings import *  # noqa: E402, F403

# Rendering is what most PDF tests examine: no PDF cache unless a test asks for one.
CACHES = {**CACHES, "pdf": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
