"""The account slips: one small card per activated account (name, NIP, temporary password,
where to log in), ten to an A4 page with dashed cut lines, for the admin to hand out."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.formatting import tanggal_panjang
from accounts.links import alamat_situs
from accounts.models import Pegawai
from accounts.pdf import render_pdf

SLIP_PER_HALAMAN = 10


@dataclass(frozen=True)
class Slip:
    nama: str
    nip: str
    unit: str
    kata_sandi: str


def alamat_masuk() -> str:
    """The login page's absolute address, on the site's public address (SKP_ALAMAT_SITUS)."""
    return alamat_situs(reverse("login"))


def html_slip_akun(
    baris: list[tuple[Pegawai, str]], *, unit_paths: dict[int, str], harus_ganti: bool
) -> str:
    slips = [
        Slip(p.nama_lengkap, p.nip_tampil, unit_paths.get(p.unit_kerja_id, ""), kata_sandi)
        for p, kata_sandi in baris
    ]
    halaman = [slips[i : i + SLIP_PER_HALAMAN] for i in range(0, len(slips), SLIP_PER_HALAMAN)]
    return render_to_string(
        "accounts/pdf/slip_akun.html",
        {
            "halaman": halaman,
            "alamat": alamat_masuk(),
            "harus_ganti": harus_ganti,
            "tanggal": tanggal_panjang(timezone.localdate()),
        },
    )


def pdf_slip_akun(
    baris: list[tuple[Pegawai, str]], *, unit_paths: dict[int, str], harus_ganti: bool = True
) -> bytes:
    """The slips as PDF bytes. `harus_ganti`: the app forces a new password at the first
    login (config.security's middleware, `Pegawai.harus_ganti_kata_sandi`), so the slip says so."""
    return render_pdf(html_slip_akun(baris, unit_paths=unit_paths, harus_ganti=harus_ganti))
