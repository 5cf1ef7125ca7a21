from accounts.nip import normalize_nip


def axes_username(request, credentials) -> str:
    """The NIP axes locks on, typed with or without spaces, so `1984 …` and `1984…` are one."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_nip(raw)
