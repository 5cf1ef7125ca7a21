"""A JPT's RHK under PermenPANRB 6/2022 (issue 15.5): the PERSPEKTIF of the JPT form and an
optional "(Penugasan dari …)"; asked for before submission; absent under 8/2021 and for JA/JF."""

from django.urls import reverse
import pytest

from periode.models import ProfilRegulasi
from skp.models import ModelForm, Perspektif, RencanaKinerja
from skp.services.drafting import mulai_skp
from skp.services.workflow import isi_versi, kekurangan_isi
from skp.tests.drafting_helpers import tambah_rk


def _skp_jpt(cast, profil):
    cast.periode.profil_regulasi = profil
    cast.periode.save(update_fields=["profil_regulasi"])
    skp = mulai_skp(cast.atasan_langsung, cast.periode, oleh=cast.atasan_langsung)
    skp.model_form = ModelForm.JPT
    skp.save(update_fields=["model_form"])
    return skp


def _data(rk, **extra):
    p = f"rk-{rk.pk}"
    return {
        f"{p}-jenis": "utama",
        f"{p}-teks": rk.teks,
        f"{p}-revisi": str(rk.revisi),
        **{f"{p}-{k}": v for k, v in extra.items()},
    }


def test_a_6_2022_jpt_rhk_carries_its_perspektif_and_assigner(client, cast):
    skp = _skp_jpt(cast, ProfilRegulasi.PERMENPANRB_6_2022)
    rk = tambah_rk(skp, teks="Meningkatnya tata kelola UPT TIK")
    assert "Pilih perspektif RHK ini." in " ".join(kekurangan_isi(skp))
    client.force_login(cast.atasan_langsung)
    url = reverse("skp:detail", args=[skp.pk])
    assert f'name="rk-{rk.pk}-perspektif"' in client.get(f"{url}?ubah_rk={rk.pk}").text
    response = client.post(
        reverse("skp:rk_ubah", args=[skp.pk, rk.pk]),
        _data(rk, perspektif=Perspektif.PROSES_BISNIS, penugasan_dari="Rektor"),
    )
    assert response.status_code == 302
    rk.refresh_from_db()
    assert (rk.perspektif, rk.penugasan_dari) == (Perspektif.PROSES_BISNIS, "Rektor")
    html = client.get(url).text
    assert "(Penugasan dari Rektor)" in html and "Proses Bisnis" in html
    assert not any("perspektif" in m for m in kekurangan_isi(skp))
    assert isi_versi(skp)[0]["perspektif"] == Perspektif.PROSES_BISNIS


def test_a_perspektif_off_the_list_comes_back_with_a_message(client, cast):
    skp = _skp_jpt(cast, ProfilRegulasi.PERMENPANRB_6_2022)
    rk = tambah_rk(skp, teks="Meningkatnya tata kelola UPT TIK")
    client.force_login(cast.atasan_langsung)
    response = client.post(
        reverse("skp:rk_ubah", args=[skp.pk, rk.pk]), _data(rk, perspektif="keuangan")
    )
    assert response.status_code == 200
    assert "Pilih perspektif dari daftar." in response.text
    rk.refresh_from_db()
    assert rk.perspektif == "" and rk.revisi == 0


@pytest.mark.parametrize(
    "profil, jpt",
    [(ProfilRegulasi.PERMENPANRB_8_2021, True), (ProfilRegulasi.PERMENPANRB_6_2022, False)],
)
def test_no_perspektif_under_8_2021_nor_for_ja_jf(client, cast, profil, jpt):
    skp = _skp_jpt(cast, profil)
    if not jpt:
        skp.model_form = ModelForm.NON_JPT
        skp.save(update_fields=["model_form"])
    rk = tambah_rk(skp, teks="Meningkatnya tata kelola", intervensi_teks_bebas="Layanan")
    client.force_login(cast.atasan_langsung)
    html = client.get(reverse("skp:detail", args=[skp.pk]) + f"?ubah_rk={rk.pk}").text
    assert "perspektif" not in html.lower()
    client.post(reverse("skp:rk_ubah", args=[skp.pk, rk.pk]), _data(rk, perspektif="anggaran"))
    assert RencanaKinerja.objects.get(pk=rk.pk).perspektif == ""
    assert not any("perspektif" in m for m in kekurangan_isi(skp))
