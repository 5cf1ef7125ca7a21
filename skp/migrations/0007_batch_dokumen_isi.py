"""A batch remembers which SKPs its ZIP holds, so the download can ask the viewer rule about
each of them. ZIPs built before this cannot say what they hold (and were built for a kepala
from his whole subtree, beyond what he may read): they are expired now, as the weekly cleanup
would, and their requesters ask again."""

from django.db import migrations, models


def kedaluwarsakan_zip_lama(apps, schema_editor):
    BatchDokumen = apps.get_model("skp", "BatchDokumen")
    for batch in BatchDokumen.objects.exclude(berkas=""):
        batch.berkas.delete(save=False)
        BatchDokumen.objects.filter(pk=batch.pk).update(berkas="")


class Migration(migrations.Migration):
    dependencies = [
        ("skp", "0006_antrean_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="batchdokumen",
            name="isi",
            field=models.ManyToManyField(blank=True, related_name="+", to="skp.skp"),
        ),
        migrations.RunPython(kedaluwarsakan_zip_lama, migrations.RunPython.noop),
    ]
