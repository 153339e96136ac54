"""Issue #12: 1,000,000 assets (three values each: two localized texts, one media link) held in under 2 GB.

    python benchmarks/catalog_memory.py [--assets 1000000] [--seed 1] [--catalog PATH] [--out benchmarks/MEMORY.md]

Generates the catalog (`python -m fixtures generate --lean`: the issue's three values an asset), unless --catalog
names one, then starts the mock on it as users do (`python -m mock_server --fixtures PATH`), waits until it answers,
reads its resident memory from /proc (VmRSS now, VmHWM the peak while loading), checks that it serves a page of the
family, and stops it. Times: generation, and load up to the first answer. The verdict is printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.host import child_env, free_port
from benchmarks.http_load import Server
from benchmarks.http_load_workloads import API, Call, access_token, send
from benchmarks.report_file import publish

# 2 GB read strictly: 2,000,000,000 bytes (1,907 MiB), not 2 GiB
TARGET_MIB = 2_000_000_000 / 2**20


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def generate(path: Path, assets: int, seed: int) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "fixtures", "generate", "--lean", "--no-progress"]
    command += ["--assets", str(assets), "--seed", str(seed), "--out", str(path)]
    subprocess.run(command, check=True, env=child_env())  # noqa: S603 - our own module
    return time.perf_counter() - started


def first_page_size(base: str) -> int:
    """The number of assets on the first page of the first generated family (the mock serves what it holds)."""
    headers = {"Authorization": f"Bearer {access_token(base)}", "Accept": "application/json"}
    status, _, body = send(base, Call("GET", f"{API}/asset-families/synthetic_001/assets", headers))
    if status != 200:
        raise RuntimeError(f"the asset list answered {status}: {body[:200]!r}")
    return len(json.loads(body)["_embedded"]["items"])


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--assets", type=int, default=1_000_000)
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--catalog", type=Path, help="a catalog file already generated (skips generation)")
    cli.add_argument("--work-dir", type=Path, default=Path("reports/benchmarks/memory"))
    cli.add_argument("--out", type=Path, help="also write the figures to this file (e.g. benchmarks/MEMORY.md)")
    args = cli.parse_args(argv)
    if args.assets < 1:
        cli.error("--assets takes a positive number")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    catalog = args.catalog or args.work_dir / f"catalog-{args.assets}-{args.seed}.jsonl"
    generated_s = None if args.catalog else generate(catalog, args.assets, args.seed)
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "--port", str(port), "--fixtures", str(catalog)]
    mock = Server("mock", command, port, args.work_dir / "mock.log")
    started = time.perf_counter()
    mock.start(child_env())
    try:
        if not mock.wait_ready(1800):
            print(f"catalog_memory: the mock did not start: {mock.error}", file=sys.stderr)
            return 1
        loaded_s = time.perf_counter() - started
        assert mock.process is not None
        memory = memory_mb(mock.process.pid)
        served = first_page_size(mock.base)
    finally:
        mock.stop()
    verdict = "met" if memory["VmRSS"] < TARGET_MIB else "NOT met"
    generation = f"generated in {generated_s:.0f} s, " if generated_s is not None else ""
    size_mb = catalog.stat().st_size / 2**20
    publish(
        "Catalog memory (issue #12)",
        pinning="one mock process",
        command=f"python benchmarks/catalog_memory.py --assets {args.assets} --seed {args.seed}",
        body=[
            f"{args.assets:,} assets, three values each (`python -m fixtures generate --lean`, {size_mb:,.0f} MiB"
            f" file): {generation}loaded and answering in {loaded_s:.0f} s; resident memory **{memory['VmRSS']:,.0f} MiB**"
            f" ({memory['VmRSS'] * 2**20 / 1e9:.2f} GB, {memory['VmRSS'] / args.assets * 100_000:,.0f} MiB per 100,000 assets; peak while loading {memory['VmHWM']:,.0f} MiB); first page"
            f" {served} assets. Target under 2 GB = {TARGET_MIB:,.0f} MiB resident: {verdict}."
        ],
        out=args.out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
