"""A periode approved in one step (PermenPANRB 6/2022, DOMAIN.md §9): the atasan langsung,
the pejabat penilai kinerja, approves straight to Ditetapkan; the atasan penilai reads the
SKP and has no step. The same SKP in a two-step periode goes as it always did. The roles,
the transitions through the services and the views, and what the pages, the rekap, the
dashboard and the emails say."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest

from accounts.models import AuditLog
from accounts.peran import Peran
from accounts.tests.factories import buat_pegawai
from periode.models import AlurPersetujuan, ProfilRegulasi
from periode.services import tetapkan_supervisi
from skp.access import supervisi_skp
from skp.models import AksiSkp, Komentar, Skp, SkpTransisi, StatusSkp
from skp.rekap import susun_rekap
from skp.services.workflow import (
    TidakBerwenang,
    kembalikan_skp,
    setujui_skp,
    tambah_komentar,
)
from skp.tests.bantuan_tugas import jalankan_pekerja
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, revisi, skp_siap
from skp.workflow import pelaku_untuk

S, P = StatusSkp, Peran


def _alur(cast, alur):
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    cast.periode.alur_persetujuan = alur
    cast.periode.save(update_fields=["profil_regulasi", "alur_persetujuan"])
    return cast


@pytest.fixture
def satu_tahap(cast):
    return _alur(cast, AlurPersetujuan.SATU_TAHAP)


def _peran(skp, orang):
    skp = Skp.objects.select_related("periode").get(pk=skp.pk)
    return pelaku_untuk(skp, orang, supervisi_skp(skp))


# --- Who holds which role ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("alur", "langsung", "penilai"),
    [
        (AlurPersetujuan.DUA_TAHAP, {P.ATASAN_LANGSUNG}, {P.ATASAN_PENILAI}),
        (AlurPersetujuan.SATU_TAHAP, {P.ATASAN_LANGSUNG, P.ATASAN_PENILAI}, set()),
    ],
)
def test_roles_of_the_two_atasan_follow_the_periodes_alur(cast, skp, alur, langsung, penilai):
    _alur(cast, alur)
    assert _peran(skp, cast.pegawai) == {P.PEMILIK}
    assert _peran(skp, cast.atasan_langsung) == langsung
    assert _peran(skp, cast.atasan_penilai) == penilai
    assert _peran(skp, cast.atasan_lain) == set()


def test_in_one_step_without_an_atasan_langsung_the_atasan_penilai_takes_the_only_step(
    satu_tahap, skp
):
    tetapkan_supervisi(
        satu_tahap.pegawai,
        satu_tahap.periode,
        atasan_langsung=None,
        atasan_penilai=satu_tahap.atasan_penilai,
    )
    assert _peran(skp, satu_tahap.atasan_penilai) == {P.ATASAN_LANGSUNG, P.ATASAN_PENILAI}
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    setujui_skp(skp, oleh=satu_tahap.atasan_penilai)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN


# --- Transitions through the services -----------------------------------------------------


def test_in_one_step_the_atasan_langsung_approves_straight_to_ditetapkan(satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    setujui_skp(skp, oleh=satu_tahap.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    t = SkpTransisi.objects.filter(skp=skp).last()
    assert (t.aksi, t.dari, t.ke, t.aktor) == (
        AksiSkp.SETUJUI,
        S.DIAJUKAN,
        S.DITETAPKAN,
        satu_tahap.atasan_langsung,
    )
    assert t.versi.nomor == 1
    assert AuditLog.objects.filter(aksi="skp.setujui", objek_id=str(skp.pk)).count() == 1


def test_in_two_steps_the_same_skp_waits_for_the_atasan_penilai(cast, skp):
    _alur(cast, AlurPersetujuan.DUA_TAHAP)
    bawa_ke(skp, S.DIAJUKAN, cast)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DISETUJUI_ATASAN_LANGSUNG
    setujui_skp(skp, oleh=cast.atasan_penilai)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    assert list(SkpTransisi.objects.filter(skp=skp).values_list("aksi", flat=True)) == [
        AksiSkp.AJUKAN,
        AksiSkp.SETUJUI,
        AksiSkp.TETAPKAN,
    ]


def test_in_one_step_the_atasan_penilai_can_neither_approve_return_nor_comment(satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    with pytest.raises(TidakBerwenang):
        setujui_skp(skp, oleh=satu_tahap.atasan_penilai)
    with pytest.raises(TidakBerwenang):
        kembalikan_skp(skp, oleh=satu_tahap.atasan_penilai, catatan=CATATAN)
    with pytest.raises(TidakBerwenang):
        tambah_komentar(skp, oleh=satu_tahap.atasan_penilai, teks="Catatan saya.")
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert SkpTransisi.objects.filter(skp=skp).count() == 1
    assert not Komentar.objects.filter(skp=skp).exists()


def test_in_one_step_return_and_resubmission_are_unchanged(satu_tahap, skp):
    bawa_ke(skp, S.DIKEMBALIKAN, satu_tahap)
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)  # resubmitted: version two
    assert list(skp.versi.values_list("nomor", flat=True)) == [1, 2]
    tambah_komentar(skp, oleh=satu_tahap.atasan_langsung, teks="Sudah lebih baik.")
    setujui_skp(skp, oleh=satu_tahap.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    assert SkpTransisi.objects.filter(skp=skp).last().versi.nomor == 2


def test_a_periode_switched_to_one_step_lets_a_submitted_skp_be_set_at_once(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)  # submitted while the periode had two steps
    _alur(cast, AlurPersetujuan.SATU_TAHAP)
    setujui_skp(skp, oleh=cast.atasan_langsung)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN


# --- Over HTTP: the action pages, the SKP page, the review page, the inbox ----------------


def test_in_one_step_the_atasan_penilai_gets_403_on_the_action_pages_but_reads_the_skp(
    client, satu_tahap, skp
):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    client.force_login(satu_tahap.atasan_penilai)
    assert client.get(reverse("skp:setujui", args=[skp.pk])).status_code == 403
    assert (
        client.post(reverse("skp:setujui", args=[skp.pk]), {"revisi": revisi(skp)}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("skp:kembalikan", args=[skp.pk]), {"catatan": CATATAN, "revisi": revisi(skp)}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("skp:komentar", args=[skp.pk]), {"teks": "Catatan."}).status_code == 403
    )
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    tinjau = client.get(reverse("skp:tinjau", args=[skp.pk]))
    assert tinjau.status_code == 200
    assert tinjau.context["panel"].tombol == [] and tinjau.context["form"] is None
    html = tinjau.content.decode()
    assert "Setujui" not in html and "Kembalikan dengan catatan" not in html
    assert "Satu tahap" in html and "atasan penilai membaca saja" in html
    assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 200


def test_in_one_step_the_atasan_langsung_sets_the_skp_through_the_views(client, satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    client.force_login(satu_tahap.atasan_langsung)
    halaman = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Setujui dan tetapkan" in halaman
    assert f"Satu tahap (alur periode {satu_tahap.periode.tahun})" in halaman
    konfirmasi = client.get(reverse("skp:setujui", args=[skp.pk]))
    assert konfirmasi.status_code == 200 and konfirmasi.context["menjadi"] == "Ditetapkan"
    response = client.post(reverse("skp:setujui", args=[skp.pk]), {"revisi": revisi(skp)})
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN


def test_in_two_steps_the_pages_name_both_steps(client, cast, skp):
    _alur(cast, AlurPersetujuan.DUA_TAHAP)
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_langsung)
    halaman = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Dua tahap: disetujui atasan langsung, lalu ditetapkan atasan penilai." in halaman
    assert "Setujui dan tetapkan" not in halaman
    assert client.get(reverse("skp:setujui", args=[skp.pk])).context["menjadi"] == (
        "Disetujui atasan langsung"
    )


def test_in_one_step_the_inbox_of_the_atasan_penilai_has_nothing_to_do(client, satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    client.force_login(satu_tahap.atasan_penilai)
    response = client.get(reverse("skp:validasi"))
    kotak = response.context["kotak"]
    assert kotak.menunggu == []
    baris = {b.pegawai: b.peran for b in kotak.baris}
    # He reads the pegawai's SKP; he is still the atasan langsung of the two kepala.
    assert baris[satu_tahap.pegawai] == "Atasan penilai (membaca saja)"
    assert baris[satu_tahap.atasan_langsung] == "Atasan langsung"
    html = response.content.decode()
    assert "Tidak ada SKP yang menunggu validasi Anda." in html
    assert "memakai persetujuan satu tahap" in html
    assert "tanpa menyetujui atau mengembalikannya" in html
    # No box for a step the periode does not have.
    assert S.DISETUJUI_ATASAN_LANGSUNG not in [value for value, _, _ in kotak.ringkasan]


def test_in_one_step_the_inbox_of_the_atasan_langsung_offers_tetapkan(client, satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    client.force_login(satu_tahap.atasan_langsung)
    response = client.get(reverse("skp:validasi"))
    kotak = response.context["kotak"]
    assert [(b.pegawai, b.langkah, b.peran) for b in kotak.menunggu] == [
        (satu_tahap.pegawai, "Tetapkan", "Atasan langsung")
    ]
    html = response.content.decode()
    assert "Tetapkan sebagai atasan langsung" in html
    assert "tanpa menyetujui atau mengembalikannya" not in html


def test_in_two_steps_the_inbox_keeps_its_boxes_and_says_nothing_of_one_step(client, cast, skp):
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    client.force_login(cast.atasan_penilai)
    response = client.get(reverse("skp:validasi"))
    kotak = response.context["kotak"]
    assert [(b.pegawai, b.langkah) for b in kotak.menunggu] == [(cast.pegawai, "Tetapkan")]
    assert S.DISETUJUI_ATASAN_LANGSUNG in [value for value, _, _ in kotak.ringkasan]
    assert "persetujuan satu tahap" not in response.content.decode()


def test_the_inbox_query_count_does_not_grow_with_skps_in_one_step(client, satu_tahap, skp):
    client.force_login(satu_tahap.atasan_penilai)
    client.get(reverse("skp:validasi"))  # warm: session, menu
    with CaptureQueriesContext(connection) as satu:
        client.get(reverse("skp:validasi"))
    for i in range(4):
        bawahan = buat_pegawai(f"Bawahan {i}", unit_kerja=satu_tahap.unit_a)
        tetapkan_supervisi(
            bawahan,
            satu_tahap.periode,
            atasan_langsung=satu_tahap.atasan_langsung,
            atasan_penilai=satu_tahap.atasan_penilai,
        )
        skp_siap(bawahan, satu_tahap.periode)
    with CaptureQueriesContext(connection) as lima:
        kotak = client.get(reverse("skp:validasi")).context["kotak"]
    assert len([b for b in kotak.baris if b.skp]) == 5
    assert len(lima) == len(satu), [q["sql"] for q in lima.captured_queries]


# --- The rekap and the emails (the dashboard: beranda/tests/test_dasbor_satu_tahap.py) --------------------------------------------------


def test_in_one_step_the_rekap_has_no_column_for_the_second_step(client, satu_tahap, skp):
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    rekap = susun_rekap(satu_tahap.periode)
    assert S.DISETUJUI_ATASAN_LANGSUNG not in [value for value, _ in rekap.status_rekap]
    assert all(len(counts) == len(rekap.status_rekap) for _, counts, _ in rekap.per_unit)
    assert [(m.validator, [b.pegawai for b in m.baris]) for m in rekap.menunggu] == [
        (satu_tahap.atasan_langsung, [satu_tahap.pegawai])
    ]
    client.force_login(satu_tahap.admin)
    html = client.get(reverse("skp:rekap", args=[satu_tahap.periode.tahun])).content.decode()
    assert "Disetujui atasan langsung" not in html


def test_in_two_steps_the_rekap_shows_who_the_approved_skp_waits_for(cast, skp):
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    rekap = susun_rekap(cast.periode)
    assert S.DISETUJUI_ATASAN_LANGSUNG in [value for value, _ in rekap.status_rekap]
    assert [m.validator for m in rekap.menunggu] == [cast.atasan_penilai]


def test_the_rekap_counts_afresh_when_the_alur_changes(client, cast, skp):
    client.force_login(cast.admin)
    url = reverse("skp:rekap", args=[cast.periode.tahun])
    assert "Disetujui atasan langsung" in client.get(url).content.decode()
    _alur(cast, AlurPersetujuan.SATU_TAHAP)
    assert "Disetujui atasan langsung" not in client.get(url).content.decode()


def test_in_one_step_the_approval_emails_the_pegawai_and_not_the_atasan_penilai(satu_tahap, skp):
    for peran in ("pegawai", "atasan_langsung", "atasan_penilai"):
        orang = getattr(satu_tahap, peran)
        orang.email = f"{peran}@contoh.ac.id"
        orang.save(update_fields=["email"])
    bawa_ke(skp, S.DIAJUKAN, satu_tahap)
    jalankan_pekerja()
    assert [m.to for m in mail.outbox] == [["atasan_langsung@contoh.ac.id"]]
    mail.outbox.clear()
    setujui_skp(skp, oleh=satu_tahap.atasan_langsung)
    jalankan_pekerja()
    (pesan,) = mail.outbox
    assert pesan.to == ["pegawai@contoh.ac.id"]
    assert "ditetapkan" in pesan.subject
