"""claimgraph's shards on Spark: a DataFrame of shard descriptions, ``mapInPandas`` runs
``run_shard`` on each (one output file per shard, written by the executor), then this driver
merges the outputs into a store, in input order (the same store ``claimgraph ingest`` makes).

    pip install pyspark==4.3.0 pandas pyarrow            # beside claimgraph, on every node
    python examples/spark_ingest.py examples/corpus --db spark.db
    spark-submit --master yarn examples/spark_ingest.py /shared/news --db news.db --shard-dir /shared/shards

The executors load the language model once per Python worker process (Spark reuses them), read
the inputs and write into --shard-dir under the paths the driver gives: on a cluster both must be
on a filesystem every node shares.  A shard whose output exists is skipped, so a rerun after a
failed job redoes only the missing shards; Spark itself retries a failed task
(``spark.task.maxFailures``; ``local[2,3]`` gives local mode three tries).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pandas as pd


def run_partition(batches: Iterator[pd.DataFrame], out_dir: str) -> Iterator[pd.DataFrame]:
    """The executor side: each row's shard is run, and its output's path returned."""
    from claimgraph.runner.shards import Shard, run_shard

    for batch in batches:
        outputs = []
        for desc in batch["shard"]:
            d = json.loads(desc)
            shard = Shard(files=tuple(d["files"])) if "files" in d else Shard(jsonl=d["jsonl"], start=d["start"], stop=d["stop"])
            outputs.append(str(run_shard(shard, out_dir).path))
        yield pd.DataFrame({"seq": batch["seq"], "output": outputs})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="files or folders to ingest")
    ap.add_argument("--db", default="claimgraph.db", help="the store to merge into")
    ap.add_argument("--shard-dir", help="where the executors write the output shards (default: DB.shards beside the store)")
    ap.add_argument("--shard-size", type=int, default=50, help="documents per shard")
    ap.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2,3]"), help="Spark master (default local[2,3])")
    args = ap.parse_args()

    from pyspark.sql import SparkSession

    from claimgraph.runner import merge_shards, plan_shards
    from claimgraph.store import open_store

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local mode: the executors use this interpreter
    shard_dir = Path(args.shard_dir or f"{args.db}.shards").absolute()
    t0 = time.perf_counter()
    shards, problems = plan_shards(args.paths, size=args.shard_size)
    for p in problems:
        print(f"problem: {p.path}: {p.reason}", file=sys.stderr)
    spark = SparkSession.builder.master(args.master).appName("claimgraph-ingest").getOrCreate()
    t_spark = time.perf_counter()
    try:
        table = pd.DataFrame({"seq": range(len(shards)), "shard": [json.dumps(s.to_json()) for s in shards]})
        df = spark.createDataFrame(table).repartition(max(1, min(len(shards), spark.sparkContext.defaultParallelism * 2)))
        rows = df.mapInPandas(partial(run_partition, out_dir=str(shard_dir)), schema="seq long, output string").collect()
    finally:
        spark.stop()
    t_extract = time.perf_counter()
    outputs = [r.output for r in sorted(rows, key=lambda r: r.seq)]  # plan order: the readers' order
    with open_store(args.db) as store:
        report = merge_shards(outputs, store, in_order=True)
    t_merge = time.perf_counter()
    print(f"{len(shards)} shards, {report.read} documents read, {report.stored} stored, {len(report.skipped)} skipped,"
          f" {len(report.failed)} failed -> {args.db}")
    for where, why in report.failed:
        print(f"  failed {where}: {why}")
    print(f"Spark start {t_spark - t0:.1f} s, extraction {t_extract - t_spark:.1f} s, merge {t_merge - t_extract:.1f} s,"
          f" wall {t_merge - t0:.1f} s ({report.read / (t_merge - t0):.2f} docs/s)")
    sys.exit(report.exit_code)


if __name__ == "__main__":
    main()
