"""Conversations under concurrent actors on PostgreSQL with real threads (issue 17.7): the
SKP's row lock orders them, so a conversation is resolved once, a reply never lands after the
mark that closed it, and a reply form sent twice at once adds one reply."""

import uuid

from django.db import connection
import pytest

from accounts.models import AuditLog
from skp.exceptions import SkpError
from skp.models import Komentar, StatusSkp
from skp.services.komentar import balas_komentar, tandai_selesai
from skp.services.workflow import tambah_komentar
from skp.tests.bantuan_workflow import bawa_ke
from skp.tests.test_concurrency_workflow import serentak

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.fixture
def catatan(cast, skp):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    return tambah_komentar(skp, oleh=cast.atasan_langsung, teks="Rinci sumber datanya.")


def test_both_validators_resolving_at_once_resolve_it_once(cast, catatan):
    hasil = serentak(
        lambda: tandai_selesai(catatan, oleh=cast.atasan_langsung),
        lambda: tandai_selesai(catatan, oleh=cast.atasan_penilai),
    )
    assert sum(isinstance(h, Komentar) for h in hasil) == 1
    assert sum(isinstance(h, SkpError) for h in hasil) == 1, hasil
    assert AuditLog.objects.filter(aksi="skp.komentar.selesai").count() == 1


def test_a_reply_racing_the_resolve_mark_lands_before_it_or_not_at_all(cast, catatan):
    dibalas = 0
    for _ in range(3):
        hasil = serentak(
            lambda: balas_komentar(catatan, oleh=cast.pegawai, teks="Dari aplikasi layanan."),
            lambda: tandai_selesai(catatan, oleh=cast.atasan_langsung),
        )
        catatan.refresh_from_db()
        assert catatan.is_selesai, hasil
        balasan = list(Komentar.objects.filter(induk=catatan))
        assert all(b.dibuat <= catatan.selesai_pada for b in balasan)
        dibalas += isinstance(hasil[0], Komentar)
        assert len(balasan) == dibalas, hasil
        tandai_selesai(catatan, oleh=cast.atasan_langsung, selesai=False)


def test_a_reply_form_sent_twice_at_once_adds_one_reply(cast, catatan):
    kunci = uuid.uuid4()
    hasil = serentak(
        *[
            lambda: balas_komentar(catatan, oleh=cast.pegawai, teks="Ya.", kunci_kirim=kunci)
            for _ in range(3)
        ]
    )
    assert all(isinstance(h, Komentar) for h in hasil), hasil
    assert len({h.pk for h in hasil}) == 1
    assert Komentar.objects.filter(induk=catatan).count() == 1
    assert AuditLog.objects.filter(aksi="skp.komentar.balas").count() == 1
