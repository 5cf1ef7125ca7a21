"""Pages of the matriks peran-hasil and the KPI divisi (HTTP only: forms validate, services
act, access helpers load)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import UnitKerja
from accounts.peran import Peran
from kpi import services, spreadsheets
from kpi.access import (
    SEBUTAN_DI_DAFTAR,
    get_matriks_for_ketua,
    get_matriks_for_viewer,
    peran_di_daftar,
)
from kpi.dokumen import html_cetak, sel_grid, susun_grid
from kpi.forms import AnggotaForm, KolomForm, KpiBaruForm, KpiForm, MatriksForm, SelForm, angka_awal
from kpi.models import AnggotaMatriks, KolomMatriks, Kpi, MatriksPeranHasil
from periode.models import Periode
from skp.exceptions import SkpError

# --- Matriks ---------------------------------------------------------------------------------


def _unit_dipimpin(user):
    return UnitKerja.objects.filter(kepala=user).order_by("nama")


@login_required
@require_GET
def matriks_daftar(request):
    periode = Periode.objects.berjalan()
    form = MatriksForm(
        units=_unit_dipimpin(request.user),
        initial={
            "periode": periode,
            "nama": _nama_awal(request.user),
            "unit_kerja": _unit_dipimpin(request.user).first(),
        },
    )
    return _render_daftar(request, form)


def _nama_awal(user) -> str:
    unit = _unit_dipimpin(user).first()
    return f"Tim {unit.nama}" if unit else ""


def _render_daftar(request, form, status=200):
    daftar = list(MatriksPeranHasil.objects.untuk_daftar(request.user))
    peran = peran_di_daftar(request.user, daftar)
    for m in daftar:
        m.is_ketua_saya = peran[m.pk] == Peran.KETUA_TIM
        m.peran_saya = SEBUTAN_DI_DAFTAR[peran[m.pk]]
    return render(
        request, "kpi/matriks_daftar.html", {"daftar": daftar, "form": form}, status=status
    )


@login_required
@require_POST
def matriks_buat(request):
    form = MatriksForm(request.POST, units=_unit_dipimpin(request.user))
    if not form.is_valid():
        return _render_daftar(request, form, status=400)
    data = form.cleaned_data
    try:
        matriks = services.buat_matriks(
            periode=data["periode"],
            nama=data["nama"],
            ketua=request.user,
            unit_kerja=data["unit_kerja"],
            isi_anggota_unit=data["isi_anggota_unit"],
            oleh=request.user,
        )
    except (services.KpiError, SkpError) as error:
        form.add_error(None, str(error))
        return _render_daftar(request, form, status=400)
    messages.success(request, f"Matriks {matriks.nama} dibuat. Tambahkan kolom hasil tim.")
    return redirect("kpi:matriks", pk=matriks.pk)


def _render_detail(request, akses, *, anggota_form=None, kolom_form=None, status=200):
    matriks = akses.matriks
    grid = susun_grid(matriks, pegawai_terlihat=akses.pegawai_terlihat, penonton_id=request.user.pk)
    context = {"akses": akses, "matriks": matriks, "grid": grid}
    if akses.can_edit:
        context["anggota_form"] = anggota_form or AnggotaForm()
        context["kolom_form"] = kolom_form or KolomForm(matriks=matriks)
    return render(request, "kpi/matriks_detail.html", context, status=status)


@login_required
@require_GET
def matriks_detail(request, pk: int):
    return _render_detail(request, get_matriks_for_viewer(request.user, pk))


@login_required
@require_POST
def anggota_tambah(request, pk: int):
    matriks = get_matriks_for_ketua(request.user, pk)
    form = AnggotaForm(request.POST)
    if form.is_valid():
        try:
            services.tambah_anggota(matriks, form.cleaned_data["nip"], oleh=request.user)
        except (services.KpiError, SkpError) as error:
            form.add_error("nip", str(error))
    if form.errors:
        akses = get_matriks_for_viewer(request.user, pk)
        return _render_detail(request, akses, anggota_form=form, status=400)
    messages.success(request, f"{form.cleaned_data['nip'].nama_lengkap} ditambahkan ke tim.")
    return redirect("kpi:matriks", pk=pk)


@login_required
@require_POST
def anggota_hapus(request, pk: int, anggota_pk: int):
    matriks = get_matriks_for_ketua(request.user, pk)
    anggota = get_object_or_404(
        AnggotaMatriks.objects.select_related("pegawai"), pk=anggota_pk, matriks=matriks
    )
    services.hapus_anggota(matriks, anggota, oleh=request.user)
    messages.success(
        request,
        f"{anggota.pegawai.nama_lengkap} dikeluarkan dari tim. {matriks.istilah.rk_awal} yang "
        "sudah diterapkan tetap ada di SKP-nya; pegawai itu dapat menghapusnya sendiri.",
    )
    return redirect("kpi:matriks", pk=pk)


@login_required
@require_POST
def kolom_tambah(request, pk: int):
    matriks = get_matriks_for_ketua(request.user, pk)
    form = KolomForm(request.POST, matriks=matriks)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tambah_kolom(
                matriks,
                rencana_kinerja=data["rencana_kinerja"],
                kpi=data["kpi"],
                judul=data["judul"],
                oleh=request.user,
            )
        except (services.KpiError, SkpError) as error:
            form.add_error(None, str(error))
    if form.errors:
        akses = get_matriks_for_viewer(request.user, pk)
        return _render_detail(request, akses, kolom_form=form, status=400)
    messages.success(request, "Kolom ditambahkan. Isi peran hasil setiap anggota di bawahnya.")
    return redirect("kpi:matriks", pk=pk)


@login_required
@require_POST
def kolom_hapus(request, pk: int, kolom_pk: int):
    matriks = get_matriks_for_ketua(request.user, pk)
    kolom = get_object_or_404(KolomMatriks, pk=kolom_pk, matriks=matriks)
    services.hapus_kolom(matriks, kolom, oleh=request.user)
    messages.success(
        request,
        f"Kolom dihapus. {matriks.istilah.rk_awal} yang sudah diterapkan tetap ada di SKP anggota.",
    )
    return redirect("kpi:matriks", pk=pk)


def _sel_target(matriks, anggota_pk, kolom_pk):
    anggota = get_object_or_404(
        AnggotaMatriks.objects.select_related("pegawai"), pk=anggota_pk, matriks=matriks
    )
    kolom = get_object_or_404(
        KolomMatriks.objects.select_related("rencana_kinerja", "kpi"), pk=kolom_pk, matriks=matriks
    )
    return anggota, kolom


@login_required
@require_GET
def sel_tampil(request, pk: int, anggota_pk: int, kolom_pk: int):
    """One cell as shown in the grid (htmx: after "Batal")."""
    akses = get_matriks_for_viewer(request.user, pk)
    anggota, kolom = _sel_target(akses.matriks, anggota_pk, kolom_pk)
    if not akses.melihat(anggota.pegawai_id):
        raise Http404("Sel tidak ditemukan.")
    if not request.htmx:
        return redirect("kpi:matriks", pk=pk)
    sel = sel_grid(anggota, kolom, request.user.pk)
    return render(request, "kpi/_sel.html", {"s": sel, "akses": akses})


@login_required
@require_http_methods(["GET", "POST"])
def sel_ubah(request, pk: int, anggota_pk: int, kolom_pk: int):
    matriks = get_matriks_for_ketua(request.user, pk)
    anggota, kolom = _sel_target(matriks, anggota_pk, kolom_pk)
    grid_sel = sel_grid(anggota, kolom, request.user.pk)
    form = SelForm(request.POST or None, sel=grid_sel.sel)
    if request.method == "POST" and form.is_valid():
        try:
            services.simpan_sel(
                matriks,
                anggota,
                kolom,
                is_na=form.cleaned_data["is_na"],
                peran_hasil=form.peran_hasil(),
                oleh=request.user,
            )
        except (services.KpiError, SkpError) as error:
            form.add_error(None, str(error))
        else:
            if request.htmx:
                akses = get_matriks_for_viewer(request.user, pk)
                return render(
                    request,
                    "kpi/_sel.html",
                    {"s": sel_grid(anggota, kolom, request.user.pk), "akses": akses},
                )
            messages.success(request, f"Sel {anggota.pegawai.nama_lengkap} disimpan.")
            return redirect(f"{reverse('kpi:matriks', args=[pk])}#{grid_sel.dom_id}")
    context = {"matriks": matriks, "s": grid_sel, "form": form}
    template = "kpi/_sel_form.html" if request.htmx else "kpi/sel_form.html"
    # htmx swaps only 2xx answers: the form with its errors comes back as 200 there.
    status = 400 if request.method == "POST" and not request.htmx else 200
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def terapkan(request, pk: int):
    """GET: the preview (what would be created, updated, left alone, in conflict). POST: apply
    exactly that plan; a plan changed meanwhile is refused and the fresh preview shown."""
    matriks = get_matriks_for_ketua(request.user, pk)
    if request.method == "POST":
        try:
            hasil = services.terapkan_ke_skp(
                matriks, oleh=request.user, sidik=request.POST.get("sidik", "")
            )
        except (
            services.KpiError,
            SkpError,
        ) as error:  # the plan changed meanwhile: nothing was applied
            messages.error(request, str(error))
            return redirect("kpi:terapkan", pk=pk)
        _pesan_hasil(request, hasil, matriks.istilah)
        return redirect("kpi:matriks", pk=pk)
    rencana = services.rencana_terapkan(matriks, oleh=request.user)
    return render(request, "kpi/terapkan.html", {"matriks": matriks, "rencana": rencana})


def _pesan_hasil(request, hasil, istilah) -> None:
    messages.success(request, hasil.ringkasan(istilah))
    if hasil.dilewati:
        daftar = "; ".join(f"{d.pegawai} – “{d.teks}”" for d in hasil.dilewati[:10])
        lagi = f" dan {len(hasil.dilewati) - 10} lainnya" if len(hasil.dilewati) > 10 else ""
        alasan = " ".join(sorted({d.alasan for d in hasil.dilewati}))
        messages.warning(
            request,
            f"{len(hasil.dilewati)} peran hasil tidak diterapkan karena SKP anggotanya tidak "
            f"dapat diubah saat ini: {daftar}{lagi}. {alasan}",
        )


@login_required
@require_GET
def matriks_xlsx(request, pk: int):
    akses = get_matriks_for_viewer(request.user, pk)
    grid = susun_grid(akses.matriks, pegawai_terlihat=akses.pegawai_terlihat)
    response = HttpResponse(
        spreadsheets.matriks_xlsx(grid),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    nama = f"matriks-peran-hasil-{akses.matriks.pk}-{akses.matriks.periode.tahun}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@login_required
@require_GET
def matriks_pdf(request, pk: int):
    """The matriks in the seed's layout, A4 landscape, through the locked-down PDF renderer."""
    from accounts.pdf import render_pdf

    akses = get_matriks_for_viewer(request.user, pk)
    grid = susun_grid(akses.matriks, pegawai_terlihat=akses.pegawai_terlihat)
    response = HttpResponse(render_pdf(html_cetak(grid)), content_type="application/pdf")
    nama = f"matriks-peran-hasil-{akses.matriks.pk}-{akses.matriks.periode.tahun}.pdf"
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- KPI divisi ------------------------------------------------------------------------------


def _periode_dipilih(request):
    tahun = request.GET.get("periode", "")
    # isascii: "²".isdigit() is True but int("²") raises (a 500 found by fuzzing).
    if tahun.isascii() and tahun.isdigit():
        return get_object_or_404(Periode, tahun=int(tahun))
    return Periode.objects.berjalan()


def _unit_kpi(user):
    """Units whose KPI the user sees: all for the admin; else their own unit with the units
    above it, and the units they lead with those below them."""
    if user.can_manage_kepegawaian:
        return UnitKerja.objects.all()
    ids = set(UnitKerja.objects.chain_ids(user.unit_kerja_id))
    ids |= UnitKerja.objects.subtree_ids(_unit_dipimpin(user).values_list("pk", flat=True))
    return UnitKerja.objects.filter(pk__in=ids)


def _unit_kpi_editable(user):
    return UnitKerja.objects.all() if user.can_manage_kepegawaian else _unit_dipimpin(user)


def _render_kpi(request, periode, form=None, status=200):
    units = list(_unit_kpi(request.user).order_by("nama"))
    editable = _unit_kpi_editable(request.user)
    editable_ids = set(editable.values_list("pk", flat=True))
    per_unit = {u.pk: [] for u in units}
    if periode:
        for kpi in Kpi.objects.untuk_unit(per_unit.keys(), periode):
            per_unit[kpi.unit_kerja_id].append(kpi)
    paths = UnitKerja.objects.paths()
    kelompok = [
        {"unit": u, "path": paths[u.pk], "kpi": per_unit[u.pk], "can_edit": u.pk in editable_ids}
        for u in units
        if per_unit[u.pk] or u.pk in editable_ids
    ]
    kelompok.sort(key=lambda k: k["path"])
    if form is None and editable_ids and periode:
        form = KpiBaruForm(units=editable.order_by("nama"))
    context = {
        "periode": periode,
        "periode_list": Periode.objects.all(),
        "kelompok": kelompok,
        "form": form,
    }
    return render(request, "kpi/kpi_daftar.html", context, status=status)


@login_required
@require_GET
def kpi_daftar(request):
    return _render_kpi(request, _periode_dipilih(request))


@login_required
@require_POST
def kpi_tambah(request):
    periode = _periode_dipilih(request)
    if periode is None:
        raise Http404("Belum ada periode.")
    editable = _unit_kpi_editable(request.user)
    if not editable.exists():
        raise PermissionDenied("Hanya kepala unit atau admin kepegawaian yang mengisi KPI.")
    form = KpiBaruForm(request.POST, units=editable)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.buat_kpi(
                unit=data["unit"],
                periode=periode,
                pernyataan=data["pernyataan"],
                target=data["target"],
                satuan=data["satuan"],
                oleh=request.user,
            )
        except (services.KpiError, SkpError) as error:
            form.add_error("pernyataan", str(error))
    if form.errors:
        return _render_kpi(request, periode, form, status=400)
    messages.success(request, f"KPI {data['unit'].nama} ditambahkan.")
    return redirect(f"{reverse('kpi:daftar')}?periode={periode.tahun}")


def _kpi_for_editor(user, pk: int) -> Kpi:
    kpi = Kpi.objects.select_related("unit_kerja", "periode").filter(pk=pk).first()
    if kpi is None or not _unit_kpi(user).filter(pk=kpi.unit_kerja_id).exists():
        raise Http404("KPI tidak ditemukan.")
    if not services.can_edit_kpi(user, kpi.unit_kerja):
        raise PermissionDenied("Hanya kepala unit atau admin kepegawaian yang mengubah KPI.")
    return kpi


@login_required
@require_http_methods(["GET", "POST"])
def kpi_ubah(request, pk: int):
    kpi = _kpi_for_editor(request.user, pk)
    initial = {"pernyataan": kpi.pernyataan, "target": angka_awal(kpi.target), "satuan": kpi.satuan}
    form = KpiForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ubah_kpi(kpi, oleh=request.user, **form.cleaned_data)
        except (services.KpiError, SkpError) as error:
            form.add_error("pernyataan", str(error))
        else:
            messages.success(request, "KPI disimpan.")
            return redirect(f"{reverse('kpi:daftar')}?periode={kpi.periode.tahun}")
    status = 400 if request.method == "POST" else 200
    return render(request, "kpi/kpi_ubah.html", {"kpi": kpi, "form": form}, status=status)


@login_required
@require_POST
def kpi_hapus(request, pk: int):
    kpi = _kpi_for_editor(request.user, pk)
    services.hapus_kpi(kpi, oleh=request.user)
    messages.success(request, "KPI dihapus.")
    return redirect(f"{reverse('kpi:daftar')}?periode={kpi.periode.tahun}")
