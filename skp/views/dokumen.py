"""Official documents: the Form SKP as PDF and .xlsx, and a unit's batch of PDFs as a ZIP."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from skp.access import get_skp_for_viewer
from skp.cetak import nama_berkas, pdf_skp, slug_berkas
from skp.dokumen import Dokumen, dokumen_dari_versi, susun_dokumen
from skp.exceptions import SkpError
from skp.forms import BatchDokumenForm
from skp.models import BatchDokumen, Skp, SkpVersi
from skp.services.dokumen import can_request_batch, minta_batch_dokumen
from skp.spreadsheets import xlsx_skp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unduhan(isi: bytes, content_type: str, nama: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(isi, content_type=content_type)
    jenis = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{jenis}; filename="{nama}"'
    # Personal data: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def skp_pdf(request, pk: int):
    skp = get_skp_for_viewer(request.user, pk, Skp.objects.dengan_isi())
    return _unduhan(
        pdf_skp(susun_dokumen(skp)), "application/pdf", nama_berkas(skp, "pdf"), inline=True
    )


@login_required
@require_GET
def skp_xlsx(request, pk: int):
    skp = get_skp_for_viewer(request.user, pk, Skp.objects.dengan_isi())
    return _unduhan(xlsx_skp(susun_dokumen(skp)), XLSX, nama_berkas(skp, "xlsx"))


def _dokumen_versi(request, pk: int, nomor: int) -> Dokumen:
    """Version `nomor` of an SKP the user may read (the viewer rule), else 404."""
    skp = get_skp_for_viewer(request.user, pk)
    versi = get_object_or_404(SkpVersi, skp=skp, nomor=nomor)
    versi.skp = skp
    return dokumen_dari_versi(versi)


@login_required
@require_GET
def versi_pdf(request, pk: int, nomor: int):
    """A submitted version as it was submitted, whatever the SKP holds now."""
    dokumen = _dokumen_versi(request, pk, nomor)
    nama = nama_berkas(dokumen.skp, "pdf", versi=nomor)
    return _unduhan(pdf_skp(dokumen), "application/pdf", nama, inline=True)


@login_required
@require_GET
def versi_xlsx(request, pk: int, nomor: int):
    dokumen = _dokumen_versi(request, pk, nomor)
    return _unduhan(xlsx_skp(dokumen), XLSX, nama_berkas(dokumen.skp, "xlsx", versi=nomor))


def _pastikan_boleh_batch(user) -> None:
    if not can_request_batch(user):
        raise PermissionDenied("Hanya admin kepegawaian dan kepala unit yang dapat meminta ini.")


def _halaman_batch(request, form, status=200):
    batch = BatchDokumen.objects.milik(request.user)[:20]
    context = {"form": form, "daftar_batch": batch, "is_admin": request.user.can_manage_kepegawaian}
    return render(request, "skp/batch_daftar.html", context, status=status)


@login_required
@require_GET
def batch_daftar(request):
    _pastikan_boleh_batch(request.user)
    return _halaman_batch(request, BatchDokumenForm(pegawai=request.user))


@login_required
@require_POST
def batch_minta(request):
    _pastikan_boleh_batch(request.user)
    form = BatchDokumenForm(request.POST, pegawai=request.user)
    if not form.is_valid():
        return _halaman_batch(request, form, status=400)
    try:
        minta_batch_dokumen(
            oleh=request.user,
            unit=form.cleaned_data["unit_kerja"],
            periode=form.cleaned_data["periode"],
        )
    except SkpError as error:
        form.add_error(None, str(error))
        return _halaman_batch(request, form, status=400)
    messages.success(
        request,
        "Permintaan diterima. Dokumen disiapkan di latar belakang; kemajuan tampil di "
        "daftar di bawah dan tautan unduhan muncul bila selesai.",
    )
    return redirect("skp:batch_daftar")


def _batch_milik(request, pk: int) -> BatchDokumen:
    """The requester's own job (the admin may open any); everyone else 404. It carries
    `is_isi_terbaca`, the viewer rule asked now about every SKP in its ZIP."""
    batch = get_object_or_404(BatchDokumen.objects.dengan_hak_baca(request.user), pk=pk)
    if batch.diminta_oleh_id != request.user.pk and not request.user.can_manage_kepegawaian:
        raise Http404("Batch tidak ditemukan.")
    return batch


@login_required
@require_GET
def batch_status(request, pk: int):
    """The job's row, polled by htmx every 2 s while the job runs."""
    return render(request, "skp/_batch_baris.html", {"batch": _batch_milik(request, pk)})


@login_required
@require_GET
def batch_unduh(request, pk: int):
    batch = _batch_milik(request, pk)
    if not batch.berkas:
        raise Http404("Berkas belum tersedia atau sudah dihapus (disimpan 7 hari).")
    if not batch.is_isi_terbaca:
        # An SKP in it is no longer the requester's to read (supervision changed after the
        # build): the list row says so and offers to ask again.
        raise Http404("Berkas memuat SKP yang tidak lagi dapat Anda buka.")
    response = FileResponse(
        batch.berkas.open("rb"),
        as_attachment=True,
        filename=f"SKP_{batch.periode.tahun}_{slug_berkas(batch.unit_kerja.nama)}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
