"""The cell's versi, and for every RK already applied from a cell the record of what the
matriks wrote: taken as the RK stands now, so from here on any change by its owner is
recognised and never overwritten (skp/matriks.py)."""

from decimal import Decimal

from django.db import migrations, models


def _angka(nilai):
    return None if nilai is None else str(Decimal(nilai).quantize(Decimal("0.01")))


def catat_tulisan_matriks(apps, schema_editor):
    PeranHasil = apps.get_model("kpi", "PeranHasil")
    RencanaKinerja = apps.get_model("skp", "RencanaKinerja")
    Indikator = apps.get_model("skp", "Indikator")
    for item in PeranHasil.objects.filter(rencana_kinerja__isnull=False).iterator():
        rk = RencanaKinerja.objects.get(pk=item.rencana_kinerja_id)
        iki = Indikator.objects.filter(
            pk=item.indikator_kuantitas_id, rencana_kinerja_id=rk.pk
        ).first()
        rk.matriks_versi = 1
        rk.matriks_tulisan = {
            "jenis": rk.jenis,
            "teks": rk.teks,
            "intervensi": [rk.intervensi_id, rk.intervensi_teks_bebas],
            "indikator": [iki.aspek, iki.teks] if iki else None,
            "target": (
                [_angka(iki.target_min), _angka(iki.target_max), iki.satuan, iki.target_teks]
                if iki
                else None
            ),
            "iki": iki.pk if iki else None,
        }
        rk.save(update_fields=["matriks_versi", "matriks_tulisan"])
        item.diterapkan_versi = 1
        item.save(update_fields=["diterapkan_versi"])


class Migration(migrations.Migration):
    dependencies = [
        ("kpi", "0001_initial"),
        ("skp", "0009_rk_asal_matriks_dan_email_pesan"),
    ]

    operations = [
        migrations.AddField(
            model_name="peranhasil",
            name="versi",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="peranhasil",
            name="diterapkan_versi",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(catat_tulisan_matriks, migrations.RunPython.noop),
    ]
