"""The one vocabulary of roles. Each place that asks "who is this person here" answers with a
frozenset of `Peran`: the menu and the dashboard for the signed-in user in the current periode
(beranda/roles.py), the workflow for the actor on one SKP (skp/workflow.py), the matriks for
its viewer (kpi/access.py). It lives here, the lowest layer, so that every app can name them;
deciding who holds which stays with the app that owns the facts."""

from django.db import models


class Peran(models.TextChoices):
    PEMILIK = "pemilik", "Pemilik SKP"
    # The pejabat penilai kinerja (PP 30/2019).
    ATASAN_LANGSUNG = "atasan_langsung", "Atasan langsung"
    # The atasan pejabat penilai kinerja. Someone with no other atasan penilai above them on an
    # SKP holds both atasan roles there: they validate alone (DOMAIN.md §6).
    ATASAN_PENILAI = "atasan_penilai", "Atasan penilai"
    ADMIN_KEPEGAWAIAN = "admin_kepegawaian", "Admin kepegawaian"
    KEPALA_UNIT = "kepala_unit", "Kepala unit"
    KETUA_TIM = "ketua_tim", "Ketua tim"
    ANGGOTA_TIM = "anggota_tim", "Anggota tim"
