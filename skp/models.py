from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from skp.berakhlak import PANJANG_EKSPEKTASI, NilaiBerakhlak
from skp.profil import profil_untuk

# Length caps of free text (characters), in the model and in every form that writes it. A
# rencana kinerja, an IKI or a validator's note is a sentence or a paragraph, not a document.
PANJANG_TEKS = 2000
PANJANG_URAIAN = 10000


class StatusSkp(models.TextChoices):
    """DOMAIN.md §6. Stored values are the ones the rekap CSV prints."""

    DRAF = "draf", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
    DISETUJUI_ATASAN_LANGSUNG = "disetujui_atasan_langsung", "Disetujui atasan langsung"
    DITETAPKAN = "ditetapkan", "Ditetapkan"

    @classmethod
    def editable(cls) -> set[str]:
        return {cls.DRAF, cls.DIKEMBALIKAN}


class ModelForm(models.TextChoices):
    """The two form models of DOMAIN.md §4."""

    NON_JPT = "non_jpt", "JA/JF (model dasar)"
    JPT = "jpt", "JPT (model dasar)"


class Pendekatan(models.TextChoices):
    """How an SKP states its results under PermenPANRB 6/2022 (DOMAIN.md §9): kuantitatif, an
    IKI per aspek with targets; kualitatif, each RHK's expected result written as narrative
    (its ukuran keberhasilan: indicator and target in one text). Under a profile without
    pendekatan (8/2021) every SKP is kuantitatif."""

    KUANTITATIF = "kuantitatif", "Kuantitatif"
    KUALITATIF = "kualitatif", "Kualitatif"


class SkpQuerySet(models.QuerySet):
    def dengan_isi(self):
        """Everything the form (screen, PDF, spreadsheet) shows, in a fixed number of queries.
        The form names units from the tree (skp.dokumen), not through the pegawai's row."""
        return self.select_related("pegawai", "periode").prefetch_related(
            models.Prefetch(
                "rencana_kinerja",
                queryset=RencanaKinerja.objects.select_related("intervensi")
                .prefetch_related(
                    models.Prefetch(
                        "indikator", queryset=Indikator.objects.order_by("urutan", "pk")
                    )
                )
                .order_by("jenis", "urutan", "pk"),
            )
        )

    def terlihat_oleh(self, pegawai):
        """The SKPs `pegawai` may read: THE viewer rule. The SKP page, its PDF and .xlsx, the
        review page, the history, the action pages and every SKP a batch ZIP holds filter
        through it (skp/access.py; skp/services/dokumen.py); out of it → 404.

        Readers (PP 30/2019, PermenPANRB 6/2022; DOMAIN.md §2, §6): the owner; the pejabat
        penilai kinerja (atasan langsung) and the atasan pejabat penilai (atasan penilai)
        named for the owner in the SKP's own periode, read fresh; and the pengelola kinerja
        (admin kepegawaian, superuser). Nobody else, and in particular **not the kepala of
        an enclosing unit** as such: the regulation gives the SKP to the pegawai and the two
        officials who agree, approve and assess it (and who hear a keberatan); heading a unit
        higher up gives no part in that, and the SKP is personal data. A kepala unit sees his
        units' progress in the rekap (counts, status and who waits for whom, seed rule 7:
        management data that holds no SKP content) and reads the SKPs of those he supervises.
        Neither a ketua tim nor a former atasan of another periode is a reader by that alone.
        (A subordinate sees only the *texts* of the RKs they may intervene, on their own SKP
        page: the cascading DOMAIN.md §4 asks for; that is not reading the SKP.)"""
        if not pegawai.is_authenticated or not pegawai.is_active:
            return self.none()
        if pegawai.can_manage_kepegawaian:
            return self
        from periode.models import Supervisi

        menilai = Supervisi.objects.dinilai_oleh(pegawai).filter(
            pegawai_id=models.OuterRef("pegawai_id"),
            periode_id=models.OuterRef("periode_id"),
        )
        return self.filter(Q(pegawai=pegawai) | models.Exists(menilai))

    def terkini_untuk(self, pegawai, periode) -> "Skp | None":
        """The pegawai's SKP of `periode` for the position they hold now: the last one started
        (after a mutasi a second SKP follows the first in the same periode)."""
        return self.filter(pegawai=pegawai, periode=periode).order_by("-pk").first()

    def mutasi_tertunda(self, pegawai, periode):
        """The mutasi after which `pegawai` may start an SKP for the new position in
        `periode` (8/2021 and 6/2022 both ask for one): one effective within the periode,
        recorded after their last SKP of it was started, that no SKP follows yet. None when
        they have no SKP there yet (their first is for the position they hold now)."""
        from accounts.models import JenisRiwayat, RiwayatPegawai

        terakhir = self.terkini_untuk(pegawai, periode)
        if terakhir is None:
            return None
        mutasi = (
            RiwayatPegawai.objects.filter(
                pegawai=pegawai,
                jenis=JenisRiwayat.MUTASI,
                tanggal_berlaku__range=(periode.tanggal_mulai, periode.tanggal_selesai),
                dicatat_pada__gt=terakhir.dibuat,
            )
            .order_by("-tanggal_berlaku", "-pk")
            .first()
        )
        if mutasi is None or terakhir.mutasi_id == mutasi.pk:
            return None
        return mutasi

    def untuk_pembaca(self, pegawai, pk: int) -> "Skp":
        """The SKP `pk` if `pegawai` may read it by `terlihat_oleh`, else Skp.DoesNotExist. The
        owner and the admin kepegawaian, the rule's first readers and most of the deadline
        day's requests, are told from the loaded row: the rule's subquery, built and compiled,
        was an eighth of the SKP page's CPU. Anyone else is asked the rule itself."""
        skp = self.get(pk=pk)
        if not pegawai.is_authenticated or not pegawai.is_active:
            raise self.model.DoesNotExist
        if skp.pegawai_id == pegawai.pk or pegawai.can_manage_kepegawaian:
            return skp
        if not Skp.objects.terlihat_oleh(pegawai).filter(pk=pk).exists():
            raise self.model.DoesNotExist
        return skp


class Skp(models.Model):
    """One pegawai's plan for one periode."""

    pegawai = models.ForeignKey("accounts.Pegawai", on_delete=models.PROTECT, related_name="skp")
    periode = models.ForeignKey("periode.Periode", on_delete=models.PROTECT, related_name="skp")
    status = models.CharField(max_length=30, choices=StatusSkp.choices, default=StatusSkp.DRAF)
    model_form = models.CharField(
        max_length=10, choices=ModelForm.choices, default=ModelForm.NON_JPT
    )
    pendekatan = models.CharField(
        max_length=12, choices=Pendekatan.choices, default=Pendekatan.KUANTITATIF
    )
    # After a mutasi within the periode the pegawai starts a second SKP for the new position:
    # it points to that mutasi and covers from its effective date; the SKP before it ends the
    # day before (`berlaku_sampai`). Both empty: the whole periode.
    mutasi = models.OneToOneField(
        "accounts.RiwayatPegawai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="skp",
    )
    berlaku_mulai = models.DateField(null=True, blank=True)
    berlaku_sampai = models.DateField(null=True, blank=True)
    # The header (pegawai and both supervisors: nama with gelar, NIP, pangkat/gol, jabatan,
    # unit) as it was at the last submission; empty while never submitted (shown live then).
    snapshot_header = models.JSONField(default=dict, blank=True)
    dibuat = models.DateTimeField(default=timezone.now)
    diubah = models.DateTimeField(default=timezone.now)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    # Bumped by every change of content or state, under the row lock. Each action carries the
    # revisi its page showed and is refused (409) when the SKP moved on meanwhile: another
    # tab, the other validator, an edit. `revisi_keterangan` says what the last change was.
    revisi = models.PositiveIntegerField(default=0)
    revisi_keterangan = models.CharField(max_length=300, blank=True)

    objects = SkpQuerySet.as_manager()

    class Meta:
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        ordering = ["-periode__tahun", "pegawai__nama"]
        constraints = [
            # One SKP per pegawai per periode, and one more for each mutasi in it (the
            # OneToOneField keeps that one unique).
            models.UniqueConstraint(
                fields=["pegawai", "periode"],
                condition=Q(mutasi__isnull=True),
                name="skp_skp_satu_per_pegawai_per_periode",
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.periode.tahun} {self.pegawai}"

    @property
    def is_editable_status(self) -> bool:
        return self.status in StatusSkp.editable()

    @property
    def is_jpt(self) -> bool:
        return self.model_form == ModelForm.JPT

    @property
    def profil(self):
        """The regulation profile of its periode (skp/profil.py): words, parts, checks."""
        return profil_untuk(self.periode.profil_regulasi)

    @property
    def is_kualitatif(self) -> bool:
        """Its RHK carry a narrative ukuran keberhasilan instead of IKI rows: only under a
        profile with pendekatan (an 8/2021 SKP is always kuantitatif, whatever is stored)."""
        return self.profil.pendekatan and self.pendekatan == Pendekatan.KUALITATIF


class JenisRencanaKinerja(models.TextChoices):
    UTAMA = "utama", "A. Kinerja Utama"
    TAMBAHAN = "tambahan", "B. Kinerja Tambahan"


class AsalRencanaKinerja(models.TextChoices):
    PEGAWAI = "pegawai", "Ditulis pegawai"
    MATRIKS = "matriks", "Dari matriks peran-hasil"
    PENUGASAN = "penugasan", "Dari penugasan"
    SALINAN = "salinan", "Disalin dari periode sebelumnya"


def keterangan_penugasan(dari: str, sk: str = "") -> str:
    """What the form prints beneath a penugasan's RK, inside its brackets: "Penugasan dari
    Wakil Rektor I; SK 12/UN48/KP/2026"; "" for any other RK (live or as a version keeps it)."""
    if not dari:
        return ""
    return f"Penugasan dari {dari}; {sk}" if sk else f"Penugasan dari {dari}"


class RencanaKinerjaQuerySet(models.QuerySet):
    def halaman_skp(self):
        """The SKP page's own RK (`skp.rencana_kinerja.halaman_skp()`) with the RK each
        intervenes. Not OR-ed with `pilihan_intervensi` into one query: PostgreSQL cannot use
        an index for that OR and scans every RK of the institution (3 ms at 1,500 staff).
        Of the intervened RK the page reads its text and revisi only (its card's key)."""
        sendiri = [f.attname for f in self.model._meta.concrete_fields]
        return self.select_related("intervensi").only(
            *sendiri, "intervensi__teks", "intervensi__revisi"
        )

    def pilihan_intervensi(self, skp: "Skp"):
        """The RK an RK of `skp` may intervene: those of the atasan langsung's SKP in the same
        periode. One query; the matriks (ketua tim) extends `sumber_intervensi_q`."""
        return (
            self.filter(sumber_intervensi_q(skp))
            .select_related("skp__pegawai")
            .order_by("skp__pegawai__nama", "skp_id", "jenis", "urutan", "pk")
        )


# Other leaders whose RK a pegawai may intervene, besides the atasan langsung: functions
# skp -> a values() queryset of pegawai ids. The layer above registers into it (kpi adds the
# ketua tim of every matriks the pegawai belongs to, in KpiConfig.ready): skp never imports kpi.
SUMBER_INTERVENSI_LAIN: list = []


def sumber_intervensi_q(skp: "Skp") -> Q:
    """Whose RK `skp` may intervene, as a filter on RencanaKinerja (a subquery, no query here):
    the atasan langsung in the SKP's periode, and the leaders the layers above add through
    `SUMBER_INTERVENSI_LAIN` (DOMAIN.md §4)."""
    from periode.models import Supervisi

    pemilik = (
        Supervisi.objects.filter(
            pegawai_id=skp.pegawai_id, periode_id=skp.periode_id, atasan_langsung__isnull=False
        )
        .values("atasan_langsung_id")
        .order_by()
    )  # SQLite (the demo) refuses an ORDER BY inside a UNION
    # One IN over a UNION, not OR-ed INs: with the OR PostgreSQL scans every SKP and RK of
    # the institution (3 ms a page at 1,500 staff); with the UNION it follows the indexes.
    for sumber in SUMBER_INTERVENSI_LAIN:
        pemilik = pemilik.union(sumber(skp).order_by())
    return Q(skp__periode_id=skp.periode_id, skp__pegawai_id__in=pemilik) & ~Q(skp_id=skp.pk)


class Perspektif(models.TextChoices):
    """The JPT form's PERSPEKTIF column under PermenPANRB 6/2022 (DOMAIN.md §9)."""

    PENERIMA_LAYANAN = "penerima_layanan", "Penerima Layanan"
    PROSES_BISNIS = "proses_bisnis", "Proses Bisnis"
    PENGUATAN_INTERNAL = "penguatan_internal", "Penguatan Internal"
    ANGGARAN = "anggaran", "Anggaran"


class RencanaKinerja(models.Model):
    """One planned result in the SKP, in section A (utama) or B (tambahan)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rencana_kinerja")
    jenis = models.CharField(
        max_length=10, choices=JenisRencanaKinerja.choices, default=JenisRencanaKinerja.UTAMA
    )
    urutan = models.PositiveIntegerField(default=0)
    teks = models.TextField("rencana kinerja", max_length=PANJANG_TEKS)
    # The supervisor's (or ketua tim's) RK this one contributes to; for a supervisor without
    # an SKP in the system, a free-text description, shown as such.
    intervensi = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diintervensi",
        verbose_name="rencana kinerja atasan yang diintervensi",
    )
    intervensi_teks_bebas = models.TextField(blank=True, max_length=PANJANG_TEKS)
    asal = models.CharField(
        max_length=10, choices=AsalRencanaKinerja.choices, default=AsalRencanaKinerja.PEGAWAI
    )
    # For a copy of last periode's RK (asal=salinan): the RK it was copied from. A bawahan who
    # copies their own SKP finds the pimpinan's RHK that continues the one they intervened
    # last year through it, even after the pimpinan reworded it (skp/services/drafting.py).
    disalin_dari = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    dibuat = models.DateTimeField(default=timezone.now)
    # Bumped when its text, section or intervensi change: an edit form carries the revisi it
    # showed, so a second tab's save is refused instead of silently undoing the first.
    revisi = models.PositiveIntegerField(default=0)
    # The add form's one-time key: a double-submitted form creates one row.
    kunci_kirim = models.UUIDField(null=True, blank=True, editable=False)
    # An RK generated from a matriks cell (its source is `PeranHasil.rencana_kinerja`): the
    # cell's versi it was last written from, and the values the matriks last wrote
    # (skp/matriks.py), so "did the owner change it since" is read from the data itself.
    matriks_versi = models.PositiveIntegerField(null=True, blank=True)
    matriks_tulisan = models.JSONField(default=dict, blank=True)
    # A cell change not applied because the owner had edited the RK, as last reported to them.
    matriks_usulan = models.JSONField(default=dict, blank=True)
    # What the matriks last did to this RK, shown to its owner beside it until dismissed.
    kabar_matriks = models.TextField(blank=True)
    kabar_matriks_pada = models.DateTimeField(null=True, blank=True)
    # A JPT's RHK under 6/2022 (`Profil.perspektif_jpt`): its perspektif, and who assigned it
    # when it is a penugasan ("(Penugasan dari Rektor)" beneath it on the form).
    perspektif = models.CharField(max_length=20, choices=Perspektif.choices, blank=True)
    penugasan_dari = models.CharField("penugasan dari", max_length=200, blank=True)
    # An RK that came from a penugasan (DOMAIN.md §10; the penugasan app routes it): the
    # assigning official when they are a pegawai here (they read this RK, not the rest of the
    # SKP), and the SK it was given by, printed after "(Penugasan dari …)".
    pemberi_tugas = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    penugasan_sk = models.CharField("SK penugasan", max_length=200, blank=True)
    # An RHK of a kualitatif SKP (Skp.is_kualitatif): its expected result as narrative, the
    # form's "ukuran keberhasilan / indikator kinerja individu, dan target" in one text. Kept
    # when the SKP turns kuantitatif (and its IKI rows kept when it turns kualitatif), so a
    # change of pendekatan loses nothing; only the pendekatan in force is shown and checked.
    ukuran_keberhasilan = models.TextField(
        "ukuran keberhasilan", blank=True, max_length=PANJANG_TEKS
    )

    objects = RencanaKinerjaQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana kinerja"
        verbose_name_plural = "rencana kinerja"
        ordering = ["jenis", "urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(intervensi=F("pk")), name="skp_rencanakinerja_bukan_intervensi_sendiri"
            ),
            models.UniqueConstraint(
                fields=["skp", "kunci_kirim"], name="skp_rencanakinerja_kirim_sekali"
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def keterangan_penugasan(self) -> str:
        return keterangan_penugasan(self.penugasan_dari, self.penugasan_sk)


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", "Kuantitas"
    KUALITAS = "kualitas", "Kualitas"
    WAKTU = "waktu", "Waktu"
    BIAYA = "biaya", "Biaya"


class Indikator(models.Model):
    """An IKI: one aspek, its indicator and its target (a number, a range, or a text)."""

    rencana_kinerja = models.ForeignKey(
        RencanaKinerja, on_delete=models.CASCADE, related_name="indikator"
    )
    aspek = models.CharField(max_length=10, choices=Aspek.choices, default=Aspek.KUANTITAS)
    urutan = models.PositiveIntegerField(default=0)
    teks = models.TextField("indikator kinerja individu", max_length=PANJANG_TEKS)
    target_min = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Diisi bila target berupa rentang (80–90).",
    )
    target_teks = models.CharField(
        "target deskriptif",
        max_length=255,
        blank=True,
        help_text="Untuk target kualitas atau waktu yang berupa uraian.",
    )
    satuan = models.CharField(max_length=50, blank=True)
    lebih_rendah_lebih_baik = models.BooleanField(
        default=False, help_text="Waktu dan biaya: makin kecil realisasi makin baik."
    )
    revisi = models.PositiveIntegerField(default=0)  # as RencanaKinerja.revisi
    kunci_kirim = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "indikator kinerja individu"
        verbose_name_plural = "indikator kinerja individu"
        ordering = ["urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_max__isnull=True)
                | (Q(target_min__isnull=False) & Q(target_min__lte=F("target_max"))),
                name="skp_indikator_rentang_target_urut",
            ),
            models.UniqueConstraint(
                fields=["rencana_kinerja", "kunci_kirim"], name="skp_indikator_kirim_sekali"
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def target_tampil(self) -> str:
        """`5 dokumen`, `80–90%`, `1 x 24 jam`, `Setiap minggu` (skp/target.py)."""
        from skp.target import tulis_target

        return tulis_target(self.target_min, self.target_max, self.satuan, self.target_teks)

    @property
    def keterangan_arah(self) -> str:
        """ "makin kecil makin baik" under a numeric lower-is-better target; never under a
        description ("Setiap minggu" is not smaller or larger: DOMAIN.md §4)."""
        if self.lebih_rendah_lebih_baik and self.target_min is not None:
            return "makin kecil makin baik"
        return ""


class UraianTugas(models.Model):
    """A pegawai's job duties, result oriented (seed rules 4–5), shown beside the SKP. The
    pegawai edits their own; the unit's koordinator or sub-koordinator may edit members'."""

    pegawai = models.OneToOneField(
        "accounts.Pegawai", on_delete=models.CASCADE, related_name="uraian_tugas"
    )
    teks = models.TextField(
        "uraian tugas", blank=True, max_length=PANJANG_URAIAN, help_text="Satu tugas per baris."
    )
    diubah = models.DateTimeField(default=timezone.now)
    diubah_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "uraian tugas"
        verbose_name_plural = "uraian tugas"

    def __str__(self) -> str:
        return f"Uraian tugas {self.pegawai}"

    @property
    def butir(self) -> list[str]:
        """One duty per non-empty line, list markers stripped."""
        lines = (line.strip().lstrip("-•*").strip() for line in self.teks.splitlines())
        return [line for line in lines if line]


# --- Lampiran SKP (PermenPANRB 6/2022) ------------------------------------------------------
# Three lists of items agreed between the pegawai and the pejabat penilai (DOMAIN.md §9), only
# under a profile with `lampiran` (skp/profil.py). The admin kepegawaian keeps presets per list;
# those marked `is_bawaan` start every new SKP's lists (skp/services/lampiran.py).

# An item is a sentence or two ("Anggaran DIPA unit untuk pemeliharaan server"), not a
# document; a list is a handful of items, and the page and the print show them all.
PANJANG_LAMPIRAN = 1000
BATAS_BUTIR_LAMPIRAN = 20
BATAS_PRESET_LAMPIRAN = 50


class JenisLampiran(models.TextChoices):
    """The three lists, in the form's order."""

    DUKUNGAN_SUMBER_DAYA = "dukungan_sumber_daya", "Dukungan Sumber Daya"
    SKEMA_PERTANGGUNGJAWABAN = "skema_pertanggungjawaban", "Skema Pertanggungjawaban"
    KONSEKUENSI = "konsekuensi", "Konsekuensi"


class ButirLampiran(models.Model):
    """One item of an SKP's Lampiran, in one of the three lists."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran")
    jenis = models.CharField(max_length=30, choices=JenisLampiran.choices)
    urutan = models.PositiveIntegerField(default=0)
    teks = models.TextField("butir lampiran", max_length=PANJANG_LAMPIRAN)
    dibuat = models.DateTimeField(default=timezone.now)
    revisi = models.PositiveIntegerField(default=0)  # as RencanaKinerja.revisi
    kunci_kirim = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "butir lampiran SKP"
        verbose_name_plural = "butir lampiran SKP"
        ordering = ["skp", "jenis", "urutan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "kunci_kirim"], name="skp_butirlampiran_kirim_sekali"
            ),
            models.CheckConstraint(
                condition=Q(jenis__in=JenisLampiran.values), name="skp_butirlampiran_jenis_dikenal"
            ),
            models.CheckConstraint(condition=~Q(teks=""), name="skp_butirlampiran_teks_terisi"),
        ]

    def __str__(self) -> str:
        return self.teks[:80]


class PresetLampiranQuerySet(models.QuerySet):
    def bawaan(self):
        """The presets every new SKP's lists start with, in the admin's order."""
        return self.filter(is_bawaan=True).order_by("jenis", "urutan", "pk")


class PresetLampiran(models.Model):
    """An item the admin kepegawaian offers for one list of the Lampiran (one institution per
    deployment, so no institution column). Items taken from it are copies: changing or deleting
    a preset never changes an SKP."""

    jenis = models.CharField(max_length=30, choices=JenisLampiran.choices)
    urutan = models.PositiveIntegerField(default=0)
    teks = models.TextField("isi preset", max_length=PANJANG_LAMPIRAN)
    is_bawaan = models.BooleanField(
        "isian awal SKP baru",
        default=False,
        help_text="Dimasukkan ke lampiran setiap SKP yang baru dimulai; pegawai tetap dapat "
        "mengubah atau menghapusnya.",
    )
    dibuat = models.DateTimeField(default=timezone.now)
    diubah = models.DateTimeField(default=timezone.now)
    revisi = models.PositiveIntegerField(default=0)
    kunci_kirim = models.UUIDField(null=True, blank=True, editable=False)

    objects = PresetLampiranQuerySet.as_manager()

    class Meta:
        verbose_name = "preset lampiran SKP"
        verbose_name_plural = "preset lampiran SKP"
        ordering = ["jenis", "urutan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kunci_kirim"], name="skp_presetlampiran_kirim_sekali"),
            models.CheckConstraint(
                condition=Q(jenis__in=JenisLampiran.values),
                name="skp_presetlampiran_jenis_dikenal",
            ),
            models.CheckConstraint(condition=~Q(teks=""), name="skp_presetlampiran_teks_terisi"),
        ]

    def __str__(self) -> str:
        return self.teks[:80]


# --- Documents ------------------------------------------------------------------------------
# The unit batch of Form SKP PDFs: one row per request, updated by the `proses_batch` worker.


class StatusBatch(models.TextChoices):
    ANTRI = "antri", "Menunggu antrean"
    BERJALAN = "berjalan", "Sedang dibuat"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"

    @classmethod
    def aktif(cls) -> set[str]:
        return {cls.ANTRI, cls.BERJALAN}


class BatchDokumenQuerySet(models.QuerySet):
    def dengan_hak_baca(self, pegawai):
        """Each job with `is_isi_terbaca`: whether `pegawai` may still read every SKP its ZIP
        holds (`Skp.objects.terlihat_oleh`, read now: supervision changes after a build). A
        ZIP is offered and sent only while that holds. One subquery, no query per job."""
        from skp.models import Skp

        tak_terbaca = BatchDokumen.isi.through.objects.filter(
            batchdokumen_id=OuterRef("pk")
        ).exclude(skp_id__in=Skp.objects.terlihat_oleh(pegawai).values("pk"))
        return self.select_related("unit_kerja", "periode").annotate(
            is_isi_terbaca=~Exists(tak_terbaca)
        )

    def milik(self, pegawai):
        """The batch page's list: the jobs this pegawai asked for, newest first."""
        return self.filter(diminta_oleh=pegawai).dengan_hak_baca(pegawai)


class BatchDokumen(models.Model):
    """All Form SKP PDFs of a unit (with its sub-units) and a periode, zipped in the background."""

    diminta_oleh = models.ForeignKey(
        "accounts.Pegawai", on_delete=models.CASCADE, related_name="batch_dokumen"
    )
    unit_kerja = models.ForeignKey(
        "accounts.UnitKerja", on_delete=models.CASCADE, related_name="batch_dokumen"
    )
    periode = models.ForeignKey(
        "periode.Periode", on_delete=models.CASCADE, related_name="batch_dokumen"
    )
    status = models.CharField(max_length=10, choices=StatusBatch.choices, default=StatusBatch.ANTRI)
    jumlah_total = models.PositiveIntegerField(default=0)
    jumlah_selesai = models.PositiveIntegerField(default=0)
    # Stored under MEDIA_ROOT but never served from MEDIA_URL: only the download view sends it.
    berkas = models.FileField(upload_to="batch_skp/%Y/%m/", blank=True)
    pesan_galat = models.TextField(blank=True)
    # The SKPs the ZIP holds, recorded by the worker: what the download checks the viewer
    # rule against.
    isi = models.ManyToManyField("skp.Skp", blank=True, related_name="+")
    dibuat = models.DateTimeField(default=timezone.now)
    mulai = models.DateTimeField(null=True, blank=True)
    # A heartbeat: a job "berjalan" whose worker stopped updating it is claimed again.
    diperbarui = models.DateTimeField(default=timezone.now)
    rampung = models.DateTimeField(null=True, blank=True)

    objects = BatchDokumenQuerySet.as_manager()

    class Meta:
        verbose_name = "batch dokumen SKP"
        verbose_name_plural = "batch dokumen SKP"
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jumlah_selesai__lte=F("jumlah_total")),
                name="skp_batchdokumen_selesai_tidak_melebihi_total",
            ),
        ]

    def __str__(self) -> str:
        return f"Batch SKP {self.unit_kerja} {self.periode.tahun}"

    @property
    def is_aktif(self) -> bool:
        return self.status in StatusBatch.aktif()

    @property
    def is_selesai(self) -> bool:
        return self.status == StatusBatch.SELESAI

    @property
    def is_kedaluwarsa(self) -> bool:
        """Finished, and its ZIP already deleted by the worker's cleanup."""
        return self.status == StatusBatch.SELESAI and not self.berkas

    @property
    def is_gagal(self) -> bool:
        return self.status == StatusBatch.GAGAL

    @property
    def persen(self) -> int:
        if self.status == StatusBatch.SELESAI:
            return 100
        return int(100 * self.jumlah_selesai / self.jumlah_total) if self.jumlah_total else 0


# --- Email outbox --------------------------------------------------------------------------
# The outbox of emails: one row per message, written in the transaction of the change it
# reports and sent by the `proses_batch` worker. A slow or dead mail server therefore never
# holds a request, and no email is lost or sent for a change that rolled back. A workflow
# transition's row names the transition (the text is written when sent); any other row, such
# as the matriks telling a member what it changed in their SKP, carries its recipient and text.


class AntreanEmail(models.Model):
    transisi = models.OneToOneField(
        "skp.SkpTransisi",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="antrean_email",
    )
    penerima = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subjek = models.CharField(max_length=200, blank=True)
    isi = models.TextField(blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    coba_pada = models.DateTimeField(db_index=True, help_text="Percobaan berikutnya")
    percobaan = models.PositiveSmallIntegerField(default=0)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    menyerah = models.BooleanField(default=False)
    galat = models.TextField(blank=True)

    class Meta:
        verbose_name = "antrean email"
        verbose_name_plural = "antrean email"
        indexes = [
            models.Index(
                fields=["coba_pada"],
                name="antrean_email_menunggu",
                condition=Q(terkirim_pada__isnull=True, menyerah=False),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(transisi__isnull=False) | Q(penerima__isnull=False),
                name="skp_antreanemail_transisi_atau_penerima",
            ),
        ]

    def __str__(self) -> str:
        if self.transisi_id:
            return f"Email transisi {self.transisi_id}"
        return f"Email “{self.subjek}”"


class SkpVersi(models.Model):
    """The content as submitted: one row per submission, so "what exactly was approved" can
    always be shown and two submissions compared."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="versi")
    nomor = models.PositiveIntegerField()
    dibuat = models.DateTimeField(default=timezone.now)
    header = models.JSONField(default=dict, blank=True)
    # [{"jenis", "teks", "intervensi", "indikator": [{"aspek", "teks", "target"}]}]
    isi = models.JSONField(default=list, blank=True)
    # Under a profile with Perilaku Kerja: the pimpinan's expectations as submitted, one per
    # value in order, [{"kode", "teks"}] (skp/perilaku.py isi_perilaku); [] otherwise.
    perilaku = models.JSONField(default=list, blank=True)
    # The Lampiran as submitted, the three lists in order: [{"id", "jenis", "teks"}]; empty
    # under a profile without one (skp/lampiran.py `isi_versi_lampiran`).
    lampiran = models.JSONField(default=list, blank=True)
    # The pendekatan the version was submitted with ("" for versions from before it existed,
    # which were kuantitatif).
    pendekatan = models.CharField(max_length=12, choices=Pendekatan.choices, blank=True)
    # The form model (JA/JF or JPT) it was submitted with: a returned SKP may change it before
    # the next submission. "" for versions from before it was kept (printed in the SKP's model).
    model_form = models.CharField(max_length=10, choices=ModelForm.choices, blank=True)

    class Meta:
        verbose_name = "versi SKP"
        verbose_name_plural = "versi SKP"
        ordering = ["skp", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "nomor"], name="skp_skpversi_nomor_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.skp_id} versi {self.nomor}"


class AksiSkp(models.TextChoices):
    """The workflow actions (skp/workflow.py holds who may do them, from which state)."""

    AJUKAN = "ajukan", "Ajukan"
    SETUJUI = "setujui", "Setujui"
    TETAPKAN = "tetapkan", "Tetapkan"
    KEMBALIKAN = "kembalikan", "Kembalikan"
    # Not a step of the table: the pejabat penilai accepts a penugasan into a submitted SKP,
    # which keeps its state and gains a version (skp/services/penugasan.py).
    PERUBAHAN = "perubahan", "Perubahan (penugasan diterima)"


class SkpTransisiQuerySet(models.QuerySet):
    def riwayat(self, skp):
        return self.filter(skp=skp).select_related("aktor", "versi").order_by("waktu", "pk")


class SkpTransisi(models.Model):
    """One step of the workflow (DOMAIN.md §6): who moved the SKP from which state to which."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="transisi")
    aksi = models.CharField(max_length=20, choices=AksiSkp.choices)
    dari = models.CharField(max_length=30, choices=StatusSkp.choices)
    ke = models.CharField(max_length=30, choices=StatusSkp.choices)
    aktor = models.ForeignKey(
        "accounts.Pegawai", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    catatan = models.TextField(blank=True, max_length=PANJANG_TEKS)
    waktu = models.DateTimeField(default=timezone.now)
    versi = models.ForeignKey(
        SkpVersi, null=True, blank=True, on_delete=models.SET_NULL, related_name="transisi"
    )

    objects = SkpTransisiQuerySet.as_manager()

    class Meta:
        verbose_name = "transisi SKP"
        verbose_name_plural = "transisi SKP"
        ordering = ["waktu", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(dari=F("ke")) | Q(aksi="perubahan"), name="skp_skptransisi_berubah"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skp_id}: {self.dari} → {self.ke}"


class Komentar(models.Model):
    """A validator's comment on one RK or one IKI (or on the SKP as a whole), the root of a
    conversation: the pegawai and the validators answer it (`balasan`, on the same item), and
    a validator marks it resolved (`selesai_pada`, on the root only)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="komentar")
    rencana_kinerja = models.ForeignKey(
        RencanaKinerja, null=True, blank=True, on_delete=models.SET_NULL, related_name="komentar"
    )
    indikator = models.ForeignKey(
        Indikator, null=True, blank=True, on_delete=models.SET_NULL, related_name="komentar"
    )
    # The item's text when commented: kept when the pegawai rewrites or deletes the item.
    rujukan = models.TextField(blank=True, max_length=PANJANG_TEKS)
    penulis = models.ForeignKey(
        "accounts.Pegawai", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    teks = models.TextField("catatan", max_length=PANJANG_TEKS)
    dibuat = models.DateTimeField(default=timezone.now)
    kunci_kirim = models.UUIDField(null=True, blank=True, editable=False)
    # A reply: always to the root (a reply to a reply is one to its root), on the same item.
    induk = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="balasan"
    )
    selesai_pada = models.DateTimeField(null=True, blank=True)
    selesai_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "komentar validator"
        verbose_name_plural = "komentar validator"
        ordering = ["dibuat", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "kunci_kirim"], name="skp_komentar_kirim_sekali"
            ),
            # Only a conversation (its root) is resolved, never one reply of it.
            models.CheckConstraint(
                condition=models.Q(induk__isnull=True)
                | models.Q(selesai_pada__isnull=True, selesai_oleh__isnull=True),
                name="skp_komentar_selesai_pada_akar",
            ),
        ]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def is_selesai(self) -> bool:
        return self.selesai_pada is not None


# --- Perilaku kerja (PermenPANRB 6/2022) -----------------------------------------------------
# The seven values and their guides are reference data in the code (skp/berakhlak.py); what
# is stored is the pejabat penilai's Ekspektasi Khusus Pimpinan per SKP and value, and the
# presets the admin kepegawaian keeps for writing them.


class EkspektasiPerilakuQuerySet(models.QuerySet):
    def per_kode(self, skp) -> dict[str, "EkspektasiPerilaku"]:
        """The SKP's expectations by value (one query): what the section and the print read."""
        return {e.nilai: e for e in self.filter(skp=skp).select_related("ditulis_oleh")}


class EkspektasiPerilaku(models.Model):
    """One Ekspektasi Khusus Pimpinan: what the pejabat penilai expects of this pegawai for one
    BerAKHLAK value. A row exists once written; a value without one (or with empty text) is
    "belum diisi", which the regulation allows."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="ekspektasi_perilaku")
    nilai = models.CharField(max_length=30, choices=NilaiBerakhlak.choices)
    teks = models.TextField("ekspektasi khusus pimpinan", blank=True, max_length=PANJANG_EKSPEKTASI)
    ditulis_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ditulis_pada = models.DateTimeField(default=timezone.now)
    # Bumped by every change: the edit form carries it, so a second tab's save is refused
    # instead of silently undoing the first (as RencanaKinerja.revisi).
    revisi = models.PositiveIntegerField(default=0)

    objects = EkspektasiPerilakuQuerySet.as_manager()

    class Meta:
        verbose_name = "ekspektasi khusus pimpinan"
        verbose_name_plural = "ekspektasi khusus pimpinan"
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "nilai"], name="skp_ekspektasiperilaku_satu_per_nilai"
            ),
            models.CheckConstraint(
                condition=Q(nilai__in=NilaiBerakhlak.values),
                name="skp_ekspektasiperilaku_nilai_berakhlak",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skp_id} {self.get_nilai_display()}"


class PresetEkspektasi(models.Model):
    """A ready-made expectation for one value, kept by the admin kepegawaian, that the pejabat
    penilai may pick and adapt. The deployment serves one institution, so the list is the
    institution's; the text is copied when picked, so editing or deleting a preset never
    changes an expectation already written."""

    nilai = models.CharField(max_length=30, choices=NilaiBerakhlak.choices)
    teks = models.TextField("teks preset", max_length=PANJANG_EKSPEKTASI)
    urutan = models.PositiveIntegerField(default=0)
    diubah = models.DateTimeField(default=timezone.now)
    diubah_oleh = models.ForeignKey(
        "accounts.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "preset ekspektasi perilaku"
        verbose_name_plural = "preset ekspektasi perilaku"
        ordering = ["urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nilai__in=NilaiBerakhlak.values),
                name="skp_presetekspektasi_nilai_berakhlak",
            ),
            models.CheckConstraint(condition=~Q(teks=""), name="skp_presetekspektasi_teks_terisi"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nilai_display()}: {self.teks[:60]}"
