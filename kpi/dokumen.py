"""The matriks as a grid (DOMAIN.md §5): the ketua tim's results across, members down, each
cell its peran hasil or N/A. One builder feeds the page, the spreadsheet and the print."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch

from kpi.models import AnggotaMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil, SelMatriks
from kpi.terapkan import status_sel
from skp.models import Indikator


@dataclass
class SelGrid:
    anggota: AnggotaMatriks
    kolom: KolomMatriks
    sel: SelMatriks | None
    is_milik_penonton: bool = False

    @property
    def is_na(self) -> bool:
        return bool(self.sel and self.sel.is_na)

    @property
    def peran_hasil(self) -> list[PeranHasil]:
        if self.sel is None or self.sel.is_na:
            return []
        return list(self.sel.peran_hasil.all())

    @cached_property
    def butir(self) -> list[tuple[PeranHasil, object]]:
        """Each peran hasil with its RK compared to the cell (None: not applied yet), so the
        ketua sees beside the cell what applying would do, and every conflict."""
        return [(p, status_sel(p, self.kolom)) for p in self.peran_hasil]

    @property
    def is_kosong(self) -> bool:
        return not self.is_na and not self.peran_hasil

    @property
    def dom_id(self) -> str:
        return f"sel-{self.anggota.pk}-{self.kolom.pk}"


@dataclass
class BarisGrid:
    anggota: AnggotaMatriks
    sel: list[SelGrid] = field(default_factory=list)
    is_penonton: bool = False


@dataclass
class GridMatriks:
    matriks: MatriksPeranHasil
    kolom: list[KolomMatriks]
    baris: list[BarisGrid]
    baris_tersembunyi: int = 0

    @property
    def konflik(self) -> list[tuple["SelGrid", PeranHasil]]:
        """The peran hasil whose RK its owner changed where the cell changes it too."""
        return [
            (s, p)
            for b in self.baris
            for s in b.sel
            for p, banding in s.butir
            if getattr(banding, "status", None) == "konflik"
        ]

    @property
    def jumlah_peran_hasil(self) -> int:
        return sum(len(s.peran_hasil) for b in self.baris for s in b.sel)


def _sel_queryset():
    return SelMatriks.objects.prefetch_related(
        Prefetch(
            "peran_hasil",
            queryset=PeranHasil.objects.select_related("rencana_kinerja__skp")
            .prefetch_related(
                Prefetch(
                    "rencana_kinerja__indikator",
                    queryset=Indikator.objects.order_by("urutan", "pk"),
                )
            )
            .order_by("urutan", "pk"),
        )
    )


def susun_grid(
    matriks: MatriksPeranHasil,
    *,
    pegawai_terlihat: frozenset[int] | None = None,
    penonton_id: int | None = None,
) -> GridMatriks:
    """Build the grid in four queries whatever its size. `pegawai_terlihat` limits the rows
    (the atasan of a member from another unit sees only their own people)."""
    kolom = list(
        KolomMatriks.objects.filter(matriks=matriks).select_related("rencana_kinerja", "kpi")
    )
    for k in kolom:  # its source is named in the periode's words (KolomMatriks.sumber)
        k.matriks = matriks
    anggota = list(
        AnggotaMatriks.objects.filter(matriks=matriks).select_related("pegawai__unit_kerja")
    )
    terlihat = [a for a in anggota if pegawai_terlihat is None or a.pegawai_id in pegawai_terlihat]
    sel_by_key = {
        (s.anggota_id, s.kolom_id): s
        for s in _sel_queryset().filter(anggota__in=[a.pk for a in terlihat])
    }
    baris = []
    for a in terlihat:
        milik = a.pegawai_id == penonton_id
        row = BarisGrid(anggota=a, is_penonton=milik)
        row.sel = [SelGrid(a, k, sel_by_key.get((a.pk, k.pk)), milik) for k in kolom]
        baris.append(row)
    return GridMatriks(matriks, kolom, baris, len(anggota) - len(terlihat))


def sel_grid(anggota: AnggotaMatriks, kolom: KolomMatriks, penonton_id: int | None = None):
    """One cell, for the htmx partial after an edit."""
    sel = _sel_queryset().filter(anggota=anggota, kolom=kolom).first()
    return SelGrid(anggota, kolom, sel, anggota.pegawai_id == penonton_id)


def html_cetak(grid: GridMatriks) -> str:
    """The print page (A4 landscape, the seed's layout) for the PDF renderer. It holds only
    our own inline CSS and escaped user text: nothing for the renderer to fetch."""
    from django.template.loader import render_to_string

    return render_to_string("kpi/pdf/matriks.html", {"grid": grid})
