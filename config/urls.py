from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from accounts.urls import (
    audit_urlpatterns,
    auth_urlpatterns,
    dua_faktor_urlpatterns,
    sso_urlpatterns,
)
from beranda import views as beranda_views
from config.kesehatan import healthz
from periode.urls import periode_urlpatterns

urlpatterns = [
    path("", beranda_views.beranda, name="beranda"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", accounts_views.favicon, name="favicon"),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/log-audit/", include((audit_urlpatterns, "audit"))),
    path("accounts/dua-faktor/", include((dua_faktor_urlpatterns, "dua_faktor"))),
    path("accounts/sso/", include((sso_urlpatterns, "sso"))),
    path("accounts/", include("periode.urls")),
    path("", include((periode_urlpatterns, "periode"))),
    path("", include("skp.urls")),
    path("", include("kpi.urls")),
    path("", include("penugasan.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "accounts.views.error_403"
handler404 = "accounts.views.error_404"
handler500 = "accounts.views.error_500"
