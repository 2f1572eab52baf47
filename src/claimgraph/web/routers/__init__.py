"""One router per resource; each serves an HTML page and its JSON twin under ``/api``."""
