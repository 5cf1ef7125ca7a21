"""Everything that writes kepegawaian data. Views and commands call these, never .save()."""

from django.db import transaction

from accounts.formatting import kalimat
from accounts.models import AuditLog, Pegawai, UnitKerja

PESAN_HAK_SETARA = (
    "Akun ini memiliki hak akses setara atau lebih tinggi dari Anda. Hanya superuser yang "
    "dapat mengubah datanya, kata sandinya, atau hak aksesnya."
)


class KepegawaianError(Exception):
    """A rule was broken; the message is Indonesian and safe to show to the user."""


def catat_audit(
    aksi: str, *, aktor: Pegawai | None = None, objek=None, ringkasan: str = "", **data
) -> AuditLog:
    """Append one audit row; call it inside the transaction of the change it records."""
    return AuditLog.objects.create(
        aktor=aktor,
        aksi=aksi,
        objek_tipe=objek._meta.label_lower if objek is not None else "",
        objek_id=str(objek.pk) if objek is not None else "",
        ringkasan=ringkasan,
        data=data,
    )


def _nip_atau_kosong(pegawai: Pegawai | None) -> str:
    return pegawai.nip if pegawai else ""


@transaction.atomic
def ubah_pegawai(pegawai: Pegawai, *, oleh: Pegawai, **nilai) -> list[str]:
    """Change a pegawai's roster fields; saves and audits only what changed. Returns the names
    of the changed fields."""
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if not oleh.can_manage_account(pegawai):
        raise KepegawaianError(PESAN_HAK_SETARA)
    berubah = {}
    for nama, baru in nilai.items():
        lama = getattr(pegawai, nama)
        if lama != baru:
            berubah[nama] = (
                str(lama.pk if hasattr(lama, "pk") else lama or ""),
                str(baru.pk if hasattr(baru, "pk") else baru or ""),
            )
            setattr(pegawai, nama, baru)
    if berubah:
        pegawai.save(update_fields=list(berubah))
        catat_audit(
            "pegawai.ubah",
            aktor=oleh,
            objek=pegawai,
            ringkasan=f"Data {pegawai.nama_lengkap} diubah: {', '.join(berubah)}.",
            perubahan=berubah,
        )
    return list(berubah)


@transaction.atomic
def tambah_pegawai(*, oleh: Pegawai, nip: str, **nilai) -> Pegawai:
    """Add one pegawai (the roster's fields, already validated by the form the import's rules
    share). The account gets no password: the admin hands out a temporary one, alone or in a
    batch of slips, as for imported pegawai."""
    if not oleh.can_manage_kepegawaian:
        raise KepegawaianError("Hanya admin kepegawaian yang dapat menambah pegawai.")
    ada = Pegawai.objects.filter(nip=nip).first()
    if ada is not None:
        raise KepegawaianError(
            f"NIP {nip} sudah terdaftar atas nama {kalimat(ada.nama_lengkap)} Buka data pegawai "
            "itu untuk mengubahnya."
        )
    pegawai = Pegawai(nip=nip, **nilai)
    pegawai.set_unusable_password()
    pegawai.save()
    catat_audit(
        "pegawai.tambah",
        aktor=oleh,
        objek=pegawai,
        ringkasan=f"Pegawai {pegawai.nama_lengkap} ({nip}) ditambahkan.",
        sesudah={
            nama: UnitKerja.objects.paths().get(nilai[nama].pk, "")
            if nama == "unit_kerja"
            else str(getattr(pegawai, f"get_{nama}_display", lambda n=nama: nilai[n])() or "")
            for nama in nilai
        },
    )
    return pegawai
