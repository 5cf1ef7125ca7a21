"""Access helpers of the periode pages (admin kepegawaian only, like the roster's)."""

from django.shortcuts import get_object_or_404

from accounts.access import pastikan_admin_kepegawaian
from periode.models import Periode


def get_periode_for_admin(user, tahun: int):
    pastikan_admin_kepegawaian(user)
    return get_object_or_404(Periode, tahun=tahun)
