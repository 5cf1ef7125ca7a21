class SkpError(Exception):
    """A rule of the SKP domain was broken. The message is Indonesian, says what to do, and
    is safe to show; views turn it into a flash message or a form error."""


class SkpBerubah(SkpError):
    """The SKP changed after the page the action came from was shown (HTTP 409)."""


class KonflikIsian(SkpError):
    """An RK or IKI changed, or went, after its edit form was shown (HTTP 409)."""
