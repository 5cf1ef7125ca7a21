import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.golongan import pangkat_for, pangkat_golongan
from accounts.nip import format_nip, validate_nip

# How long a worker may show a unit's name from memory (never for the submission snapshot).
POHON_TAMPIL_DETIK = 30
# What a page that only names a pegawai reads of them (`Pegawai.objects.tampilan`, the forms'
# identity blocks: skp.dokumen.Identitas).
FIELD_TAMPIL = (
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "nip",
    "jenis_asn",
    "golongan",
    "jabatan",
    "unit_kerja_id",
)


class UnitKerjaQuerySet(models.QuerySet):
    def pohon(self) -> dict[int, tuple[str, int | None]]:
        """Every unit as `{pk: (nama, induk_id)}`, in one query."""
        return {
            pk: (nama, induk)
            for pk, nama, induk in self.model.objects.values_list("pk", "nama", "induk_id")
        }

    def pohon_tampilan(self) -> dict[int, tuple[str, int | None]]:
        """`pohon()` remembered by the worker for `POHON_TAMPIL_DETIK`, for pages that only
        show unit names: the whole tree is read on every SKP page otherwise (hundreds of rows
        in a province). A renamed unit shows its new name at most that much later."""
        from django.core.cache import cache

        return cache.get_or_set("unit-kerja:pohon", self.pohon, POHON_TAMPIL_DETIK)

    def kepala_sementara(self) -> dict[int, str]:
        """`{pegawai_id: "Plt. Kepala UPT TIK"}` for every acting head (one query over the
        few units that have one): how the forms name an acting head as pejabat penilai
        (BKN SE 1/SE/I/2021: the Plt./Plh. signs as "Plt. Kepala …")."""
        rows = (
            self.model.objects.exclude(kepala_sementara=KepalaSementara.DEFINITIF)
            .filter(kepala__isnull=False)
            .order_by("pk")
            .values_list("kepala_id", "kepala_sementara", "nama")
        )
        awalan = {KepalaSementara.PLT: "Plt.", KepalaSementara.PLH: "Plh."}
        return {pk: f"{awalan[sebagai]} Kepala {nama}" for pk, sebagai, nama in rows}

    def kepala_sementara_tampilan(self) -> dict[int, str]:
        """`kepala_sementara()` remembered by the worker for `POHON_TAMPIL_DETIK`, for pages
        that only show it (a submission's header reads it fresh)."""
        from django.core.cache import cache

        return cache.get_or_set(
            "unit-kerja:kepala-sementara", self.kepala_sementara, POHON_TAMPIL_DETIK
        )

    def paths(self) -> dict[int, str]:
        """Every unit's path from the top (`A > B > C`), in one query."""
        rows = self.pohon()
        result: dict[int, str] = {}

        def path(pk: int) -> str:
            if pk not in result:
                nama, induk = rows[pk]
                result[pk] = f"{path(induk)} > {nama}" if induk else nama
            return result[pk]

        for pk in rows:
            path(pk)
        return result

    def chain_ids(self, unit_id: int | None, pohon: dict | None = None) -> list[int]:
        """The unit and its ancestors up to the top, nearest first, in one query (none when
        given the `pohon()`)."""
        if pohon is None:
            parent = dict(self.model.objects.values_list("pk", "induk_id"))
        else:
            parent = {pk: induk for pk, (_, induk) in pohon.items()}
        chain: list[int] = []
        while unit_id is not None and unit_id not in chain:
            chain.append(unit_id)
            unit_id = parent.get(unit_id)
        return chain

    def nama_berjenjang(self, unit_id: int | None) -> str:
        """`Divisi Data, UPT TIK, Universitas Pendidikan Ganesha`: how the form names a unit."""
        if unit_id is None:
            return ""
        nama = dict(self.model.objects.values_list("pk", "nama"))
        return ", ".join(nama[pk] for pk in self.chain_ids(unit_id))

    def subtree_ids(self, root_ids) -> set[int]:
        """The given units and everything below them, in one query."""
        children: dict[int | None, list[int]] = {}
        for pk, induk in self.model.objects.values_list("pk", "induk_id"):
            children.setdefault(induk, []).append(pk)
        found, stack = set(), list(root_ids)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found


class KepalaSementara(models.TextChoices):
    """An acting head (BKN SE 1/SE/I/2021): Plt. fills a vacant post, Plh. stands in while the
    head is away for a while. "" is the definitive head."""

    DEFINITIF = "", "Definitif"
    PLT = "plt", "Plt. (pelaksana tugas)"
    PLH = "plh", "Plh. (pelaksana harian)"


class UnitKerja(models.Model):
    """An organisational unit; a tree (Universitas > UPT TIK > Divisi Data)."""

    nama = models.CharField("nama unit", max_length=200)
    induk = models.ForeignKey(
        "self",
        verbose_name="unit induk",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_unit",
    )
    kepala = models.ForeignKey(
        "accounts.Pegawai",
        verbose_name="kepala unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_dipimpin",
    )
    # No database rule ties it to `kepala`: deleting a pegawai sets `kepala` to NULL, and a
    # stale Plt. without a kepala prints nothing. The service refuses Plt. without a kepala.
    kepala_sementara = models.CharField(
        "kepala sebagai",
        max_length=3,
        choices=KepalaSementara.choices,
        default=KepalaSementara.DEFINITIF,
        blank=True,
    )
    koordinator = models.ForeignKey(
        "accounts.Pegawai",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_dikoordinasi",
    )
    sub_koordinator = models.ForeignKey(
        "accounts.Pegawai",
        verbose_name="sub-koordinator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_disubkoordinasi",
    )

    objects = UnitKerjaQuerySet.as_manager()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["induk", "nama"], name="accounts_unitkerja_nama_unik_per_induk"
            ),
            # NULLs are distinct in a unique index: top-level names need their own rule.
            models.UniqueConstraint(
                fields=["nama"],
                condition=Q(induk__isnull=True),
                name="accounts_unitkerja_nama_unik_di_puncak",
            ),
            models.CheckConstraint(
                condition=~Q(induk=models.F("pk")), name="accounts_unitkerja_bukan_induk_sendiri"
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def awalan_kepala(self) -> str:
        """ "Plt." or "Plh." before an acting kepala's jabatan, "" for a definitive one."""
        return {KepalaSementara.PLT: "Plt.", KepalaSementara.PLH: "Plh."}.get(
            self.kepala_sementara, ""
        )


class JenisAsn(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


class JenisJabatan(models.TextChoices):
    JPT_UTAMA = "jpt_utama", "JPT Utama"
    JPT_MADYA = "jpt_madya", "JPT Madya"
    JPT_PRATAMA = "jpt_pratama", "JPT Pratama"
    ADMINISTRATOR = "administrator", "Administrator"
    PENGAWAS = "pengawas", "Pengawas"
    PELAKSANA = "pelaksana", "Pelaksana"
    FUNGSIONAL = "fungsional", "Fungsional"

    @classmethod
    def jpt(cls) -> set[str]:
        return {cls.JPT_UTAMA, cls.JPT_MADYA, cls.JPT_PRATAMA}


class Jenjang(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
    AHLI_MUDA = "ahli_muda", "Ahli Muda"
    AHLI_MADYA = "ahli_madya", "Ahli Madya"
    AHLI_UTAMA = "ahli_utama", "Ahli Utama"
    PEMULA = "pemula", "Pemula"
    TERAMPIL = "terampil", "Terampil"
    MAHIR = "mahir", "Mahir"
    PENYELIA = "penyelia", "Penyelia"


class StatusKepegawaian(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    CLTN = "cltn", "Cuti di Luar Tanggungan Negara"
    TUGAS_BELAJAR = "tugas_belajar", "Tugas Belajar"
    MPP = "mpp", "Masa Persiapan Pensiun"
    DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", "Diberhentikan Sementara"
    NONAKTIF = "nonaktif", "Nonaktif"


class PegawaiQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(status_kepegawaian=StatusKepegawaian.AKTIF, is_active=True)

    def pegawai_sungguhan(self):
        """Without system accounts (`Pegawai.is_akun_sistem`)."""
        return self.exclude(is_superuser=True, jenis_jabatan="")

    def wajib_skp(self, periode):
        """Who owes an SKP in `periode`, the people the periode applies to: Aktif employees
        already appointed that year (the TMT year is digits 9–12 of the NIP, for PNS and PPPK
        alike) whom the system knew in that periode. Known means one of: a supervision row in
        the periode (the roster import and the copy from the previous periode write one per
        person they place in it), an SKP in it, or an account that existed by the periode's
        last day. The roster holds no dates of entry or of moves (status is today's only), so
        this is the evidence the data has: a faculty imported in 2026 for the 2026 periode
        does not owe the closed 2022 periode anything, while a roster without atasan columns
        (no supervision rows) still puts its people in the running periode. To count someone
        in an earlier periode, import the roster into that periode."""
        from django.db.models.functions import Cast, Substr

        # Supervisi and Skp live in the layers above; reached by relation name only.
        supervisi = self.model._meta.get_field("supervisi").related_model
        skp = self.model._meta.get_field("skp").related_model
        batas = datetime.datetime.combine(
            periode.tanggal_selesai + datetime.timedelta(days=1),
            datetime.time(),
            tzinfo=timezone.get_current_timezone(),
        )
        dikenal = (
            Q(date_joined__lt=batas)
            | models.Exists(
                supervisi.objects.filter(pegawai_id=models.OuterRef("pk"), periode_id=periode.pk)
            )
            | models.Exists(
                skp.objects.filter(pegawai_id=models.OuterRef("pk"), periode_id=periode.pk)
            )
        )
        return (
            self.aktif()
            .pegawai_sungguhan()
            .annotate(_tahun_tmt=Cast(Substr("nip", 9, 4), models.IntegerField()))
            .filter(_tahun_tmt__lte=periode.tahun)
            .filter(dikenal)
        )

    def tampilan(self, pk: int | None) -> "Pegawai | None":
        """The pegawai `pk` remembered by the worker for `POHON_TAMPIL_DETIK`, for pages that
        only show who someone is (name, NIP, pangkat, jabatan, unit): the SKP page names its
        pejabat penilai and atasan penilai so on every view. Who they are is read fresh (the
        supervision row); what they are called may be that much older. Never for a decision,
        nor for what a submission freezes."""
        if pk is None:
            return None
        from django.core.cache import cache

        return cache.get_or_set(
            f"pegawai:tampil:{pk}",
            lambda: self.model.objects.filter(pk=pk).only(*FIELD_TAMPIL).first(),
            POHON_TAMPIL_DETIK,
        )

    def cari(self, teks: str):
        """Search by NIP (spaces ignored) or by name, gelar excluded."""
        teks = " ".join((teks or "").split())
        if not teks:
            return self
        nip = teks.replace(" ", "")
        if nip.isdigit():
            return self.filter(Q(nip__startswith=nip) | Q(nama__icontains=teks))
        return self.filter(nama__icontains=teks)

    def untuk_daftar(self, periode):
        """The pegawai list page: unit and the atasan of `periode`, in a fixed number of queries."""
        qs = self.select_related("unit_kerja").order_by("nama", "nip")
        if periode is None:
            return qs
        # Supervisi lives in the periode layer above; accounts reaches it only by the relation
        # name, never by importing it (the layers point down).
        supervisi = self.model._meta.get_field("supervisi").related_model
        return qs.prefetch_related(
            models.Prefetch(
                "supervisi",
                queryset=supervisi.objects.filter(periode=periode).select_related(
                    "atasan_langsung", "atasan_penilai"
                ),
                to_attr="supervisi_periode",
            )
        )


class PegawaiManager(BaseUserManager.from_queryset(PegawaiQuerySet)):
    use_in_migrations = True

    def create_user(self, nip: str, password: str | None = None, **fields):
        pegawai = self.model(
            nip=validate_nip(nip, is_pns=fields.get("jenis_asn", "PNS") == "PNS"), **fields
        )
        pegawai.set_password(password)
        pegawai.save(using=self._db)
        return pegawai

    def create_superuser(self, nip: str, password: str | None = None, **fields):
        fields.setdefault("nama", "Administrator")
        fields.update(is_staff=True, is_superuser=True, is_admin_kepegawaian=True)
        return self.create_user(nip, password, **fields)


class Pegawai(AbstractBaseUser, PermissionsMixin):
    """An employee (PNS or PPPK) who logs in with the NIP."""

    nip = models.CharField(
        "NIP",
        max_length=18,
        unique=True,
        help_text="18 angka, tanpa spasi; dipakai untuk masuk.",
    )
    nama = models.CharField("nama (tanpa gelar)", max_length=150)
    gelar_depan = models.CharField(max_length=50, blank=True)
    gelar_belakang = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    jenis_asn = models.CharField(
        "jenis ASN", max_length=4, choices=JenisAsn.choices, default=JenisAsn.PNS
    )
    golongan = models.CharField(
        max_length=6, blank=True, help_text="PNS: III/d; PPPK: I s.d. XVII."
    )
    jabatan = models.CharField(max_length=255, blank=True)
    jenis_jabatan = models.CharField(max_length=20, choices=JenisJabatan.choices, blank=True)
    jenjang = models.CharField(max_length=20, choices=Jenjang.choices, blank=True)
    unit_kerja = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.PROTECT, related_name="pegawai"
    )
    status_kepegawaian = models.CharField(
        max_length=30, choices=StatusKepegawaian.choices, default=StatusKepegawaian.AKTIF
    )
    is_admin_kepegawaian = models.BooleanField(
        "admin kepegawaian",
        default=False,
        help_text="Pengelola kinerja: mengimpor pegawai, mengatur periode, melihat rekap.",
    )
    is_pemberi_tugas = models.BooleanField(
        "pemberi tugas",
        default=False,
        help_text="Pejabat tanpa jabatan kepala unit (mis. wakil rektor, ketua panitia) yang "
        "boleh memberikan penugasan.",
    )
    harus_ganti_kata_sandi = models.BooleanField(
        default=False, help_text="Kata sandi sementara dari admin: wajib diganti saat masuk."
    )
    is_staff = models.BooleanField("akses Django admin", default=False)
    is_active = models.BooleanField("aktif (boleh masuk)", default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PegawaiManager()

    USERNAME_FIELD = "nip"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nip__regex=r"^[0-9]{18}$"), name="accounts_pegawai_nip_18_angka"
            ),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        """Name with gelar: `Dr. I Ketut Resika Arthana, S.T., M.Kom`."""
        nama = f"{self.gelar_depan} {self.nama}".strip() if self.gelar_depan else self.nama
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def nip_tampil(self) -> str:
        return format_nip(self.nip)

    @property
    def pangkat(self) -> str:
        return pangkat_for(self.golongan) if self.jenis_asn == JenisAsn.PNS else ""

    @property
    def pangkat_golongan(self) -> str:
        if self.jenis_asn == JenisAsn.PPPK:
            return f"Golongan {self.golongan}" if self.golongan else ""
        return pangkat_golongan(self.golongan)

    @property
    def is_jpt(self) -> bool:
        return self.jenis_jabatan in JenisJabatan.jpt()

    @property
    def can_manage_kepegawaian(self) -> bool:
        return self.is_active and (self.is_admin_kepegawaian or self.is_superuser)

    @property
    def is_akun_sistem(self) -> bool:
        """A superuser with no jenis jabatan runs the system and owes no SKP (the same rule
        as `PegawaiQuerySet.pegawai_sungguhan`)."""
        return self.is_superuser and not self.jenis_jabatan

    @property
    def has_hak_khusus(self) -> bool:
        """Any right beyond an ordinary pegawai's: superuser, Django admin, admin kepegawaian."""
        return self.is_superuser or self.is_staff or self.is_admin_kepegawaian

    def can_manage_account(self, akun: "Pegawai") -> bool:
        """May `self` edit `akun`'s data, deactivate it, hand it a temporary password or change
        its rights? The one rule of the ladder: an admin kepegawaian manages ordinary pegawai
        only; an account with rights equal to or above theirs (another admin kepegawaian, a
        Django admin, a superuser, and their own) is a superuser's business. Otherwise an
        admin could take over the superuser by resetting its password."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.can_manage_kepegawaian and not akun.has_hak_khusus

    def get_full_name(self) -> str:
        return self.nama_lengkap

    def get_short_name(self) -> str:
        return self.nama


class JenisRiwayat(models.TextChoices):
    MUTASI = "mutasi", "Mutasi (unit atau jabatan)"
    STATUS = "status", "Perubahan status kepegawaian"


class RiwayatPegawai(models.Model):
    """One recorded change of a pegawai's position or status, with the date it takes effect
    (the SK's date, which may lie before the day it is recorded). `sebelum`/`sesudah` keep what
    the roster said, as text, so the history reads the same after units are renamed or merged.
    A mutasi lets the pegawai start an SKP for the new position in the same periode (8/2021 and
    6/2022 both ask for one after a move): that SKP points here."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="riwayat")
    jenis = models.CharField(max_length=10, choices=JenisRiwayat.choices)
    tanggal_berlaku = models.DateField("tanggal berlaku")
    unit_kerja = models.ForeignKey(
        UnitKerja,
        verbose_name="unit kerja baru",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sebelum = models.JSONField(default=dict)
    sesudah = models.JSONField(default=dict)
    keterangan = models.CharField(max_length=500, blank=True)
    dicatat_oleh = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dicatat_pada = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "riwayat jabatan dan status"
        verbose_name_plural = "riwayat jabatan dan status"
        ordering = ["-tanggal_berlaku", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.pegawai} {self.tanggal_berlaku:%Y-%m-%d}"

    @property
    def is_mutasi(self) -> bool:
        return self.jenis == JenisRiwayat.MUTASI


# How the audit page names a row without an actor, and the word that filters for them.
AKTOR_SISTEM = "Sistem"


class AuditLogQuerySet(models.QuerySet):
    def untuk_halaman(
        self,
        *,
        aktor: str = "",
        aksi: str = "",
        objek_tipe: str = "",
        objek_id: str = "",
        dari: datetime.date | None = None,
        sampai: datetime.date | None = None,
    ):
        """The audit page's rows, newest first, with the actor: each filter narrows by an
        indexed column (aktor, aksi, objek, waktu). `aktor` searches a name or NIP
        (`Pegawai.objects.cari`), or is "sistem" for rows without an actor; the dates are whole local days, both included."""
        qs = self.select_related("aktor").order_by("-waktu", "-pk")
        if aktor := " ".join(aktor.split()):
            # The page names rows without an actor "Sistem" (seed, workers, commands): the
            # same word finds them.
            if aktor.casefold() == AKTOR_SISTEM.casefold():
                qs = qs.filter(aktor__isnull=True)
            else:
                qs = qs.filter(aktor__in=Pegawai.objects.cari(aktor).values("pk"))
        if aksi:
            qs = qs.filter(aksi=aksi)
        if objek_tipe:
            qs = qs.filter(objek_tipe=objek_tipe)
        if objek_id:
            qs = qs.filter(objek_id=objek_id)
        if dari:
            qs = qs.filter(waktu__gte=_awal_hari(dari))
        if sampai:
            qs = qs.filter(waktu__lt=_awal_hari(sampai + datetime.timedelta(days=1)))
        return qs

    def lebih_lama_dari(self, log: "AuditLog"):
        """Rows after `log` in newest-first order (a page without OFFSET: the waktu index
        starts at `log`, however deep the page)."""
        return self.filter(waktu__lte=log.waktu).exclude(waktu=log.waktu, pk__gte=log.pk)

    def lebih_baru_dari(self, log: "AuditLog"):
        """Rows before `log` in newest-first order, nearest first."""
        return (
            self.filter(waktu__gte=log.waktu)
            .exclude(waktu=log.waktu, pk__lte=log.pk)
            .order_by("waktu", "pk")
        )


def _awal_hari(tanggal: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time.min))


class AuditLog(models.Model):
    """Append-only record of everything that matters: who did what, when, to what."""

    waktu = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: the log is append-only (a database trigger refuses UPDATE and DELETE), so a
    # pegawai who acted is deactivated, never deleted.
    aktor = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aksi = models.CharField(max_length=60, db_index=True)
    objek_tipe = models.CharField(max_length=60, blank=True)
    objek_id = models.CharField(max_length=40, blank=True)
    ringkasan = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = "log audit"
        verbose_name_plural = "log audit"
        ordering = ["-waktu", "-pk"]
        indexes = [models.Index(fields=["objek_tipe", "objek_id"])]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.aksi}"
