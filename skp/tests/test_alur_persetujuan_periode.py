"""The periode's alur persetujuan (one step or two, DOMAIN.md §9) on the periode form: its
label, the audit row, a post without it, a bad value, what a new periode proposes, and the
refusal while SKPs wait for the atasan penilai. Here, not in periode/tests: it needs SKPs."""

import datetime

from django.urls import reverse
import pytest

from accounts.models import AuditLog
from periode.models import AlurPersetujuan, Periode
from periode.services import STATUS_MENUNGGU_TAHAP_KEDUA
from skp.demo import load_periode
from skp.models import StatusSkp
from skp.services.workflow import setujui_skp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

S = StatusSkp
SATU, DUA = AlurPersetujuan.SATU_TAHAP, AlurPersetujuan.DUA_TAHAP


def data_periode(periode: Periode, **extra) -> dict:
    data = {
        "tahun": periode.tahun,
        "profil_regulasi": periode.profil_regulasi,
        "alur_persetujuan": periode.alur_persetujuan,
        **{
            f: getattr(periode, f).isoformat()
            for f in (
                "tanggal_mulai",
                "tanggal_selesai",
                "penyusunan_mulai",
                "penyusunan_selesai",
                "validasi_mulai",
                "validasi_selesai",
            )
        },
    }
    data.update(extra)
    return data


def _ubah(client, periode, **extra):
    return client.post(
        reverse("periode:periode_ubah", args=[periode.pk]), data_periode(periode, **extra)
    )


def _audit_ubah(periode):
    return AuditLog.objects.filter(aksi="periode.ubah", objek_id=str(periode.pk))


def test_periodes_approve_in_two_steps_unless_the_institution_decides_otherwise(cast):
    assert cast.periode.alur_persetujuan == DUA and cast.periode.is_dua_tahap
    assert Periode._meta.get_field("alur_persetujuan").default == DUA


def test_the_demo_periodes_keep_the_seeds_two_steps(db):
    assert [p.alur_persetujuan for p in load_periode()] == [DUA, DUA]


def test_the_form_shows_the_choice_with_its_explanation(client, cast):
    client.force_login(cast.admin)
    html = client.get(reverse("periode:periode_ubah", args=[cast.periode.pk])).content.decode()
    assert "Alur persetujuan SKP" in html
    assert "Satu tahap: ditetapkan oleh pejabat penilai kinerja" in html
    assert "atasan penilai tetap dapat membaca SKP" in html


def test_admin_switches_to_one_step_and_the_change_is_audited(client, cast):
    client.force_login(cast.admin)
    response = _ubah(client, cast.periode, alur_persetujuan=SATU)
    assert response.status_code == 302
    cast.periode.refresh_from_db()
    assert cast.periode.alur_persetujuan == SATU
    (audit,) = _audit_ubah(cast.periode)
    assert audit.aktor == cast.admin
    assert audit.data["fields"] == ["alur_persetujuan"]
    assert audit.data["sebelum"] == {"alur_persetujuan": DUA}
    assert audit.data["sesudah"] == {"alur_persetujuan": SATU}
    daftar = client.get(reverse("periode:periode_daftar")).content.decode()
    assert "Satu tahap" in daftar


def test_a_post_without_the_field_keeps_the_alur(client, cast):
    cast.periode.alur_persetujuan = SATU
    cast.periode.save(update_fields=["alur_persetujuan"])
    client.force_login(cast.admin)
    data = data_periode(cast.periode)
    del data["alur_persetujuan"]
    assert (
        client.post(reverse("periode:periode_ubah", args=[cast.periode.pk]), data).status_code
        == 302
    )
    cast.periode.refresh_from_db()
    assert cast.periode.alur_persetujuan == SATU
    assert not _audit_ubah(cast.periode).exists()  # nothing changed, nothing recorded


def test_an_unknown_alur_comes_back_with_a_message_and_nothing_saved(client, cast):
    client.force_login(cast.admin)
    response = _ubah(client, cast.periode, alur_persetujuan="tiga_tahap")
    assert response.status_code == 200
    assert (
        "Pilih alur persetujuan dari daftar: satu tahap atau dua tahap."
        in response.content.decode()
    )
    cast.periode.refresh_from_db()
    assert cast.periode.alur_persetujuan == DUA
    assert not _audit_ubah(cast.periode).exists()


def test_a_new_periode_proposes_the_latest_periodes_alur_and_records_it(client, cast):
    cast.periode.alur_persetujuan = SATU
    cast.periode.save(update_fields=["alur_persetujuan"])
    client.force_login(cast.admin)
    form = client.get(reverse("periode:periode_tambah")).context["form"]
    assert form.initial["alur_persetujuan"] == SATU
    tahun = cast.periode.tahun + 1
    data = {
        "tahun": tahun,
        "profil_regulasi": "permenpanrb_6_2022",
        "alur_persetujuan": SATU,
        "tanggal_mulai": f"{tahun}-01-01",
        "tanggal_selesai": f"{tahun}-12-31",
        "penyusunan_mulai": f"{tahun}-05-20",
        "penyusunan_selesai": f"{tahun}-05-27",
        "validasi_mulai": f"{tahun}-05-27",
        "validasi_selesai": f"{tahun}-05-31",
    }
    assert client.post(reverse("periode:periode_tambah"), data).status_code == 302
    baru = Periode.objects.get(tahun=tahun)
    assert baru.alur_persetujuan == SATU
    audit = AuditLog.objects.get(aksi="periode.tambah", objek_id=str(baru.pk))
    assert audit.data["alur_persetujuan"] == SATU


def test_the_refusal_names_the_status_skp_uses():
    """periode cannot import skp: its copy of the status value is pinned here."""
    assert STATUS_MENUNGGU_TAHAP_KEDUA == S.DISETUJUI_ATASAN_LANGSUNG


def test_the_alur_cannot_change_while_an_skp_waits_for_the_atasan_penilai(client, cast):
    skp = bawa_ke(skp_siap(cast.pegawai, cast.periode), S.DISETUJUI_ATASAN_LANGSUNG, cast)
    client.force_login(cast.admin)
    response = _ubah(client, cast.periode, alur_persetujuan=SATU)
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak dapat diubah sekarang: 1 SKP sedang menunggu penetapan atasan penilai" in html
    assert "Minta atasan penilai menetapkan atau mengembalikan SKP tersebut" in html
    assert response.context["form"].errors["alur_persetujuan"]
    cast.periode.refresh_from_db()
    assert cast.periode.alur_persetujuan == DUA
    assert not _audit_ubah(cast.periode).exists()
    # Other fields of the same periode still change meanwhile.
    # (Later, not earlier: shortening the open window would first ask for confirmation.)
    lebih_lama = cast.periode.penyusunan_selesai + datetime.timedelta(days=1)
    assert _ubah(client, cast.periode, penyusunan_selesai=lebih_lama.isoformat()).status_code == 302
    assert _audit_ubah(cast.periode).get().data["fields"] == ["penyusunan_selesai"]
    cast.periode.refresh_from_db()
    # Once the atasan penilai has set it, the alur can change.
    setujui_skp(skp, oleh=cast.atasan_penilai)
    assert _ubah(client, cast.periode, alur_persetujuan=SATU).status_code == 302
    cast.periode.refresh_from_db()
    assert cast.periode.alur_persetujuan == SATU


@pytest.mark.parametrize("status", [S.DRAF, S.DIAJUKAN, S.DIKEMBALIKAN, S.DITETAPKAN])
def test_skps_in_other_states_do_not_hold_the_alur(client, cast, status):
    bawa_ke(skp_siap(cast.pegawai, cast.periode), status, cast)
    client.force_login(cast.admin)
    assert _ubah(client, cast.periode, alur_persetujuan=SATU).status_code == 302
    cast.periode.refresh_from_db()
    assert cast.periode.alur_persetujuan == SATU
