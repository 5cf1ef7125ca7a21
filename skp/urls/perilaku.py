"""URLs of the Perilaku Kerja pages (namespace `skp`, included by skp/urls/__init__.py). A value
is named by its number (1–7) in the regulation's order."""

from django.urls import path

from skp.views import perilaku as views

urlpatterns: list = [
    path("skp/<int:pk>/perilaku/<int:nomor>/", views.perilaku_baris, name="perilaku_baris"),
    path("skp/<int:pk>/perilaku/<int:nomor>/ubah/", views.perilaku_ubah, name="perilaku_ubah"),
    path("perilaku/preset/", views.preset_daftar, name="preset_perilaku"),
    path("perilaku/preset/tambah/", views.preset_tambah, name="preset_perilaku_tambah"),
    path("perilaku/preset/<int:preset_pk>/ubah/", views.preset_ubah, name="preset_perilaku_ubah"),
    path(
        "perilaku/preset/<int:preset_pk>/hapus/", views.preset_hapus, name="preset_perilaku_hapus"
    ),
    path(
        "perilaku/preset/<int:preset_pk>/pindah/",
        views.preset_pindah,
        name="preset_perilaku_pindah",
    ),
]
