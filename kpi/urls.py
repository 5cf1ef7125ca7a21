from django.urls import path

from kpi import views

app_name = "kpi"
urlpatterns = [
    path("matriks/", views.matriks_daftar, name="matriks_daftar"),
    path("matriks/buat/", views.matriks_buat, name="matriks_buat"),
    path("matriks/<int:pk>/", views.matriks_detail, name="matriks"),
    path("matriks/<int:pk>/anggota/", views.anggota_tambah, name="anggota_tambah"),
    path(
        "matriks/<int:pk>/anggota/<int:anggota_pk>/hapus/",
        views.anggota_hapus,
        name="anggota_hapus",
    ),
    path("matriks/<int:pk>/kolom/", views.kolom_tambah, name="kolom_tambah"),
    path("matriks/<int:pk>/kolom/<int:kolom_pk>/hapus/", views.kolom_hapus, name="kolom_hapus"),
    path("matriks/<int:pk>/sel/<int:anggota_pk>/<int:kolom_pk>/", views.sel_tampil, name="sel"),
    path(
        "matriks/<int:pk>/sel/<int:anggota_pk>/<int:kolom_pk>/ubah/",
        views.sel_ubah,
        name="sel_ubah",
    ),
    path("matriks/<int:pk>/terapkan/", views.terapkan, name="terapkan"),
    path("matriks/<int:pk>/matriks.xlsx", views.matriks_xlsx, name="matriks_xlsx"),
    path("matriks/<int:pk>/matriks.pdf", views.matriks_pdf, name="matriks_pdf"),
    path("kpi/", views.kpi_daftar, name="daftar"),
    path("kpi/tambah/", views.kpi_tambah, name="tambah"),
    path("kpi/<int:pk>/ubah/", views.kpi_ubah, name="ubah"),
    path("kpi/<int:pk>/hapus/", views.kpi_hapus, name="hapus"),
]
