"""The pejabat penilai's validation inbox under 6/2022 shows, for each of their pegawai whose
SKP can still take them, how many Ekspektasi Khusus Pimpinan are still empty, linking to that
SKP's Perilaku Kerja section; in one query, whatever the number of pegawai."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
import pytest

from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi
from skp.berakhlak import NilaiBerakhlak
from skp.models import Skp, StatusSkp
from skp.services.perilaku import tulis_ekspektasi
from skp.services.workflow import setujui_skp
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

S = StatusSkp


@pytest.fixture
def skp6(cast, skp):
    jadikan_6_2022(cast.periode)
    return Skp.objects.get(pk=skp.pk)


def _kotak(client, user) -> str:
    client.force_login(user)
    return client.get("/validasi/").text


def _tanda(skp, kosong) -> str:
    return (
        f'href="/skp/{skp.pk}/#perilaku"><i class="bi bi-pencil" aria-hidden="true"></i> '
        f"Ekspektasi perilaku: {kosong} dari 7 belum diisi"
    )


def test_the_pejabat_penilai_sees_how_many_expectations_are_still_empty(client, cast, skp6):
    html = _kotak(client, cast.atasan_langsung)
    assert _tanda(skp6, 7) in html
    assert "Ekspektasi khusus pimpinan (perilaku kerja) untuk 1 pegawai belum lengkap" in html
    for nilai in (NilaiBerakhlak.AKUNTABEL, NilaiBerakhlak.LOYAL):
        tulis_ekspektasi(skp6, oleh=cast.atasan_langsung, nilai=nilai, teks="Tepat waktu.")
    tulis_ekspektasi(skp6, oleh=cast.atasan_langsung, nilai="adaptif", teks="  ")  # cleared
    assert _tanda(skp6, 5) in _kotak(client, cast.atasan_langsung)
    for nilai in NilaiBerakhlak.values:
        skp6.refresh_from_db()
        tulis_ekspektasi(skp6, oleh=cast.atasan_langsung, nilai=nilai, teks="Teladan.")
    html = _kotak(client, cast.atasan_langsung)
    assert "Ekspektasi perilaku:" not in html and "belum lengkap" not in html


def test_nobody_else_is_flagged_and_a_submitted_skp_no_longer_is(client, cast, skp6):
    assert "Ekspektasi perilaku:" not in _kotak(client, cast.atasan_penilai)
    bawa_ke(skp6, S.DIAJUKAN, cast)
    assert "Ekspektasi perilaku:" not in _kotak(client, cast.atasan_langsung)


def test_an_8_2021_periode_has_no_flag(client, cast, skp):
    assert "Ekspektasi perilaku:" not in _kotak(client, cast.atasan_langsung)


def _jumlah(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/validasi/").status_code == 200
    return len(ctx.captured_queries)


def test_the_flag_costs_one_query_whatever_the_number_of_pegawai(client, cast, skp):
    client.force_login(cast.atasan_langsung)
    client.get("/validasi/")
    tanpa = _jumlah(client)
    jadikan_6_2022(cast.periode)
    satu = _jumlah(client)
    for i in range(4):
        staf = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            staf,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        skp_siap(staf, cast.periode)
    html = client.get("/validasi/").text
    assert html.count("Ekspektasi perilaku: 7 dari 7 belum diisi") == 5
    assert _jumlah(client) == satu == tanpa + 1


def test_the_pejabat_penilai_is_warned_of_empty_expectations_when_approving(client, cast, skp6):
    tulis_ekspektasi(skp6, oleh=cast.atasan_langsung, nilai="loyal", teks="Menjaga rahasia.")
    client.force_login(cast.pegawai)
    ajukan = client.get(f"/skp/{skp6.pk}/ajukan/").text
    assert "6 dari 7 ekspektasi khusus pimpinan pada Perilaku Kerja belum diisi" in ajukan
    bawa_ke(Skp.objects.get(pk=skp6.pk), S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    setujui = client.get(f"/skp/{skp6.pk}/setujui/").text
    assert "6 dari 7 ekspektasi khusus pimpinan belum Anda isi" in setujui
    assert "kembalikan SKP dengan catatan" in setujui
    setujui_skp(Skp.objects.get(pk=skp6.pk), oleh=cast.atasan_langsung)
    client.force_login(cast.atasan_penilai)  # the second step is not his to write
    assert "belum Anda isi" not in client.get(f"/skp/{skp6.pk}/setujui/").text
