"""Log filters of the settings' LOGGING."""

import logging


class TolakTanpaJejak(logging.Filter):
    """A refused action (403: someone tried a page or button not theirs) is an answer, not a
    fault: one warning line with the path, without the traceback Django attaches to it (a
    pejabat's double click filled the log with forty lines of stack each)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
