class SkpError(Exception):
    """A rule of the SKP domain was broken. The message is Indonesian, says what to do, and
    is safe to show; views turn it into a flash message or a form error."""
