"""The editor's buttons name an RK by its number on the form ("A.2", "B.1"), as the pegawai
sees it on the card, in their labels and in the delete's question (issue 17.10)."""

import pytest

from skp.services.drafting import mulai_skp
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk

pytestmark = pytest.mark.django_db


def test_buttons_and_the_delete_question_name_the_rk_by_its_number_on_the_form(client, cast):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    tambah_rk(skp, teks="Tersusunnya laporan pertama", intervensi_id=rk_atasan.pk)
    kedua = tambah_rk(skp, teks="Tersusunnya laporan kedua", intervensi_id=rk_atasan.pk)
    tambah_rk(skp, teks="Terlaksananya tugas tambahan", jenis="tambahan")
    client.force_login(cast.pegawai)
    html = client.get(f"/skp/{skp.pk}/").text

    assert f'<h3 class="h6 mb-0" id="rk-judul-{kedua.pk}">A.2</h3>' in html
    assert 'aria-label="Hapus rencana kinerja A.2"' in html
    assert 'data-konfirmasi="Hapus rencana kinerja A.2 beserta semua indikatornya?"' in html
    assert 'aria-label="Hapus rencana kinerja B.1"' in html
    assert 'aria-label="Ubah rencana kinerja B.1"' in html
    assert 'aria-label="Hapus indikator 1 pada B.1"' in html
    assert 'data-konfirmasi="Hapus indikator 1 pada rencana kinerja B.1?"' in html
    # Section B's first card is not "1" like A's: the section is named.
    assert 'aria-label="Hapus rencana kinerja 1"' not in html
