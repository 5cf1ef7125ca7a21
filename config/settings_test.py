"""Tests run the real settings as a development deployment. pytest-django loads settings
before any conftest, so the environment is set here. (It still forces DEBUG off in tests.)"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "true")
# Playwright runs an event loop in the test thread beside Django's sync ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Most tests sign the cast's admin in with force_login and open pages; the two-factor tests
# (accounts/tests/test_dua_faktor*.py) switch the rule on. A device, once enrolled, is always
# asked for, whatever this says.
os.environ.setdefault("SKP_DUA_FAKTOR_WAJIB", "false")

from config.settings import *  # noqa: E402, F403

# Rendering is what most PDF tests examine: no PDF cache unless a test asks for one.
CACHES = {**CACHES, "pdf": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405

# The one place tests hash fast: Argon2id (~20 ms a hash) was about 40 % of the suite, spent by
# factories that set passwords nobody types. The login tests ask for the production hashers
# (the `hasher_produksi` fixture in conftest.py), so Argon2 stays exercised where it matters.
PASSWORD_HASHERS_PRODUKSI = list(PASSWORD_HASHERS)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS_PRODUKSI]
