"""Demo periods: the seed's 2022 (with its real windows) and the current year, open today."""

import datetime

from skp.models import Periode, today_local


def load_periode() -> list[Periode]:
    today = today_local()
    seed_2022, _ = Periode.objects.get_or_create(
        tahun=2022,
        defaults={
            "tanggal_mulai": datetime.date(2022, 1, 1),
            "tanggal_selesai": datetime.date(2022, 12, 31),
            "penyusunan_mulai": datetime.date(2022, 5, 20),
            "penyusunan_selesai": datetime.date(2022, 5, 27),
            "validasi_mulai": datetime.date(2022, 5, 27),
            "validasi_selesai": datetime.date(2022, 5, 31),
        },
    )
    # The current year's windows are both open today so every screen can be tried at once.
    start = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=7))
    end = min(datetime.date(today.year, 12, 31), today + datetime.timedelta(days=14))
    current, _ = Periode.objects.get_or_create(
        tahun=today.year,
        defaults={
            "tanggal_mulai": datetime.date(today.year, 1, 1),
            "tanggal_selesai": datetime.date(today.year, 12, 31),
            "penyusunan_mulai": start,
            "penyusunan_selesai": end,
            "validasi_mulai": start,
            "validasi_selesai": end,
        },
    )
    return [seed_2022, current]
