from django.urls import path

from penugasan import views

app_name = "penugasan"

urlpatterns = [
    path("penugasan/", views.saya, name="saya"),
    path("penugasan/baru/", views.baru, name="baru"),
    path("penugasan/cari-pegawai/", views.cari_pegawai, name="cari_pegawai"),
    path("penugasan/peluang/", views.peluang, name="peluang"),
    path("penugasan/peluang/baru/", views.peluang_baru, name="peluang_baru"),
    path("penugasan/peluang/<int:pk>/ikut/", views.ikut, name="ikut"),
    path("penugasan/<int:pk>/", views.detail, name="detail"),
    path("penugasan/<int:pk>/tutup/", views.tutup, name="tutup"),
    path("penugasan/<int:pk>/tarik/", views.tarik, name="tarik"),
    path("penugasan/anggota/<int:pk>/tarik/", views.tarik_anggota, name="tarik_anggota"),
    path("penugasan/anggota/<int:pk>/komentar/", views.komentar, name="komentar"),
    path(
        "penugasan/anggota/<int:pk>/komentar/<int:komentar_pk>/balas/",
        views.balas,
        name="komentar_balas",
    ),
    path("penugasan/anggota/<int:pk>/putuskan/", views.putuskan, name="putuskan"),
    path("penugasan/anggota/<int:pk>/konfirmasi/", views.konfirmasi, name="konfirmasi"),
    path("penugasan/anggota/<int:pk>/terima-skp/", views.terima_skp, name="terima_skp"),
]
