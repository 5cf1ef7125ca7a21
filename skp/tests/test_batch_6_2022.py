"""A unit's batch ZIP prints each SKP in the form of its periode's profile (issue 15.8): the
6/2022 form for a 6/2022 periode, the seed's 8/2021 form for the 2022 periode, side by side
for the same people."""

import datetime
import zipfile

import pytest

from periode.models import Periode, ProfilRegulasi
from periode.services import tetapkan_supervisi
from skp.models import BatchDokumen, Pendekatan
from skp.services.dokumen import minta_batch_dokumen
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.bantuan_tugas import jalankan_pekerja
from skp.tests.cetak_6_2022_data import LAMPIRAN, buat_skp_jpt_6_2022, buat_skp_staf_6_2022
from skp.tests.cetak_data import buat_skp_jpt, buat_skp_staf, buat_upt
from skp.tests.pdf_helpers import rapat, semua_teks


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _zip(batch: BatchDokumen) -> dict[str, str]:
    batch.refresh_from_db()
    with zipfile.ZipFile(batch.berkas.open("rb")) as zf:
        return {n: rapat(semua_teks(zf.read(n))) for n in zf.namelist() if n.endswith(".pdf")}


def test_a_6_2022_periodes_batch_holds_the_6_2022_form_and_the_2022_one_the_seeds(periode):
    jadikan_6_2022(periode)
    lama = Periode.objects.create(
        tahun=2022,
        profil_regulasi=ProfilRegulasi.PERMENPANRB_8_2021,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 5, 20),
        penyusunan_selesai=datetime.date(2022, 5, 27),
        validasi_mulai=datetime.date(2022, 5, 27),
        validasi_selesai=datetime.date(2022, 5, 31),
    )
    root, upt, divisi, warek, kepala_upt, kepala_divisi = buat_upt(periode)
    tetapkan_supervisi(kepala_upt, lama, atasan_langsung=warek, atasan_penilai=None)
    tetapkan_supervisi(kepala_divisi, lama, atasan_langsung=kepala_upt, atasan_penilai=warek)
    buat_skp_jpt_6_2022(kepala_upt, periode, pendekatan=Pendekatan.KUALITATIF)
    buat_skp_staf_6_2022(kepala_divisi, periode, 2)
    buat_skp_jpt(kepala_upt, lama)
    buat_skp_staf(kepala_divisi, lama, 2)

    baru = minta_batch_dokumen(oleh=warek, unit=upt, periode=periode)
    seed = minta_batch_dokumen(oleh=warek, unit=upt, periode=lama)
    jalankan_pekerja()
    jalankan_pekerja()

    pdf_baru, pdf_seed = _zip(baru), _zip(seed)
    assert len(pdf_baru) == len(pdf_seed) == 2
    for teks in pdf_baru.values():
        assert rapat(f"PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER {periode.tahun}") in teks
        assert rapat("PERILAKU KERJA") in teks and rapat("Ekspektasi Khusus Pimpinan:") in teks
        assert rapat("LAMPIRAN SASARAN KINERJA PEGAWAI") in teks
        assert rapat(LAMPIRAN["konsekuensi"][0]) in teks
    jpt = next(t for n, t in pdf_baru.items() if kepala_upt.nip in n)
    assert rapat("PENDEKATAN HASIL KERJA KUALITATIF") in jpt and rapat("PERSPEKTIF") in jpt
    for teks in pdf_seed.values():
        assert rapat("PERIODE: 1 JANUARI 2022 – 31 DESEMBER 2022") in teks
        assert rapat("A. KINERJA UTAMA") in teks
        assert rapat("PERILAKU KERJA") not in teks and rapat("LAMPIRAN") not in teks
