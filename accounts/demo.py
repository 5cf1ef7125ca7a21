"""The demo institution from the seed (UPT TIK, Universitas Pendidikan Ganesha).

Every demo account has the password DEMO_PASSWORD. Loading is idempotent: existing rows are
left as they are, so a second run changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import JenisJabatan, Jenjang, Pegawai, UnitKerja
from accounts.services import tetapkan_supervisi

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
    ORANG.append(Orang(kepala[0], kepala[1], "", kepala[2], "III/c", f"Kepala {divisi}",
                       F, divisi, KEPALA_UPT_NIP, Jenjang.AHLI_MUDA))  # fmt: skip
    for nip, nama, gelar in staf:
        golongan = "III/a" if gelar.startswith("S.") else "II/c"
        jabatan = f"Pranata Komputer ({singkat})" if golongan == "III/a" else f"Teknisi {singkat}"
        ORANG.append(Orang(nip, nama, "", gelar, golongan, jabatan, F if golongan == "III/a" else P,
                           divisi, kepala[0], Jenjang.AHLI_PERTAMA if golongan == "III/a" else ""))  # fmt: skip


def _unit(nama: str, induk: UnitKerja | None) -> UnitKerja:
    unit, _ = UnitKerja.objects.get_or_create(nama=nama, induk=induk)
    return unit


def _set_kepala(unit: UnitKerja, kepala: Pegawai) -> None:
    if unit.kepala_id != kepala.pk:
        unit.kepala = kepala
        unit.save(update_fields=["kepala"])


@transaction.atomic
def load_people(periode_list) -> dict[str, Pegawai]:
    """Units, people and their supervision in each periode; returns pegawai by NIP."""
    root = _unit(UNIVERSITAS, None)
    units = {UNIVERSITAS: root, KEPEGAWAIAN: _unit(KEPEGAWAIAN, root)}
    units[UPT_TIK] = _unit(UPT_TIK, root)
    for divisi in DIVISI:
        units[divisi] = _unit(divisi, units[UPT_TIK])

    pegawai: dict[str, Pegawai] = {}
    for orang in ORANG:
        try:
            pegawai[orang.nip] = Pegawai.objects.get(nip=orang.nip)
        except Pegawai.DoesNotExist:
            pegawai[orang.nip] = Pegawai.objects.create_user(
                orang.nip, DEMO_PASSWORD, nama=orang.nama, gelar_depan=orang.gelar_depan,
                gelar_belakang=orang.gelar_belakang, golongan=orang.golongan,
                jabatan=orang.jabatan, jenis_jabatan=orang.jenis_jabatan, jenjang=orang.jenjang,
                unit_kerja=units[orang.unit], is_admin_kepegawaian=orang.nip == ADMIN_NIP,
            )  # fmt: skip
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

    atasan_of = {o.nip: o.atasan for o in ORANG}
    for periode in periode_list:
        for orang in ORANG:
            langsung = atasan_of[orang.nip]
            penilai = atasan_of.get(langsung) if langsung else None
            tetapkan_supervisi(
                pegawai[orang.nip], periode,
                atasan_langsung=pegawai[langsung] if langsung else None,
                atasan_penilai=pegawai[penilai] if penilai else None,
            )  # fmt: skip
    return pegawai
