"""The demo institution from the seed (UPT TIK, Universitas Pendidikan Ganesha).

Every demo account has the password DEMO_PASSWORD. Loading is idempotent: existing rows are
left as they are, so a second run changes nothing.
"""

from dataclasses import dataclass
import io
import re

from django.db import transaction

from accounts.models import JenisJabatan, Jenjang, Pegawai, UnitKerja
from accounts.services import KepegawaianError
from accounts.spreadsheets import tulis_roster
from periode.roster import impor_roster, periksa_roster

DEMO_PASSWORD = "demo1234"

UNIVERSITAS = "Universitas Pendidikan Ganesha"
UPT_TIK = "UPT TIK"
KEPEGAWAIAN = "Bagian Kepegawaian"
DIVISI = [
    "Divisi Sistem Informasi",
    "Divisi Konten dan Multimedia",
    "Divisi Data",
    "Divisi Helpdesk dan Dokumentasi",
    "Divisi Infrastruktur, Jaringan dan Keamanan",
]

KEPALA_UPT_NIP = "198412012012121002"
ADMIN_NIP = "198803152014042001"
SUPERUSER_NIP = "199001012019031001"
NAMA_FILE = "roster-demo.xlsx"


@dataclass(frozen=True)
class Orang:
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    golongan: str
    jabatan: str
    jenis_jabatan: str
    unit: str
    atasan: str | None  # NIP of the atasan langsung
    jenjang: str = ""


F, P, A = JenisJabatan.FUNGSIONAL, JenisJabatan.PELAKSANA, JenisJabatan.ADMINISTRATOR

# Invented people but for the Kepala UPT, who is the seed's. NIPs are valid by DOMAIN.md §2.
ORANG = [
    Orang(
        "196605121990031002",
        "I Nyoman Jampel",
        "Prof. Dr.",
        "M.Pd.",
        "IV/e",
        "Rektor",
        JenisJabatan.JPT_UTAMA,
        UNIVERSITAS,
        None,
    ),
    Orang(
        "197203041998021001",
        "I Gede Wira Bakti",
        "Dr.",
        "S.T., M.T.",
        "IV/c",
        "Wakil Rektor Bidang Umum dan Keuangan",
        JenisJabatan.JPT_MADYA,
        UNIVERSITAS,
        "196605121990031002",
    ),
    Orang(
        KEPALA_UPT_NIP,
        "I Ketut Resika Arthana",
        "",
        "S.T., M.Kom",
        "III/d",
        "Kepala UPT TIK",
        A,
        UPT_TIK,
        "197203041998021001",
    ),
    Orang(
        ADMIN_NIP,
        "Ni Luh Putu Ayu Lestari",
        "",
        "S.E.",
        "III/c",
        "Analis Kepegawaian",
        F,
        KEPEGAWAIAN,
        "197203041998021001",
        Jenjang.AHLI_MUDA,
    ),
]
_DIVISI_ORANG = [
    # (kepala, three staff) per division, in DIVISI order
    [
        ("198703222010121003", "I Made Agus Wirawan", "S.Kom., M.Cs."),
        ("199105172019031012", "Kadek Yota Ernanda Aryanto", "S.Kom., M.T."),
        ("199402112020121006", "Gede Aditra Pradnyana", "S.Kom., M.Kom."),
        ("199608232022032014", "Ni Made Dwi Ayu Kristiani", "S.Kom."),
    ],
    [
        ("198511072011012008", "Ni Ketut Sri Wahyuni", "S.Sn., M.Sn."),
        ("199302142019031009", "Putu Hendra Suputra", "S.Kom."),
        ("199511302021022003", "Komang Tri Utami", "S.Ds."),
        ("199707092023031011", "Gede Surya Mahendra", "A.Md.Kom."),
    ],
    [
        ("198609132012121004", "I Gusti Ngurah Darma Paramartha", "S.Kom., M.Kom."),
        ("199201262018031013", "Made Windu Antara Kesiman", "S.T."),
        ("199404052020122015", "Ni Wayan Sumartini", "S.Kom."),
        ("199810192024031007", "Kadek Ari Sudiartha", "A.Md."),
    ],
    [
        ("198804252013032011", "Luh Joni Erawati Dewi", "S.Kom., M.Pd."),
        ("199309082019032016", "Ni Putu Novita Puspa Dewi", "S.Pd."),
        ("199601172021021004", "Wayan Gede Suka Parwita", "S.Kom."),
        ("199912042025031005", "Putu Agus Eka Pratama", "A.Md."),
    ],
    [
        ("198201302008011005", "I Ketut Purnamawan", "S.Kom., M.Kom."),
        ("199006282017031008", "Nyoman Sugihartini", "S.T., M.T."),
        ("199403312020121002", "Gede Indrawan", "S.T."),
        ("199705152022031010", "Komang Setemen", "A.Md.T."),
    ],
]
for divisi, (kepala, *staf) in zip(DIVISI, _DIVISI_ORANG, strict=True):
    singkat = divisi.removeprefix("Divisi ")
    ORANG.append(
        Orang(
            kepala[0],
            kepala[1],
            "",
            kepala[2],
            "III/c",
            f"Kepala {divisi}",
            F,
            divisi,
            KEPALA_UPT_NIP,
            Jenjang.AHLI_MUDA,
        )
    )
    for nip, nama, gelar in staf:
        golongan = "III/a" if gelar.startswith("S.") else "II/c"
        jabatan = f"Pranata Komputer ({singkat})" if golongan == "III/a" else f"Teknisi {singkat}"
        ORANG.append(
            Orang(
                nip,
                nama,
                "",
                gelar,
                golongan,
                jabatan,
                F if golongan == "III/a" else P,
                divisi,
                kepala[0],
                Jenjang.AHLI_PERTAMA if golongan == "III/a" else "",
            )
        )


def _jalur(unit: str) -> str:
    if unit == UNIVERSITAS:
        return UNIVERSITAS
    if unit in (UPT_TIK, KEPEGAWAIAN):
        return f"{UNIVERSITAS} > {unit}"
    return f"{UNIVERSITAS} > {UPT_TIK} > {unit}"


def email_demo(nama: str) -> str:
    """A demo person's address (`kadek.aryanto@undiksha.example`): the reserved `.example`
    domain, so the workflow emails show on the console and can reach nobody."""
    kata = [k for k in re.sub(r"[^a-z ]", "", nama.lower()).split() if len(k) > 1]
    return f"{kata[0]}.{kata[-1]}@undiksha.example" if kata else ""


def roster_xlsx() -> io.BytesIO:
    """The demo people as a roster workbook in the import format (DOMAIN.md §8)."""
    jenis = dict(JenisJabatan.choices)
    jenjang = dict(Jenjang.choices)
    rows = [
        [
            o.nip,
            o.nama,
            o.gelar_depan,
            o.gelar_belakang,
            "PNS",
            o.golongan,
            o.jabatan,
            jenis[o.jenis_jabatan],
            jenjang.get(o.jenjang, ""),
            _jalur(o.unit),
            o.atasan or "",
            "",
            email_demo(o.nama),
            "Aktif",
        ]
        for o in ORANG
    ]
    berkas = io.BytesIO()
    tulis_roster(rows, berkas)
    berkas.seek(0)
    return berkas


def _set_kepala(unit: UnitKerja, kepala: Pegawai) -> None:
    if unit.kepala_id != kepala.pk:
        unit.kepala = kepala
        unit.save(update_fields=["kepala"])


@transaction.atomic
def load_people(periode_list) -> dict[str, Pegawai]:
    """Units, people and their supervision in each periode, loaded through the roster import
    (applied only when the dry run finds a change, so a second run writes nothing)."""
    for periode in periode_list:
        hasil = periksa_roster(roster_xlsx(), periode=periode, nama_file=NAMA_FILE)
        if not hasil.ok:
            raise KepegawaianError("Roster demo tidak valid: " + " ".join(hasil.masalah))
        if hasil.baru or hasil.berubah:
            impor_roster(roster_xlsx(), periode=periode, oleh=None, nama_file=NAMA_FILE)

    pegawai = Pegawai.objects.in_bulk([o.nip for o in ORANG], field_name="nip")
    for orang in ORANG:
        # Imported accounts have no usable password; the demo gives everyone the same one.
        if not pegawai[orang.nip].has_usable_password():
            pegawai[orang.nip].set_password(DEMO_PASSWORD)
            pegawai[orang.nip].save(update_fields=["password"])
    admin = pegawai[ADMIN_NIP]
    if not admin.is_admin_kepegawaian:
        admin.is_admin_kepegawaian = True
        admin.save(update_fields=["is_admin_kepegawaian"])

    units = {o.unit: pegawai[o.nip].unit_kerja for o in ORANG}
    root = units[UNIVERSITAS]
    if not Pegawai.objects.filter(nip=SUPERUSER_NIP).exists():
        Pegawai.objects.create_superuser(
            SUPERUSER_NIP, DEMO_PASSWORD, nama="Administrator Sistem", unit_kerja=root
        )
    _set_kepala(root, pegawai["196605121990031002"])
    _set_kepala(units[UPT_TIK], pegawai[KEPALA_UPT_NIP])
    _set_kepala(units[KEPEGAWAIAN], pegawai[ADMIN_NIP])
    for orang in ORANG:
        if orang.jabatan == f"Kepala {orang.unit}":
            _set_kepala(units[orang.unit], pegawai[orang.nip])
    return pegawai
