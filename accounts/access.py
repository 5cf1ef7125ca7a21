"""Who may manage the roster. Everything here is for the admin kepegawaian and superusers;
anyone else gets 403 before any object is looked up, so nothing leaks whether it exists."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Pegawai, UnitKerja
from accounts.services import PESAN_HAK_SETARA


def pastikan_admin_kepegawaian(user) -> None:
    if not getattr(user, "can_manage_kepegawaian", False):
        raise PermissionDenied("Halaman ini hanya untuk admin kepegawaian.")


def pastikan_superuser(user) -> None:
    """The rights of the ladder's top (who is an admin kepegawaian) are a superuser's only."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_superuser", False)):
        raise PermissionDenied("Halaman ini hanya untuk pengelola sistem (superuser).")


def get_pegawai_for_admin(user, nip: str) -> Pegawai:
    pastikan_admin_kepegawaian(user)
    return get_object_or_404(Pegawai.objects.select_related("unit_kerja"), nip=nip)


def get_pegawai_for_account_change(user, nip: str) -> Pegawai:
    """The pegawai whose account `user` is about to change: 404 out of the roster, 403 when
    the account has rights equal to or above the user's (`Pegawai.can_manage_account`)."""
    pegawai = get_pegawai_for_admin(user, nip)
    if not user.can_manage_account(pegawai):
        raise PermissionDenied(PESAN_HAK_SETARA)
    return pegawai


def get_unit_for_admin(user, pk: int) -> UnitKerja:
    pastikan_admin_kepegawaian(user)
    return get_object_or_404(UnitKerja, pk=pk)
