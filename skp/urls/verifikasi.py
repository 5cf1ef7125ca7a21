"""The public page that checks a printed Form SKP (namespace `skp`, no login)."""

from django.urls import path

from skp.views import verifikasi as views

urlpatterns: list = [
    path("verifikasi/", views.verifikasi, name="verifikasi"),
    path("verifikasi/<str:kode>/", views.verifikasi_kode, name="verifikasi_kode"),
]
