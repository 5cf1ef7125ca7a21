"""Shared builders for the drafting tests: state is made through the real services."""

from decimal import Decimal

from skp.models import Aspek
from skp.services.drafting import IsianIndikator, mulai_skp, tambah_rencana_kinerja


def kuantitas(teks: str = "Jumlah laporan yang tersusun", target: int = 5) -> IsianIndikator:
    return IsianIndikator(
        aspek=Aspek.KUANTITAS, teks=teks, target_min=Decimal(target), satuan="laporan"
    )


def tambah_rk(skp, teks="Tersusunnya laporan layanan", jenis="utama", **kwargs):
    kwargs.setdefault("indikator", kuantitas())
    return tambah_rencana_kinerja(skp, oleh=skp.pegawai, jenis=jenis, teks=teks, **kwargs)


def skp_atasan_dengan_rk(cast, teks="Terkelolanya layanan TIK universitas"):
    """The atasan langsung's SKP (his own atasan has none: free text) with one utama RK."""
    skp = mulai_skp(cast.atasan_langsung, cast.periode, oleh=cast.atasan_langsung)
    rk = tambah_rk(skp, teks=teks, intervensi_teks_bebas="Rencana kinerja Wakil Rektor")
    return skp, rk
