"""Roster import messages and units (issue 16, items 2 and 6): one upload reports every
problem of every row, a NIP typed with the recommended apostrophe is read, and a unit the
import cannot place under an existing top unit is refused with how to write its path."""

from django.urls import reverse

from accounts.models import AuditLog, Pegawai, UnitKerja
from accounts.tests.factories import buat_unit, nip_baru
from periode.models import Supervisi
from periode.roster import impor_roster, periksa_roster
from periode.tests.roster_files import baris, xlsx

TIDAK_ADA = "199001012015011999"  # a sound NIP nobody has


def impor(cast, rows, induk=None):
    return impor_roster(
        xlsx(rows), periode=cast.periode, oleh=cast.admin, nama_file="roster.xlsx", induk=induk
    )


def _keadaan():
    return (
        Pegawai.objects.count(),
        UnitKerja.objects.count(),
        Supervisi.objects.count(),
        AuditLog.objects.filter(aksi="roster.impor").count(),
    )


def _baris_ke(hasil, nomor: int) -> list[str]:
    return [m for m in hasil.masalah if m.startswith(f"Baris {nomor}, ")]


def test_every_problem_of_a_row_is_reported_in_one_upload(cast):
    nip = nip_baru()
    rows = [
        baris(nip),
        baris(
            nip,  # the same NIP again
            Golongan="III/z",
            Email="bukan-email",
            Unit_Kerja="Jurusan Teknik Mesin",
            NIP_Atasan_Langsung=TIDAK_ADA,
        ),
    ]
    sebelum = _keadaan()
    hasil = impor(cast, rows)
    kolom = [m.split(":")[0] for m in _baris_ke(hasil, 3)]
    assert kolom == [
        "Baris 3, kolom Golongan",
        "Baris 3, kolom Email",
        "Baris 3, kolom NIP",
        "Baris 3, kolom Unit Kerja",
        "Baris 3, kolom NIP Atasan Langsung",
    ], hasil.masalah
    assert not hasil.diterapkan and _keadaan() == sebelum


def test_a_supervision_cycle_is_reported_together_with_the_other_atasan_problems(cast):
    a, b, c = nip_baru(), nip_baru(), nip_baru()
    rows = [
        baris(a, NIP_Atasan_Langsung=b),
        baris(b, NIP_Atasan_Langsung=a),  # a → b → a
        baris(c, NIP_Atasan_Langsung=TIDAK_ADA),
        baris(nip_baru(), NIP_Atasan_Langsung=nip_baru(), Golongan="salah"),
    ]
    hasil = impor(cast, rows)
    teks = "\n".join(hasil.masalah)
    assert f"Baris 2, kolom NIP Atasan Langsung: rantai atasan berputar ({a} → {b} → {a})" in teks
    assert "Baris 3, kolom NIP Atasan Langsung: rantai atasan berputar" in teks
    assert f"Baris 4, kolom NIP Atasan Langsung: NIP {TIDAK_ADA} tidak ada" in teks
    assert len(_baris_ke(hasil, 5)) == 2  # its golongan and its unknown atasan
    assert not Pegawai.objects.filter(nip__in=[a, b, c]).exists()


def test_a_self_supervision_is_reported_once_not_also_as_a_cycle(cast):
    nip = nip_baru()
    hasil = impor(cast, [baris(nip, NIP_Atasan_Langsung=nip)])
    assert hasil.masalah == [
        "Baris 2, kolom NIP Atasan Langsung: pegawai tidak boleh menjadi atasan dirinya "
        "sendiri; kosongkan atau isi NIP atasannya."
    ]


def test_a_nip_typed_with_the_recommended_leading_apostrophe_is_accepted(cast):
    hasil = impor(
        cast,
        [
            baris("'198703222010121003", Nama="Dengan Petik"),
            baris(
                "\u2019198703222010122004",  # the typographic apostrophe of a word processor
                NIP_Atasan_Langsung="'198703222010121003",
                NIP_Atasan_Penilai=f"'{cast.atasan_penilai.nip}",
            ),
        ],
    )
    assert hasil.diterapkan, hasil.masalah
    pegawai = Pegawai.objects.get(nip="198703222010122004")
    supervisi = Supervisi.objects.get(pegawai=pegawai, periode=cast.periode)
    assert supervisi.atasan_langsung.nip == "198703222010121003"
    assert supervisi.atasan_penilai == cast.atasan_penilai


def test_a_bare_unknown_unit_name_is_refused_and_never_becomes_a_top_unit(cast):
    sebelum = _keadaan()
    hasil = impor(cast, [baris(nip_baru(), Unit_Kerja="Jurusan Teknik Mesin")])
    assert hasil.masalah == [
        "Baris 2, kolom Unit Kerja: unit 'Jurusan Teknik Mesin' tidak ada di sistem maupun di "
        "jalur lain di file ini, dan impor tidak membuat unit teratas baru. Tulis jalur lengkap "
        "dari unit teratas, mis. «Universitas Contoh > Jurusan Teknik Mesin», dengan unit-unit "
        "induknya di antaranya bila ada."
    ]
    assert _keadaan() == sebelum
    assert not UnitKerja.objects.filter(nama="Jurusan Teknik Mesin").exists()


def test_a_path_that_does_not_start_at_an_existing_top_unit_is_refused(cast):
    buat_unit("Pemerintah Kota Contoh")
    hasil = periksa_roster(
        xlsx([baris(nip_baru(), Unit_Kerja="Fakultas Teknik > Jurusan Teknik Mesin")]),
        periode=cast.periode,
    )
    (masalah,) = hasil.masalah
    assert masalah.startswith(
        "Baris 2, kolom Unit Kerja: jalur 'Fakultas Teknik > Jurusan Teknik Mesin' tidak "
        "dimulai dari unit yang ada ('Fakultas Teknik' tidak dikenal), dan impor tidak membuat "
        "unit teratas baru. Tulis jalur lengkap dari unit teratas, mis. «Pemerintah Kota Contoh "
        "> Fakultas Teknik > Jurusan Teknik Mesin»"
    )
    assert masalah.endswith("Unit teratas di sistem: Pemerintah Kota Contoh, Universitas Contoh.")
    assert hasil.unit_baru == []


def test_a_full_path_from_the_top_creates_the_new_units_and_a_bare_name_may_reuse_them(cast):
    jurusan, dosen = nip_baru(), nip_baru()
    hasil = impor(
        cast,
        [
            baris(
                jurusan, Unit_Kerja="Universitas Contoh > Fakultas Teknik > Jurusan Teknik Mesin"
            ),
            baris(dosen, Unit_Kerja="Jurusan Teknik Mesin"),
        ],
    )
    assert hasil.diterapkan, hasil.masalah
    assert hasil.unit_baru == [
        "Universitas Contoh > Fakultas Teknik",
        "Universitas Contoh > Fakultas Teknik > Jurusan Teknik Mesin",
    ]
    unit = Pegawai.objects.get(nip=dosen).unit_kerja
    assert unit == Pegawai.objects.get(nip=jurusan).unit_kerja
    assert unit.induk.induk == cast.root
    assert UnitKerja.objects.filter(induk=None).count() == 1


def test_a_unit_name_inside_a_path_that_matches_several_units_lists_their_full_paths(cast):
    buat_unit("Laboratorium", cast.unit_a)
    buat_unit("Laboratorium", cast.unit_b)
    hasil = impor(cast, [baris(nip_baru(), Unit_Kerja="Laboratorium > Tim Riset")])
    assert hasil.masalah == [
        "Baris 2, kolom Unit Kerja: unit 'Laboratorium' ada di beberapa tempat "
        "(Universitas Contoh > Unit A > Laboratorium; Universitas Contoh > Unit B > "
        "Laboratorium); tulis jalur dari unit teratas."
    ]


def test_the_first_import_into_an_empty_system_creates_its_top_unit(db, periode):
    hasil = impor_roster(
        xlsx([baris(nip_baru(), Unit_Kerja="Universitas Baru > Biro Umum")]),
        periode=periode,
        oleh=None,
    )
    assert hasil.diterapkan, hasil.masalah
    assert hasil.unit_baru == ["Universitas Baru", "Universitas Baru > Biro Umum"]


def test_the_preview_lists_every_problem_and_offers_no_confirm_button(client, cast):
    nip = nip_baru()
    berkas = xlsx(
        [
            baris(nip, Unit_Kerja="Jurusan Teknik Mesin", Golongan="IV/f"),
            baris(nip_baru(), NIP_Atasan_Langsung=TIDAK_ADA),
        ]
    )
    berkas.name = "salah.xlsx"
    client.force_login(cast.admin)
    response = client.post(
        reverse("kepegawaian:roster_impor"),
        {"berkas": berkas, "periode": cast.periode.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "3 masalah ditemukan; tidak ada yang disimpan" in html
    assert "«Universitas Contoh &gt; Jurusan Teknik Mesin»" in html
    token = response.context["token"]
    assert reverse("kepegawaian:roster_terapkan", args=[token]) not in html
    assert not Pegawai.objects.filter(nip=nip).exists()


# ----- choosing the parent of an unplaced unit in the preview -----

JURUSAN = "Jurusan Teknik Mesin"


def test_a_parent_chosen_for_an_unplaced_unit_name_creates_the_unit_under_it(cast):
    nip = nip_baru()
    rows = [baris(nip, Unit_Kerja=JURUSAN), baris(nip_baru(), Unit_Kerja=JURUSAN)]
    tanpa = periksa_roster(xlsx(rows), periode=cast.periode)
    assert tanpa.unit_tanpa_induk == {"jurusan teknik mesin": (JURUSAN, [2, 3])}
    hasil = impor(cast, rows, induk={"jurusan teknik mesin": cast.unit_a.pk})
    assert hasil.diterapkan, hasil.masalah
    assert hasil.unit_baru == [f"Universitas Contoh > Unit A > {JURUSAN}"]
    unit = Pegawai.objects.get(nip=nip).unit_kerja
    assert (unit.nama, unit.induk) == (JURUSAN, cast.unit_a)
    audit = AuditLog.objects.get(aksi="roster.impor")
    assert audit.data["induk_dipilih"] == {"jurusan teknik mesin": cast.unit_a.pk}


def test_a_parent_chosen_for_the_first_name_of_a_path_places_the_whole_path(cast):
    nip = nip_baru()
    hasil = impor(
        cast,
        [baris(nip, Unit_Kerja=f"Fakultas Teknik > {JURUSAN}")],
        induk={"fakultas teknik": cast.root.pk},
    )
    assert hasil.diterapkan, hasil.masalah
    assert hasil.unit_baru == [
        "Universitas Contoh > Fakultas Teknik",
        f"Universitas Contoh > Fakultas Teknik > {JURUSAN}",
    ]
    assert Pegawai.objects.get(nip=nip).unit_kerja.induk.induk == cast.root


def test_a_chosen_parent_that_no_longer_exists_leaves_the_row_refused(cast):
    hilang = buat_unit("Unit Sementara", cast.root)
    pk = hilang.pk
    hilang.delete()
    sebelum = _keadaan()
    hasil = impor(cast, [baris(nip_baru(), Unit_Kerja=JURUSAN)], induk={"jurusan teknik mesin": pk})
    assert not hasil.diterapkan and "impor tidak membuat unit teratas baru" in hasil.masalah[0]
    assert _keadaan() == sebelum


def _unggah(client, cast, rows):
    berkas = xlsx(rows)
    berkas.name = "fakultas.xlsx"
    client.force_login(cast.admin)
    return client.post(
        reverse("kepegawaian:roster_impor"),
        {"berkas": berkas, "periode": cast.periode.pk},
        follow=True,
    )


def test_the_admin_picks_the_parent_in_the_preview_and_confirms(client, cast):
    nip = nip_baru()
    pratinjau = _unggah(client, cast, [baris(nip, Unit_Kerja=JURUSAN)])
    token = pratinjau.context["token"]
    html = pratinjau.content.decode()
    assert "Unit yang belum punya induk" in html
    assert f'<option value="{cast.unit_a.pk}">Universitas Contoh &gt; Unit A</option>' in html

    response = client.post(
        reverse("kepegawaian:roster_induk", args=[token]),
        {"nama": ["jurusan teknik mesin"], "induk": [str(cast.unit_a.pk)]},
        follow=True,
    )
    hasil = response.context["hasil"]
    assert hasil.ok and hasil.unit_baru == [f"Universitas Contoh > Unit A > {JURUSAN}"]
    assert f'<option value="{cast.unit_a.pk}" selected>' in response.content.decode()
    assert "Induk yang Anda pilih untuk unit baru" in response.content.decode()
    assert not UnitKerja.objects.filter(nama=JURUSAN).exists()  # nothing before confirming

    client.post(reverse("kepegawaian:roster_terapkan", args=[token]), {"sidik": hasil.sidik})
    assert Pegawai.objects.get(nip=nip).unit_kerja.induk == cast.unit_a


def test_the_parent_choice_is_kept_for_the_corrected_re_upload(client, cast):
    pertama = _unggah(client, cast, [baris(nip_baru(), Unit_Kerja=JURUSAN, Golongan="salah")])
    client.post(
        reverse("kepegawaian:roster_induk", args=[pertama.context["token"]]),
        {"nama": ["jurusan teknik mesin"], "induk": [str(cast.unit_b.pk)]},
    )
    kedua = _unggah(client, cast, [baris(nip_baru(), Unit_Kerja=JURUSAN)])
    assert kedua.context["hasil"].unit_baru == [f"Universitas Contoh > Unit B > {JURUSAN}"]
    # Shown again, preselected, so it can be changed.
    assert "Induk yang Anda pilih untuk unit baru" in kedua.content.decode()


def test_choosing_a_parent_is_post_only_and_needs_the_sessions_upload(client, cast):
    token = _unggah(client, cast, [baris(nip_baru(), Unit_Kerja=JURUSAN)]).context["token"]
    url = reverse("kepegawaian:roster_induk", args=[token])
    assert client.get(url).status_code == 405
    client.force_login(cast.pegawai)
    assert client.post(url, {"nama": ["x"], "induk": ["1"]}).status_code in (403, 404)
    client.logout()
    assert client.post(url).status_code == 302
    client.force_login(cast.admin)
    lain = reverse("kepegawaian:roster_induk", args=["0" * 32])
    assert client.post(lain).status_code == 404


def test_the_first_import_into_an_empty_system_creates_one_top_unit_only(db, periode):
    rows = [
        baris(nip_baru(), Unit_Kerja="Universitas Baru > Biro Umum"),
        baris(nip_baru(), Unit_Kerja="universitas baru > Biro Akademik"),
        baris(nip_baru(), Unit_Kerja="Biro Umum"),  # a leaf of the file: found
        baris(nip_baru(), Unit_Kerja=JURUSAN),  # would sit beside the university
    ]
    hasil = impor_roster(xlsx(rows), periode=periode, oleh=None)
    assert hasil.masalah == [
        f"Baris 5, kolom Unit Kerja: unit '{JURUSAN}' tidak ada di sistem maupun di jalur lain "
        "di file ini, dan impor pertama hanya membuat satu unit teratas, 'Universitas Baru', "
        "yang dipakai paling banyak baris. Tulis jalur lengkap dari unit teratas, mis. "
        f"«Universitas Baru > {JURUSAN}», dengan unit-unit induknya di antaranya bila ada."
    ]
    assert not UnitKerja.objects.exists() and not Pegawai.objects.exists()


# ----- a parent the same file creates; the missing parent reported once per unit -----

FAKULTAS = "Universitas Contoh > Fakultas Teknik"
BARU_FAKULTAS = "baru:universitas contoh > fakultas teknik"


def _fakultas_dan_jurusan():
    return [
        baris(nip_baru(), Unit_Kerja=FAKULTAS),
        baris(nip_baru(), Unit_Kerja=JURUSAN),
        baris(nip_baru(), Unit_Kerja=FAKULTAS),
        baris(nip_baru(), Unit_Kerja=JURUSAN),
        baris(nip_baru(), Unit_Kerja=JURUSAN),
    ]


def test_a_unit_without_parent_is_reported_once_with_its_rows(cast):
    hasil = periksa_roster(xlsx(_fakultas_dan_jurusan()), periode=cast.periode)
    assert len(hasil.masalah) == 1, hasil.masalah
    assert hasil.masalah[0].startswith(
        f"Baris 3, 5 dan 6, kolom Unit Kerja: unit '{JURUSAN}' tidak ada di sistem"
    )
    # The new units of the file are offered as parents.
    assert hasil.unit_baru_di_berkas == [(BARU_FAKULTAS, FAKULTAS)]


def test_a_unit_new_in_the_file_can_be_the_chosen_parent(cast):
    rows = _fakultas_dan_jurusan()
    hasil = impor(cast, rows, induk={"jurusan teknik mesin": BARU_FAKULTAS})
    assert hasil.diterapkan, hasil.masalah
    assert hasil.unit_baru == [FAKULTAS, f"{FAKULTAS} > {JURUSAN}"]
    jurusan = UnitKerja.objects.get(nama=JURUSAN)
    assert (jurusan.induk.nama, jurusan.induk.induk) == ("Fakultas Teknik", cast.root)
    assert Pegawai.objects.filter(unit_kerja=jurusan).count() == 3
    audit = AuditLog.objects.get(aksi="roster.impor")
    assert audit.data["induk_dipilih"] == {"jurusan teknik mesin": BARU_FAKULTAS}


def test_a_chain_of_new_parents_is_placed_and_a_unit_under_itself_is_refused(cast):
    rows = [*_fakultas_dan_jurusan(), baris(nip_baru(), Unit_Kerja="Lab Mesin")]
    induk = {
        "lab mesin": f"{BARU_FAKULTAS} > jurusan teknik mesin",  # itself placed by a choice
        "jurusan teknik mesin": BARU_FAKULTAS,
    }
    hasil = impor(cast, rows, induk=induk)
    assert hasil.diterapkan, hasil.masalah
    lab = UnitKerja.objects.get(nama="Lab Mesin")
    assert lab.induk.nama == JURUSAN and lab.induk.induk.nama == "Fakultas Teknik"

    sebelum = _keadaan()
    diri = periksa_roster(
        xlsx([baris(nip_baru(), Unit_Kerja="Unit Lain")]),
        periode=cast.periode,
        induk={"unit lain": "baru:universitas contoh > unit lain"},
    )
    assert len(diri.masalah) == 1 and "'Unit Lain' tidak ada di sistem" in diri.masalah[0]
    assert _keadaan() == sebelum


def test_the_preview_offers_the_files_new_units_as_parents(client, cast):
    pratinjau = _unggah(client, cast, _fakultas_dan_jurusan())
    html = pratinjau.content.decode()
    assert '<optgroup label="Unit baru dari file ini">' in html
    nilai = BARU_FAKULTAS.replace(">", "&gt;")
    assert f'<option value="{nilai}">Universitas Contoh &gt; Fakultas Teknik (baru)' in html
    assert html.count("Baris 3, 5 dan 6, kolom Unit Kerja") == 1
    token = pratinjau.context["token"]
    response = client.post(
        reverse("kepegawaian:roster_induk", args=[token]),
        {"nama": ["jurusan teknik mesin"], "induk": [BARU_FAKULTAS]},
        follow=True,
    )
    hasil = response.context["hasil"]
    assert hasil.ok, hasil.masalah
    assert f'<option value="{nilai}" selected>' in response.content.decode()
    client.post(reverse("kepegawaian:roster_terapkan", args=[token]), {"sidik": hasil.sidik})
    assert UnitKerja.objects.get(nama=JURUSAN).induk.nama == "Fakultas Teknik"
