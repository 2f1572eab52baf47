"""Jobs over many documents: read -> extract (per document, by a ``Runner``) -> resolve
(sequential) -> write, with one policy for failures, Ctrl-C and progress (``base.drive``,
which commits the documents in batches).

``LocalRunner`` extracts in this process, ``ProcessRunner`` in worker processes (every core).
Another runner (a cluster) is one module with a class that has ``extract(documents)``; pass it
as ``runner=`` to a job.  ``shards`` is the unit a batch engine runs (files in, one output file
of extraction records out, named by a hash of its input), and ``merge`` writes such outputs
into a store.  ``sharded.ingest_shards`` is the job that plans the shards, has an engine run
them and merges the outputs in input order; ``DaskEngine`` runs them on a Dask cluster.
"""
from .base import IDLE, Failed, Progress, Runner, drive, patiently
from .jobs import extract_paths, ingest_paths, reprocess_store
from .dask_engine import DaskEngine
from .local import LocalRunner
from .merge import merge_shards
from .process import ProcessRunner
from .reports import IngestReport, RemoveReport, ReprocessReport
from .sharded import ingest_shards
from .shards import Shard, plan_shards, run_shard, run_shards
from .sinks import StoreSink, add_extraction, replace_extraction
from .versions import remove_documents

__all__ = ["IDLE", "DaskEngine", "Failed", "IngestReport", "LocalRunner", "ProcessRunner", "Progress", "RemoveReport", "ReprocessReport", "Runner", "Shard",
           "StoreSink", "add_extraction", "drive", "extract_paths", "ingest_paths", "ingest_shards", "merge_shards", "patiently", "plan_shards",
           "remove_documents", "replace_extraction", "reprocess_store", "run_shard", "run_shards"]
