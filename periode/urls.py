"""The kepegawaian pages: pegawai (with their atasan per periode), the roster import/export and
the unit tree, under /accounts/ where they have always been."""

from django.urls import path, register_converter

from accounts.nip import NipConverter
from periode import views, views_akun, views_hak, views_pegawai, views_roster, views_unit

register_converter(NipConverter, "nip")

app_name = "kepegawaian"

urlpatterns = [
    path("pegawai/", views_pegawai.pegawai_daftar, name="pegawai_daftar"),
    path("pegawai/impor/", views_roster.roster_impor, name="roster_impor"),
    path("pegawai/impor/<str:token>/", views_roster.roster_pratinjau, name="roster_pratinjau"),
    path(
        "pegawai/impor/<str:token>/terapkan/", views_roster.roster_terapkan, name="roster_terapkan"
    ),
    path("pegawai/impor/<str:token>/batal/", views_roster.roster_batal, name="roster_batal"),
    path("pegawai/impor/<str:token>/induk/", views_roster.roster_induk, name="roster_induk"),
    path("pegawai/ekspor/<int:tahun>/", views_roster.roster_ekspor, name="roster_ekspor"),
    path("pegawai/templat/", views_roster.roster_templat, name="roster_templat"),
    path("pegawai/akun/", views_akun.akun_massal, name="akun_massal"),
    path("pegawai/akun/slip/", views_akun.akun_massal_slip, name="akun_massal_slip"),
    path("pegawai/cari/", views_pegawai.pegawai_cari, name="pegawai_cari"),
    path("pegawai/hak-admin/", views_hak.hak_admin, name="hak_admin"),
    path("pegawai/hak-admin/ubah/", views_hak.hak_admin_ubah, name="hak_admin_ubah"),
    path("pegawai/tambah/", views_pegawai.pegawai_tambah, name="pegawai_tambah"),
    path("pegawai/<nip:nip>/", views_pegawai.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<nip:nip>/ubah/", views_pegawai.pegawai_ubah, name="pegawai_ubah"),
    path("pegawai/<nip:nip>/mutasi/", views_pegawai.pegawai_mutasi, name="pegawai_mutasi"),
    path("pegawai/<nip:nip>/status/", views_pegawai.pegawai_status, name="pegawai_status"),
    path(
        "pegawai/<nip:nip>/kata-sandi/", views_pegawai.pegawai_kata_sandi, name="pegawai_kata_sandi"
    ),
    path(
        "pegawai/<nip:nip>/dua-faktor/atur-ulang/",
        views_pegawai.pegawai_dua_faktor_reset,
        name="pegawai_dua_faktor_reset",
    ),
    path(
        "pegawai/<nip:nip>/supervisi/<int:tahun>/",
        views_pegawai.supervisi_ubah,
        name="supervisi_ubah",
    ),
    path("unit/", views_pegawai.unit_daftar, name="unit_daftar"),
    path("unit/tambah/", views_unit.unit_tambah, name="unit_tambah"),
    path("unit/<int:pk>/ubah/", views_unit.unit_ubah, name="unit_ubah"),
    path("unit/<int:pk>/hapus/", views_unit.unit_hapus, name="unit_hapus"),
    path("unit/<int:pk>/gabung/", views_unit.unit_gabung, name="unit_gabung"),
    path("unit/<int:pk>/pimpinan/", views_unit.unit_pimpinan, name="unit_pimpinan"),
]

# The periode pages (namespace "periode", included in config/urls.py).
periode_urlpatterns = [
    path("periode/", views.periode_daftar, name="periode_daftar"),
    path("periode/tambah/", views.periode_tambah, name="periode_tambah"),
    path("periode/<int:pk>/ubah/", views.periode_ubah, name="periode_ubah"),
    path("dispensasi/", views.dispensasi_daftar, name="dispensasi_daftar"),
    path("dispensasi/tambah/", views.dispensasi_tambah, name="dispensasi_tambah"),
    path("dispensasi/<int:pk>/cabut/", views.dispensasi_cabut, name="dispensasi_cabut"),
]
