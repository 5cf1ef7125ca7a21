"""URLs of the SKP dokumen pages (namespace `skp`, included by skp/urls/__init__.py)."""

from django.urls import path

from skp.views import dokumen

urlpatterns: list = [
    path("skp/<int:pk>/pdf/", dokumen.skp_pdf, name="pdf"),
    path("skp/<int:pk>/xlsx/", dokumen.skp_xlsx, name="xlsx"),
    path("skp/<int:pk>/versi/<int:nomor>/pdf/", dokumen.versi_pdf, name="versi_pdf"),
    path("skp/<int:pk>/versi/<int:nomor>/xlsx/", dokumen.versi_xlsx, name="versi_xlsx"),
    path("dokumen/batch/", dokumen.batch_daftar, name="batch_daftar"),
    path("dokumen/batch/minta/", dokumen.batch_minta, name="batch_minta"),
    path("dokumen/batch/<int:pk>/status/", dokumen.batch_status, name="batch_status"),
    path("dokumen/batch/<int:pk>/unduh/", dokumen.batch_unduh, name="batch_unduh"),
]
