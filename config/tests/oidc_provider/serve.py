"""Run the test OpenID Connect provider: migrate a fresh SQLite database, create one client
and the given users, print SIAP, then serve on the given port until killed.

    python -m config.tests.oidc_provider.serve PORT REDIRECT_URI CLIENT_ID SECRET USER:PASS...
"""

import os
import sys


def main() -> None:
    port, redirect_uri, client_id, secret, *users = sys.argv[1:]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for pasangan in users:
        nama, sandi = pasangan.split(":", 1)
        User.objects.create_user(nama, password=sandi, first_name="Pengguna", last_name="SSO")
    Application.objects.create(
        name="SKP Online (uji)",
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    from django.core.handlers.wsgi import WSGIHandler

    print("SIAP", flush=True)
    run("127.0.0.1", int(port), WSGIHandler(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
