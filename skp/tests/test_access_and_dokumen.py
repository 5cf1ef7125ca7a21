from decimal import Decimal
import re

from django.http import Http404
import pytest

from accounts.formatting import format_angka
from skp.access import get_skp_for_viewer
from skp.dokumen import susun_dokumen
from skp.models import Aspek, Indikator, JenisRencanaKinerja, ModelForm, RencanaKinerja, Skp


@pytest.fixture
def skp(cast):
    return Skp.objects.create(pegawai=cast.pegawai, periode=cast.periode)


def test_owner_supervisors_and_admin_see_the_skp(skp, cast):
    for user in [cast.pegawai, cast.atasan_langsung, cast.atasan_penilai, cast.admin]:
        assert get_skp_for_viewer(user, skp.pk) == skp


def test_others_get_404(skp, cast):
    for user in [cast.pegawai_lain, cast.atasan_lain]:
        with pytest.raises(Http404):
            get_skp_for_viewer(user, skp.pk)
    with pytest.raises(Http404):
        get_skp_for_viewer(cast.pegawai, 999_999)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5"), "5"),
        (Decimal("90.00"), "90"),
        (Decimal("2.5"), "2,5"),
        (Decimal("1250000"), "1.250.000"),
        (Decimal("1250.75"), "1.250,75"),
    ],
)
def test_numbers_print_the_indonesian_way(value, text):
    assert format_angka(value) == text


def test_dokumen_numbers_rows_per_section_and_shows_targets(skp, cast):
    atasan_skp = Skp.objects.create(pegawai=cast.atasan_langsung, periode=cast.periode)
    atasan_rk = RencanaKinerja.objects.create(skp=atasan_skp, teks="Terkelolanya layanan TIK")
    rk1 = RencanaKinerja.objects.create(skp=skp, teks="Tersusunnya laporan", intervensi=atasan_rk)
    RencanaKinerja.objects.create(
        skp=skp,
        teks="Terlaksananya panitia UTBK",
        jenis=JenisRencanaKinerja.TAMBAHAN,
        intervensi_teks_bebas="Teks bebas atasan",
    )
    Indikator.objects.create(
        rencana_kinerja=rk1, teks="Jumlah laporan", target_min=5, satuan="laporan"
    )
    Indikator.objects.create(
        rencana_kinerja=rk1,
        aspek=Aspek.KUALITAS,
        teks="Kepuasan",
        target_min=80,
        target_max=90,
        satuan="%",
        urutan=1,
    )
    dokumen = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))
    assert [b.nomor for b in dokumen.utama] == [1] and [b.nomor for b in dokumen.tambahan] == [1]
    baris = dokumen.utama[0]
    assert baris.intervensi_teks == "Terkelolanya layanan TIK" and not baris.intervensi_bebas
    assert [i.target_tampil for i in baris.indikator] == ["5 laporan", "80–90%"]
    assert baris.rowspan == 2
    assert dokumen.tambahan[0].intervensi_bebas
    assert dokumen.header.pegawai.nama == "Pegawai Satu, S.Kom."
    assert dokumen.header.pejabat_penilai.nama == "Atasan Langsung"
    assert dokumen.header.pegawai.unit_kerja == "Unit A, Universitas Contoh"
    assert dokumen.jumlah_kolom == 6
    dokumen.skp.model_form = ModelForm.JPT
    assert dokumen.jumlah_kolom == 4


def test_snapshot_header_wins_over_live_data(skp, cast):
    live = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)).header
    skp.snapshot_header = live.as_json()
    skp.save()
    cast.pegawai.jabatan = "Jabatan Baru"
    cast.pegawai.save()
    header = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)).header
    assert header.is_snapshot and header.pegawai.jabatan == "Pranata Komputer"


def test_dokumen_partial_renders_the_official_columns_in_the_prints_proportions(skp, cast):
    from django.template.loader import render_to_string

    from skp.cetak import Formulir

    RencanaKinerja.objects.create(skp=skp, teks="Tersusunnya laporan\nbulanan layanan")
    dokumen = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))
    html = render_to_string(
        "skp/_dokumen.html", {"dokumen": dokumen, "formulir": Formulir(dokumen)}
    )
    assert "RENCANA KINERJA ATASAN LANGSUNG YANG DIINTERVENSI" in html
    # The screen's columns are the PDF's: 4, 22, 24, 9, 27 and 14 % of the width.
    lebar = re.findall(r'<col class="kolom-(\w+)" style="width: ([\d.]+)%">', html)
    assert lebar == [
        ("no", "4.0"),
        ("intervensi", "22.0"),
        ("rhk", "24.0"),
        ("aspek", "9.0"),
        ("iki", "27.0"),
        ("target", "14.0"),
    ]
    # On a phone each cell is read under its numbered head; the writer's line breaks stay.
    assert 'data-label="(2) RENCANA KINERJA ATASAN LANGSUNG YANG DIINTERVENSI"' in html
    assert "Tersusunnya laporan<br>bulanan layanan" in html
    assert "A. KINERJA UTAMA" in html and "B. KINERJA TAMBAHAN" in html
    assert "PEJABAT PENILAI KINERJA" in html
