"""URLs of the SKP workflow pages (namespace `skp`, included by skp/urls/__init__.py)."""

from django.urls import path

from skp.views import komentar as percakapan
from skp.views import workflow as views

urlpatterns: list = [
    path("skp/<int:pk>/ajukan/", views.ajukan, name="ajukan"),
    path("skp/<int:pk>/setujui/", views.setujui, name="setujui"),
    path("skp/<int:pk>/kembalikan/", views.kembalikan, name="kembalikan"),
    path("skp/<int:pk>/tinjau/", views.tinjau, name="tinjau"),
    path("skp/<int:pk>/komentar/", views.komentar, name="komentar"),
    path(
        "skp/<int:pk>/komentar/<int:komentar_pk>/balas/",
        percakapan.balas,
        name="komentar_balas",
    ),
    path(
        "skp/<int:pk>/komentar/<int:komentar_pk>/selesai/",
        percakapan.selesai,
        name="komentar_selesai",
    ),
    path(
        "skp/<int:pk>/komentar/<int:komentar_pk>/buka/",
        percakapan.buka,
        name="komentar_buka",
    ),
    path("skp/<int:pk>/riwayat/", views.riwayat, name="riwayat"),
    path("validasi/", views.validasi, name="validasi"),
    path("rekap/", views.rekap_index, name="rekap_index"),
    path("rekap/<int:tahun>/", views.rekap, name="rekap"),
    path("rekap/<int:tahun>/unduh/", views.rekap_unduh, name="rekap_unduh"),
]
