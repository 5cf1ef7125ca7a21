"""What a walk through the pages found (issue 17's re-walk): the menu marks the validator's
pages as Validasi, and an atasan's returned note is quoted as written, one full stop."""

from django.urls import reverse
import pytest

from skp.services.workflow import ajukan_skp, kembalikan_skp
from skp.tests.bantuan_workflow import skp_siap

pytestmark = pytest.mark.django_db


def _aktif(respon) -> list[str]:
    return [item["label"] for item in respon.context["menu"] if item["active"]]


def test_the_validators_pages_of_an_skp_light_validasi_not_skp_saya(client, cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    client.force_login(cast.atasan_langsung)
    for nama in ("skp:tinjau", "skp:setujui", "skp:kembalikan"):
        assert _aktif(client.get(reverse(nama, args=[skp.pk]))) == ["Validasi"], nama
    client.force_login(cast.pegawai)
    assert _aktif(client.get(reverse("skp:detail", args=[skp.pk]))) == ["SKP Saya"]


def test_a_returned_note_keeps_its_lines_and_ends_with_one_full_stop(client, cast):
    skp = skp_siap(cast.pegawai, cast.periode)
    ajukan_skp(skp, oleh=cast.pegawai)
    kembalikan_skp(
        skp, oleh=cast.atasan_langsung, catatan="Naikkan target laporan.\nTambahkan triwulan."
    )
    client.force_login(cast.pegawai)
    text = client.get(reverse("beranda")).text
    assert "“Naikkan target laporan.<br>Tambahkan triwulan.” " in text
    assert "”." not in text
