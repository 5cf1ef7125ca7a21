"""Penugasan (DOMAIN.md §10): work an official assigns to one pegawai or a squad, and the
opportunities a unit opens to volunteers. Nothing reaches a pegawai without their pejabat
penilai's knowledge: each assignee (`AnggotaPenugasan`) moves through the states below, and
only agreed work becomes an RK of their SKP (skp/services/penugasan.py writes it).

    by their own pejabat penilai ─────────────────────────────┐
    by another official → MENUNGGU_PENILAI → (agrees) ────────┤
                                          → DITOLAK (reason)   ├→ DISETUJUI → DI_SKP
    a volunteer → MENUNGGU_PENILAI → MENUNGGU_PEMBUKA → ───────┘      ↘ MENUNGGU_SKP → DI_SKP
                                                     → TIDAK_DITERIMA
    any row not declined → DITARIK (the assigner withdraws it, with a reason)

DISETUJUI: agreed, with no SKP to write into yet (the pegawai has not started it); MENUNGGU_SKP:
agreed while the SKP was submitted or ditetapkan, until the pejabat penilai accepts it into a
new version."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.formatting import tanggal_panjang
from skp.models import PANJANG_TEKS


class JenisPenugasan(models.TextChoices):
    TUGAS = "tugas", "Penugasan"
    PELUANG = "peluang", "Peluang terbuka"


class PenugasanQuerySet(models.QuerySet):
    def peluang_terbuka(self, periode, today):
        """The opportunities of `periode` still open to volunteers on `today`, newest first."""
        return (
            self.filter(periode=periode, jenis=JenisPenugasan.PELUANG, ditutup_pada__isnull=True)
            .filter(selesai__gte=today)
            .select_related("pemberi", "unit_kerja")
            .order_by("-dibuat", "-pk")
        )


class Penugasan(models.Model):
    periode = models.ForeignKey("periode.Periode", on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(max_length=10, choices=JenisPenugasan.choices, default="tugas")
    judul = models.CharField("judul", max_length=200)
    uraian = models.TextField("uraian tugas", blank=True, max_length=PANJANG_TEKS)
    # The RK it becomes in each assignee's SKP, and optionally its Kuantitas IKI and target.
    hasil = models.TextField("hasil yang diharapkan", max_length=PANJANG_TEKS)
    iki_teks = models.TextField("indikator kuantitas", blank=True, max_length=PANJANG_TEKS)
    target = models.CharField("target", max_length=100, blank=True)
    satuan = models.CharField("satuan", max_length=50, blank=True)
    # The assigning official: a pegawai here, or (recorded by the admin kepegawaian) an
    # official of another instansi named in words. `pemberi_jabatan`: as printed.
    pemberi = models.ForeignKey(
        "accounts.Pegawai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="penugasan_diberikan",
    )
    pemberi_nama = models.CharField("nama pemberi tugas", max_length=150, blank=True)
    pemberi_jabatan = models.CharField("jabatan pemberi tugas", max_length=150, blank=True)
    nomor_sk = models.CharField("nomor SK", max_length=100, blank=True)
    tanggal_sk = models.DateField("tanggal SK", null=True, blank=True)
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai")
    # An opportunity: the opening unit and how many places it has.
    unit_kerja = models.ForeignKey(
        "accounts.UnitKerja", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kuota = models.PositiveSmallIntegerField("jumlah tempat", null=True, blank=True)
    ditutup_pada = models.DateTimeField(null=True, blank=True)
    dicatat_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(default=timezone.now)
    kunci_kirim = models.UUIDField(null=True, blank=True, editable=False, unique=True)
    # Withdrawn as a whole by the assigner (or the admin who recorded it): every row with it.
    ditarik_pada = models.DateTimeField(null=True, blank=True)
    alasan_tarik = models.TextField("alasan penarikan", blank=True, max_length=PANJANG_TEKS)

    objects = PenugasanQuerySet.as_manager()

    class Meta:
        verbose_name = "penugasan"
        verbose_name_plural = "penugasan"
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")), name="penugasan_tanggal_urut"
            ),
            models.CheckConstraint(
                condition=Q(pemberi__isnull=False) | ~Q(pemberi_nama=""),
                name="penugasan_ada_pemberi",
            ),
        ]

    def __str__(self) -> str:
        return self.judul

    @property
    def is_peluang(self) -> bool:
        return self.jenis == JenisPenugasan.PELUANG

    @property
    def nama_pemberi(self) -> str:
        """Who assigned it, as the SKP prints it after "Penugasan dari": the position when
        known ("Wakil Rektor I Universitas …"), else the name."""
        if self.pemberi_jabatan:
            return self.pemberi_jabatan
        if self.pemberi_id:
            return self.pemberi.jabatan or self.pemberi.nama_lengkap
        return self.pemberi_nama

    @property
    def nama_lengkap_pemberi(self) -> str:
        """Name and position, for pages: "Prof. Dr. X, M.Pd. (Wakil Rektor I)"."""
        nama = self.pemberi.nama_lengkap if self.pemberi_id else self.pemberi_nama
        jabatan = self.nama_pemberi
        return f"{nama} ({jabatan})" if jabatan and jabatan != nama else nama

    @property
    def keterangan_sk(self) -> str:
        if not self.nomor_sk:
            return ""
        tanggal = f" tanggal {tanggal_panjang(self.tanggal_sk)}" if self.tanggal_sk else ""
        return f"SK {self.nomor_sk}{tanggal}"


class StatusAnggota(models.TextChoices):
    MENUNGGU_PENILAI = "menunggu_penilai", "Menunggu persetujuan pejabat penilai"
    DITOLAK = "ditolak", "Ditolak pejabat penilai"
    MENUNGGU_PEMBUKA = "menunggu_pembuka", "Menunggu konfirmasi pembuka peluang"
    TIDAK_DITERIMA = "tidak_diterima", "Tidak diterima pembuka peluang"
    DISETUJUI = "disetujui", "Disetujui, belum masuk SKP"
    MENUNGGU_SKP = "menunggu_skp", "Menunggu diterima ke SKP yang sudah diajukan"
    DI_SKP = "di_skp", "Masuk SKP"
    DITARIK = "ditarik", "Ditarik pemberi tugas"


# What the assignee may see of their own entry: everything once their pejabat penilai agreed;
# a volunteer, who asked, sees their request from the start.
TERLIHAT_PEGAWAI = (
    StatusAnggota.DISETUJUI,
    StatusAnggota.MENUNGGU_SKP,
    StatusAnggota.DI_SKP,
)
# The states a withdrawal ends (a declined row is over already).
DAPAT_DITARIK = (
    StatusAnggota.MENUNGGU_PENILAI,
    StatusAnggota.MENUNGGU_PEMBUKA,
    *TERLIHAT_PEGAWAI,
)
# The states that hold a place of an opportunity's quota.
MENEMPATI = (
    StatusAnggota.MENUNGGU_PENILAI,
    StatusAnggota.MENUNGGU_PEMBUKA,
    *TERLIHAT_PEGAWAI,
)


class AnggotaPenugasan(models.Model):
    """One assignee of a penugasan (a member of the squad), or one volunteer."""

    penugasan = models.ForeignKey(Penugasan, on_delete=models.CASCADE, related_name="anggota")
    pegawai = models.ForeignKey(
        "accounts.Pegawai", on_delete=models.PROTECT, related_name="penugasan_diterima"
    )
    peran = models.CharField("peran dalam penugasan", max_length=100, default="Anggota")
    status = models.CharField(max_length=20, choices=StatusAnggota.choices)
    is_sukarela = models.BooleanField(default=False)
    # The pejabat penilai who decides (their atasan langsung when it was routed).
    penilai = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    jenis_rk = models.CharField(max_length=10, default="tambahan")
    # Kinerja Utama: the pimpinan's RK it intervenes, chosen by the pejabat penilai when
    # agreeing (or, when the pimpinan has no SKP in the system, described in words).
    intervensi = models.ForeignKey(
        "skp.RencanaKinerja", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intervensi_teks_bebas = models.TextField(blank=True, max_length=PANJANG_TEKS)
    # Why the volunteer asked to join (their own words), and the note of the last decision
    # on the row (the pejabat penilai's, or the opener's): two things, never one field.
    alasan_relawan = models.TextField("alasan relawan", blank=True, max_length=PANJANG_TEKS)
    alasan = models.TextField("catatan keputusan", blank=True, max_length=PANJANG_TEKS)
    rencana_kinerja = models.ForeignKey(
        "skp.RencanaKinerja", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diputuskan_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    # The SKP version it entered as (accepted into a submitted SKP), else empty.
    versi_skp = models.PositiveSmallIntegerField(null=True, blank=True)
    ditarik_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ditarik_pada = models.DateTimeField(null=True, blank=True)
    alasan_tarik = models.TextField("alasan penarikan", blank=True, max_length=PANJANG_TEKS)
    # Where a withdrawn row stood: the assignee keeps seeing what they had seen (and why it
    # was withdrawn); a row withdrawn before their pejabat penilai agreed stays unseen.
    status_sebelum_tarik = models.CharField(max_length=20, blank=True)
    dibuat = models.DateTimeField(default=timezone.now)
    revisi = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "anggota penugasan"
        verbose_name_plural = "anggota penugasan"
        ordering = ["penugasan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["penugasan", "pegawai"], name="penugasan_anggota_sekali"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.penugasan_id}: {self.pegawai_id} ({self.status})"

    @property
    def is_terlihat_pegawai(self) -> bool:
        """Whether the assignee sees this row (THE rule; `terlihat_pegawai_q` in SQL)."""
        if self.status == StatusAnggota.DITARIK:
            return self.is_sukarela or self.status_sebelum_tarik in TERLIHAT_PEGAWAI
        return self.is_sukarela or self.status in TERLIHAT_PEGAWAI


def terlihat_pegawai_q(prefix: str = "") -> Q:
    """`AnggotaPenugasan.is_terlihat_pegawai` as a filter (`prefix`: the path to the row)."""
    return (
        Q(**{f"{prefix}is_sukarela": True})
        | Q(**{f"{prefix}status__in": TERLIHAT_PEGAWAI})
        | Q(
            **{
                f"{prefix}status": StatusAnggota.DITARIK,
                f"{prefix}status_sebelum_tarik__in": TERLIHAT_PEGAWAI,
            }
        )
    )
