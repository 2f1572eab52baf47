"""Jobs over many documents: read -> extract (per document, by a ``Runner``) -> resolve
(sequential) -> write, with one policy for failures, Ctrl-C and progress (``base.drive``).

``LocalRunner`` extracts in this process.  Another runner (several cores, a cluster) is one
module with a class that has ``extract(documents)``; pass it as ``runner=`` to a job.
"""
from .base import Failed, Progress, Runner, drive, patiently
from .jobs import extract_paths, ingest_paths, reprocess_store
from .local import LocalRunner
from .reports import IngestReport, RemoveReport, ReprocessReport
from .sinks import StoreSink, add_extraction, replace_extraction
from .versions import remove_documents

__all__ = ["Failed", "IngestReport", "LocalRunner", "Progress", "RemoveReport", "ReprocessReport", "Runner", "StoreSink",
           "add_extraction", "drive", "extract_paths", "ingest_paths", "patiently", "remove_documents", "replace_extraction",
           "reprocess_store"]
