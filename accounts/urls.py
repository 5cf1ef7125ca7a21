from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import sso, views, views_audit, views_dua_faktor, views_reset

# Django's auth views keep their global names (login, logout, password_change…).
auth_urlpatterns = [
    path("login/", views.MasukView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        views.GantiKataSandiView.as_view(),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("lupa-kata-sandi/", views_reset.ResetKataSandiView.as_view(), name="password_reset"),
    path(
        "lupa-kata-sandi/terkirim/",
        views_reset.ResetTerkirimView.as_view(),
        name="password_reset_done",
    ),
    path(
        "atur-ulang/<uidb64>/<token>/",
        views_reset.AturKataSandiBaruView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "atur-ulang/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# The audit log (namespace "audit", included in config/urls.py).
audit_urlpatterns = [
    path("", views_audit.audit_daftar, name="daftar"),
    path("ekspor/", views_audit.audit_ekspor, name="ekspor"),
]

# Two-factor sign-in (namespace "dua_faktor", included in config/urls.py).
dua_faktor_urlpatterns = [
    path("", views_dua_faktor.kelola, name="kelola"),
    path("verifikasi/", views_dua_faktor.verifikasi, name="verifikasi"),
    path("pasang/", views_dua_faktor.pasang, name="pasang"),
    path("kode-pemulihan/", views_dua_faktor.kode_pemulihan, name="kode_pemulihan"),
    path("kode-pemulihan/baru/", views_dua_faktor.kode_baru, name="kode_baru"),
    path("matikan/", views_dua_faktor.matikan, name="matikan"),
]

# Single sign-on (namespace "sso"): 404 unless SKP_SSO_OIDC_ISSUER is set.
sso_urlpatterns = [
    path("mulai/", sso.mulai, name="mulai"),
    path("kembali/", sso.kembali, name="kembali"),
]
