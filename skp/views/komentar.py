"""A conversation's actions (issue 17.7): reply, mark resolved, open again. Plain posts that
go back to the page they came from (the SKP page or the review page) at the conversation.
HTTP only: who may and when is skp/services/komentar.py's."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from skp.access import get_skp_for_viewer, supervisi_skp
from skp.exceptions import SkpError
from skp.forms import BalasanForm
from skp.models import Komentar
from skp.services.komentar import balas_komentar, hak_percakapan, tandai_selesai
from skp.services.workflow import TidakBerwenang


def siapkan_percakapan(tinjauan) -> None:
    """Give each conversation's form on the page its own one-time key (a reply sent twice is
    kept once; two conversations never share one)."""
    for k in tinjauan.akar:
        k.kunci_balas = uuid.uuid4()


def _muat(request, pk: int, komentar_pk: int, hak: str) -> Komentar:
    """The comment of an SKP the user may read (else 404, also for another SKP's comment);
    403 when the user may not take this kind of action on its conversations at all."""
    skp = get_skp_for_viewer(request.user, pk)
    komentar = get_object_or_404(
        Komentar.objects.only("pk", "skp_id", "induk_id"), pk=komentar_pk, skp=skp
    )
    if not getattr(hak_percakapan(skp, request.user, supervisi_skp(skp)), hak):
        raise PermissionDenied
    return komentar


def _kembali(request, komentar: Komentar):
    halaman = reverse(f"skp:{BalasanForm.tujuan(request.POST)}", args=[komentar.skp_id])
    return redirect(f"{halaman}#komentar-{komentar.induk_id or komentar.pk}")


@login_required
@require_POST
def balas(request, pk: int, komentar_pk: int):
    komentar = _muat(request, pk, komentar_pk, "boleh_balas")
    form = BalasanForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.pesan_galat())
        return _kembali(request, komentar)
    try:
        balas_komentar(
            komentar,
            oleh=request.user,
            teks=form.cleaned_data["teks"],
            kunci_kirim=form.cleaned_data["kunci_kirim"],
        )
    except TidakBerwenang as exc:
        raise PermissionDenied from exc
    except SkpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Balasan Anda tersimpan di bawah catatan tersebut.")
    return _kembali(request, komentar)


def _tandai(request, pk: int, komentar_pk: int, selesai: bool):
    komentar = _muat(request, pk, komentar_pk, "boleh_selesai")
    try:
        tandai_selesai(komentar, oleh=request.user, selesai=selesai)
    except TidakBerwenang as exc:
        raise PermissionDenied from exc
    except SkpError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Catatan ditandai selesai dan dilipat; Anda dapat membukanya lagi bila perlu."
            if selesai
            else "Catatan dibuka lagi; pegawai dan validator dapat membalasnya kembali.",
        )
    return _kembali(request, komentar)


@login_required
@require_POST
def selesai(request, pk: int, komentar_pk: int):
    return _tandai(request, pk, komentar_pk, selesai=True)


@login_required
@require_POST
def buka(request, pk: int, komentar_pk: int):
    return _tandai(request, pk, komentar_pk, selesai=False)
