"""URLs of the Lampiran SKP and its presets (namespace `skp`, included by skp/urls/__init__.py)."""

from django.urls import path

from skp.views import lampiran as views

urlpatterns: list = [
    path("skp/<int:pk>/lampiran/<str:jenis>/", views.lampiran_daftar, name="lampiran_daftar"),
    path(
        "skp/<int:pk>/lampiran/<str:jenis>/tambah/", views.lampiran_tambah, name="lampiran_tambah"
    ),
    path(
        "skp/<int:pk>/lampiran/<str:jenis>/preset/", views.lampiran_preset, name="lampiran_preset"
    ),
    path(
        "skp/<int:pk>/lampiran/butir/<int:butir_pk>/ubah/",
        views.lampiran_ubah,
        name="lampiran_ubah",
    ),
    path(
        "skp/<int:pk>/lampiran/butir/<int:butir_pk>/hapus/",
        views.lampiran_hapus,
        name="lampiran_hapus",
    ),
    path(
        "skp/<int:pk>/lampiran/butir/<int:butir_pk>/pindah/",
        views.lampiran_pindah,
        name="lampiran_pindah",
    ),
    path("lampiran/preset/", views.preset_lampiran, name="preset_lampiran"),
    path("lampiran/preset/tambah/", views.preset_lampiran_tambah, name="preset_lampiran_tambah"),
    path("lampiran/preset/<int:pk>/ubah/", views.preset_lampiran_ubah, name="preset_lampiran_ubah"),
    path(
        "lampiran/preset/<int:pk>/hapus/", views.preset_lampiran_hapus, name="preset_lampiran_hapus"
    ),
    path(
        "lampiran/preset/<int:pk>/pindah/",
        views.preset_lampiran_pindah,
        name="preset_lampiran_pindah",
    ),
]
