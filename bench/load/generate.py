"""Generate a load-test institution: `python bench/load/generate.py --pegawai 1500|30000`.

Bulk-creates a unit tree (root > OPD > bidang), pegawai with supervision for the current
periode (windows open today), and SKP drafts of `--rk` RK × `--iki` IKI (default 5 × 3, the
seed's shape) for most staff (a third of them submitted through the real service); writes bench/out/users.csv (nip,role,skp_id,rk_id,intervensi_id,menunggu) for the locust scenario. All passwords: demo1234.
Run against a dedicated database (DATABASE_URL), never production.
"""

import argparse
import csv
import datetime
import os
from pathlib import Path
import sys
import time

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import JenisJabatan, Pegawai, UnitKerja  # noqa: E402
from periode.models import (  # noqa: E402
    Periode,
    ProfilRegulasi,  # noqa: E402
    Supervisi,
    today_local,
)
from skp.berakhlak import NilaiBerakhlak  # noqa: E402
from skp.models import (  # noqa: E402
    Aspek,
    ButirLampiran,
    EkspektasiPerilaku,
    Indikator,
    JenisLampiran,
    JenisRencanaKinerja,
    ModelForm,
    RencanaKinerja,
    Skp,
)

PASSWORD = "demo1234"


def nip(n: int) -> str:
    lahir = datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 900)
    return f"{lahir:%Y%m%d}200501{1 + n % 2}{n % 900 + 1:03d}"


@transaction.atomic
def generate(total: int, rk_per_skp: int = 5, iki_per_rk: int = 3, profil: str = ""):
    today = today_local()
    start = today - datetime.timedelta(days=7)
    end = today + datetime.timedelta(days=14)
    periode, _ = Periode.objects.update_or_create(
        tahun=today.year,
        defaults={
            "tanggal_mulai": datetime.date(today.year, 1, 1),
            "tanggal_selesai": datetime.date(today.year, 12, 31),
            "penyusunan_mulai": start,
            "penyusunan_selesai": end,
            "validasi_mulai": start,
            "validasi_selesai": end,
            "profil_regulasi": profil or ProfilRegulasi.PERMENPANRB_6_2022,
        },
    )
    opd_count = max(2, total // 750)
    bidang_per_opd = 5
    staff_per_bidang = max(
        1, (total - 1 - opd_count * (1 + bidang_per_opd)) // (opd_count * bidang_per_opd)
    )
    password = make_password(PASSWORD)
    counter = iter(range(10**9))

    def person(nama, jabatan, jenis, unit, admin=False):
        return Pegawai(
            nip=nip(next(counter)),
            nama=nama,
            password=password,
            golongan="III/b",
            jabatan=jabatan,
            jenis_jabatan=jenis,
            unit_kerja=unit,
            is_admin_kepegawaian=admin,
        )

    root = UnitKerja.objects.create(nama=f"Pemerintah Provinsi Uji {total}")
    opds = UnitKerja.objects.bulk_create(
        [UnitKerja(nama=f"Dinas {i + 1}", induk=root) for i in range(opd_count)]
    )
    bidangs = UnitKerja.objects.bulk_create(
        [
            UnitKerja(nama=f"Bidang {j + 1}", induk=opd)
            for opd in opds
            for j in range(bidang_per_opd)
        ]
    )
    sekda = person("Sekretaris Daerah", "Sekretaris Daerah", JenisJabatan.JPT_MADYA, root)
    admin = person("Admin Kepegawaian", "Analis SDM Aparatur", JenisJabatan.FUNGSIONAL, root, True)
    kepala_opd = [
        person(f"Kepala {o.nama}", f"Kepala {o.nama}", JenisJabatan.JPT_PRATAMA, o) for o in opds
    ]
    kepala_bidang = [
        person(f"Kepala {b.nama} {b.induk.nama}", f"Kepala {b.nama}", JenisJabatan.ADMINISTRATOR, b)
        for b in bidangs
    ]
    staff = [
        person(
            f"Staf {b.induk.nama} {b.nama} {k + 1}", "Pranata Komputer", JenisJabatan.FUNGSIONAL, b
        )
        for b in bidangs
        for k in range(staff_per_bidang)
    ]
    everyone = [sekda, admin, *kepala_opd, *kepala_bidang, *staff]
    Pegawai.objects.bulk_create(everyone, batch_size=2000)
    for unit, kepala in [
        (root, sekda),
        *zip(opds, kepala_opd, strict=True),
        *zip(bidangs, kepala_bidang, strict=True),
    ]:
        unit.kepala = kepala
    UnitKerja.objects.bulk_update([root, *opds, *bidangs], ["kepala"], batch_size=2000)

    kepala_opd_of = dict(zip([o.pk for o in opds], kepala_opd, strict=True))
    kepala_bidang_of = dict(zip([b.pk for b in bidangs], kepala_bidang, strict=True))
    relations = [Supervisi(pegawai=admin, periode=periode, atasan_langsung=sekda)]
    relations += [Supervisi(pegawai=k, periode=periode, atasan_langsung=sekda) for k in kepala_opd]
    for b, k in zip(bidangs, kepala_bidang, strict=True):
        relations.append(
            Supervisi(
                pegawai=k,
                periode=periode,
                atasan_langsung=kepala_opd_of[b.induk_id],
                atasan_penilai=sekda,
            )
        )
    opd_of_bidang = {b.pk: b.induk_id for b in bidangs}
    for s in staff:
        relations.append(
            Supervisi(
                pegawai=s,
                periode=periode,
                atasan_langsung=kepala_bidang_of[s.unit_kerja_id],
                atasan_penilai=kepala_opd_of[opd_of_bidang[s.unit_kerja_id]],
            )
        )
    Supervisi.objects.bulk_create(relations, batch_size=5000)

    # SKP drafts: the leaders and 80% of staff, rk_per_skp RK × iki_per_rk IKI each.
    owners = [sekda, *kepala_opd, *kepala_bidang, *[s for i, s in enumerate(staff) if i % 5]]
    skps = Skp.objects.bulk_create(
        [
            Skp(
                pegawai=p,
                periode=periode,
                model_form=ModelForm.JPT
                if p.jenis_jabatan in JenisJabatan.jpt()
                else ModelForm.NON_JPT,
            )
            for p in owners
        ],
        batch_size=5000,
    )
    rks = RencanaKinerja.objects.bulk_create(
        [
            RencanaKinerja(
                skp=s,
                urutan=i,
                teks=f"Terselenggaranya layanan {i + 1} sesuai standar",
                jenis=JenisRencanaKinerja.UTAMA
                if i < rk_per_skp - 1
                else JenisRencanaKinerja.TAMBAHAN,
                intervensi_teks_bebas="Meningkatnya kualitas layanan unit",
            )
            for s in skps
            for i in range(rk_per_skp)
        ],
        batch_size=10000,
    )
    aspek = [(Aspek.KUANTITAS, "Jumlah"), (Aspek.KUALITAS, "Kualitas"), (Aspek.WAKTU, "Waktu")]
    Indikator.objects.bulk_create(
        [
            Indikator(
                rencana_kinerja=rk,
                aspek=a,
                urutan=j,
                teks=f"{label} layanan",
                target_min={Aspek.KUANTITAS: 10, Aspek.KUALITAS: 90}.get(a, 12),
                satuan={Aspek.KUANTITAS: "laporan", Aspek.KUALITAS: "%"}.get(a, "bulan"),
            )
            for rk in rks
            for j, (a, label) in enumerate(aspek[:iki_per_rk])
        ],
        batch_size=10000,
    )
    if periode.profil_regulasi == ProfilRegulasi.PERMENPANRB_6_2022:
        isi_perilaku_dan_lampiran(skps, kepala_bidang_of)
    # Staff RK intervene their kepala bidang's first RK, as the drafting page requires.
    skp_of = {s.pegawai_id: s for s in skps}
    first_rk = {}
    for rk in rks:
        first_rk.setdefault(rk.skp_id, rk)
    staff_rk = []
    for rk in rks:
        owner = rk.skp.pegawai
        if (
            owner.unit_kerja_id in kepala_bidang_of
            and owner.pk != kepala_bidang_of[owner.unit_kerja_id].pk
        ):
            kepala_skp = skp_of[kepala_bidang_of[owner.unit_kerja_id].pk]
            if rk.jenis == JenisRencanaKinerja.UTAMA:
                rk.intervensi, rk.intervensi_teks_bebas = first_rk[kepala_skp.pk], ""
                staff_rk.append(rk)
    # One UPDATE … FROM unnest: bulk_update's CASE of 10,000 branches is quadratic in PostgreSQL.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE skp_rencanakinerja r SET intervensi_id = v.iv, intervensi_teks_bebas = '' "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, iv) WHERE r.id = v.id",
            [[rk.pk for rk in staff_rk], [rk.intervensi_id for rk in staff_rk]],
        )
    return skp_of, first_rk, admin, kepala_bidang, staff


EKSPEKTASI = {
    NilaiBerakhlak.BERORIENTASI_PELAYANAN: "Menanggapi setiap permintaan layanan paling "
    "lambat 1 hari kerja dan menutup tiket dengan penjelasan yang dapat dipahami pemohon.",
    NilaiBerakhlak.AKUNTABEL: "Melaporkan kemajuan pekerjaan setiap bulan dengan data yang "
    "dapat diperiksa, dan menjaga perangkat kantor yang dipinjamkan.",
    NilaiBerakhlak.KOMPETEN: "Mengikuti paling sedikit satu pelatihan teknis dan membagikan "
    "hasilnya kepada rekan satu bidang.",
    NilaiBerakhlak.ADAPTIF: "Mengusulkan satu perbaikan proses kerja yang dapat diterapkan "
    "di bidang pada tahun ini.",
    NilaiBerakhlak.KOLABORATIF: "Melibatkan bidang lain sejak perencanaan kegiatan bersama "
    "dan menyampaikan hasilnya tepat waktu.",
}
LAMPIRAN = {
    JenisLampiran.DUKUNGAN_SUMBER_DAYA: [
        "Anggaran DIPA unit untuk kegiatan layanan",
        "Akses ke aplikasi dan server yang diperlukan",
    ],
    JenisLampiran.SKEMA_PERTANGGUNGJAWABAN: [
        "Laporan capaian triwulanan kepada pejabat penilai",
        "Dokumentasi kegiatan diunggah ke repositori unit",
    ],
    JenisLampiran.KONSEKUENSI: [
        "Capaian menjadi dasar penilaian kinerja dan tunjangan kinerja",
        "Capaian di bawah ekspektasi ditindaklanjuti dengan pembinaan",
    ],
}


def isi_perilaku_dan_lampiran(skps, kepala_bidang_of) -> None:
    """Under 6/2022, as a real SKP page would carry them: five of the seven expectations
    written by the pejabat penilai, and two items in each list of the Lampiran."""
    EkspektasiPerilaku.objects.bulk_create(
        [
            EkspektasiPerilaku(
                skp=s,
                nilai=nilai,
                teks=teks,
                ditulis_oleh=kepala_bidang_of.get(s.pegawai.unit_kerja_id),
            )
            for s in skps
            for nilai, teks in EKSPEKTASI.items()
        ],
        batch_size=10000,
    )
    ButirLampiran.objects.bulk_create(
        [
            ButirLampiran(skp=s, jenis=jenis, urutan=i, teks=teks)
            for s in skps
            for jenis, daftar in LAMPIRAN.items()
            for i, teks in enumerate(daftar)
        ],
        batch_size=10000,
    )


def submit_share(skp_of, staff, share: int, most: int) -> dict[int, list[int]]:
    """Submit every `share`-th staff SKP (at most `most`) through the real service, so
    validators have work; returns the waiting SKP ids per atasan langsung."""
    from skp.services.workflow import ajukan_skp

    atasan_of = dict(
        Supervisi.objects.filter(pegawai__in=staff).values_list("pegawai_id", "atasan_langsung_id")
    )
    waiting: dict[int, list[int]] = {}
    chosen = [p for i, p in enumerate(staff) if not i % share and p.pk in skp_of][:most]
    for pegawai in chosen:
        skp = skp_of[pegawai.pk]
        ajukan_skp(skp, oleh=pegawai)
        waiting.setdefault(atasan_of[pegawai.pk], []).append(skp.pk)
    return waiting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pegawai", type=int, default=1500)
    parser.add_argument("--rk", type=int, default=5, help="RK per SKP")
    parser.add_argument("--iki", type=int, default=3, choices=(1, 2, 3), help="IKI per RK")
    parser.add_argument("--ajukan", type=int, default=2000, help="most SKPs submitted")
    parser.add_argument(
        "--profil",
        choices=ProfilRegulasi.values,
        default=ProfilRegulasi.PERMENPANRB_6_2022,
        help="the periode's regulation profile (6/2022: with Perilaku Kerja and Lampiran)",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "users.csv"))
    args = parser.parse_args()
    started = time.perf_counter()
    skp_of, first_rk, admin, kepala_bidang, staff = generate(
        args.pegawai, args.rk, args.iki, args.profil
    )
    waiting = submit_share(skp_of, staff, share=3, most=args.ajukan)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
        cursor.execute("ANALYZE")
    diajukan = {pk for ids in waiting.values() for pk in ids}
    rows = [(admin.nip, "admin", "", "", "", "")]
    rows += [
        (
            k.nip,
            "atasan",
            skp_of[k.pk].pk,
            first_rk[skp_of[k.pk].pk].pk,
            "",
            " ".join(map(str, waiting.get(k.pk, []))),
        )
        for k in kepala_bidang
    ]
    rows += [
        (
            p.nip,
            "pegawai",
            skp_of[p.pk].pk,
            first_rk[skp_of[p.pk].pk].pk,
            first_rk[skp_of[p.pk].pk].intervensi_id,
            "",
        )
        for p in staff
        if p.pk in skp_of and skp_of[p.pk].pk not in diajukan
    ]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nip", "role", "skp_id", "rk_id", "intervensi_id", "menunggu"])
        writer.writerows(rows)
    print(
        f"{Pegawai.objects.count()} pegawai, {Skp.objects.count()} SKP; "
        f"{len(rows)} login rows in {args.out}; {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
