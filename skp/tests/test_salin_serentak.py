"""A double click on "Salin": two copies at the same instant on PostgreSQL make one copy; the
other is refused with the sentence that says the SKP already holds it."""

from django.db import connection
import pytest

from accounts.models import AuditLog
from skp.exceptions import SkpError
from skp.services.drafting import HasilSalin, salin_dari_periode_sebelumnya
from skp.tests.test_concurrency_workflow import serentak
from skp.tests.test_salin_periode_sebelumnya import skp_6_2022, tahun_lalu  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_a_double_click_on_salin_copies_once(cast, tahun_lalu, skp_6_2022):  # noqa: F811
    hasil = serentak(
        lambda: salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai),
        lambda: salin_dari_periode_sebelumnya(skp_6_2022, oleh=cast.pegawai),
    )
    assert sum(isinstance(h, HasilSalin) for h in hasil) == 1, hasil
    ditolak = [h for h in hasil if isinstance(h, SkpError)]
    assert len(ditolak) == 1 and "sudah berisi salinan" in str(ditolak[0])
    assert skp_6_2022.rencana_kinerja.count() == 5
    assert AuditLog.objects.filter(aksi="skp.salin").count() == 1
