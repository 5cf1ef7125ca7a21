from django.urls import NoReverseMatch, reverse


def optional_url(name: str, *args) -> str | None:
    """The URL of a page that may not be installed in this deployment, else None."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
