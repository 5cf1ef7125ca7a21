"""URLs of the SKP drafting pages (namespace `skp`, included by skp/urls/__init__.py)."""

from django.urls import path

from skp.views import drafting as views

urlpatterns: list = [
    path("skp/", views.daftar, name="daftar"),
    path("skp/mulai/", views.mulai, name="mulai"),
    path("skp/<int:pk>/", views.detail, name="detail"),
    path("skp/<int:pk>/rk/tambah/<str:jenis>/", views.rk_tambah, name="rk_tambah"),
    path("skp/<int:pk>/rk/<int:rk_pk>/ubah/", views.rk_ubah, name="rk_ubah"),
    path("skp/<int:pk>/rk/<int:rk_pk>/hapus/", views.rk_hapus, name="rk_hapus"),
    path("skp/<int:pk>/rk/<int:rk_pk>/pindah/", views.rk_pindah, name="rk_pindah"),
    path(
        "skp/<int:pk>/rk/<int:rk_pk>/kabar-matriks/tutup/",
        views.rk_kabar_tutup,
        name="rk_kabar_tutup",
    ),
    path(
        "skp/<int:pk>/rk/<int:rk_pk>/usulan-matriks/terima/",
        views.rk_usulan_terima,
        name="rk_usulan_terima",
    ),
    path("skp/<int:pk>/rk/<int:rk_pk>/iki/tambah/", views.iki_tambah, name="iki_tambah"),
    path("skp/<int:pk>/iki/<int:iki_pk>/ubah/", views.iki_ubah, name="iki_ubah"),
    path("skp/<int:pk>/iki/<int:iki_pk>/hapus/", views.iki_hapus, name="iki_hapus"),
    path("skp/<int:pk>/iki/<int:iki_pk>/pindah/", views.iki_pindah, name="iki_pindah"),
    path("skp/<int:pk>/salin/", views.salin, name="salin"),
    path("skp/<int:pk>/model-form/", views.model_form, name="model_form"),
    path("skp/<int:pk>/pendekatan/", views.pendekatan, name="pendekatan"),
    path("uraian-tugas/", views.uraian_tugas_daftar, name="uraian_tugas_daftar"),
    path("uraian-tugas/<int:pegawai_pk>/", views.uraian_tugas, name="uraian_tugas"),
]
