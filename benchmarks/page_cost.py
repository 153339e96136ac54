"""Issue #12: the cost of a page of the asset list does not grow with the family.

    python benchmarks/page_cost.py [--sizes 10000,100000,1000000] [--repeat 15] [--out benchmarks/PAGE_COST.md]

For each size, one family of that many assets is put straight into a fresh mock's store (the generator and ingest
have their own benchmarks: this one measures reading), each asset with three values (two localized texts and a
media link) and its own `updated` moment, the last 50 the most recent. Then the median time of a page of 100 is
taken, `--repeat` times each, through the whole in-process HTTP stack (Connexion, the handlers, the store; a
Starlette TestClient, no socket) for: the first page; a page from the middle (`search_after` = the code in the
middle); `search` with `updated >` a moment only the last 50 assets passed (a connector's delta sync);
`search` with `updated >` a moment every asset passed (dense); and `code IN` two codes. The issue's target: a page
from 1,000,000 costs at most 1.2x a page from 10,000. The figures go to stdout and, with --out, to a file with the
date and the machine. The verdict is printed, never asserted: speed is measured here, not tested.
"""

from __future__ import annotations

import argparse
import base64
import json
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.testclient import TestClient

if __package__ in (None, ""):  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.report_file import publish
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings

FAMILY = "bench_family"
START = datetime(2026, 1, 1, tzinfo=UTC)
RECENT = 50  # assets updated after the delta-sync moment
TARGET_RATIO = 1.2
TOKEN_PATH = "/api/oauth/v1/token"  # noqa: S105 - a path, not a secret


def synthetic_asset(index: int) -> dict[str, Any]:
    code = f"asset_{index:07d}"
    moment = (START + timedelta(seconds=index)).isoformat()
    text = [{"locale": locale, "channel": None, "data": f"{code} {locale}"} for locale in ("en_US", "fr_FR")]
    return {
        "code": code,
        "values": {
            "title": text,
            "description": text,
            "link": [{"locale": None, "channel": None, "data": f"{code}.jpg"}],
        },
        "created": moment,
        "updated": moment,
    }


def mock_with_family(size: int) -> Any:
    app = create_app(settings=Settings(load_fixtures=False), start_catalog=load_start)
    store = app.mock_context.store
    store.asset_families[FAMILY] = {"code": FAMILY, "labels": {}, "attribute_as_main_media": None}
    store.asset_attributes[FAMILY] = {}
    assets = store.family_assets(FAMILY)
    for index in range(size):
        item = synthetic_asset(index)
        assets[item["code"]] = item
    return app


def workloads(size: int) -> dict[str, str]:
    path = f"/api/rest/v1/asset-families/{FAMILY}/assets"
    recent = (START + timedelta(seconds=size - RECENT - 1)).isoformat()

    def search(query: dict[str, Any]) -> str:
        return f"{path}?search={quote(json.dumps(query))}"

    return {
        "first page": path,
        "middle page": f"{path}?search_after=asset_{size // 2:07d}",
        "updated > recent (delta sync)": search({"updated": [{"operator": ">", "value": recent}]}),
        "updated > start (dense)": search({"updated": [{"operator": ">", "value": START.isoformat()}]}),
        "code IN 2 codes": search({"code": [{"operator": "IN", "value": ["asset_0000001", f"asset_{size - 2:07d}"]}]}),
    }


def median_ms(call: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(size: int, repeat: int) -> dict[str, float]:
    app = mock_with_family(size)
    settings = app.mock_context.settings
    basic = base64.b64encode(f"{settings.client_id}:{settings.client_secret}".encode()).decode()
    grant = {"grant_type": "password", "username": settings.username, "password": settings.password}
    with TestClient(app) as client:
        token = client.post(TOKEN_PATH, json=grant, headers={"Authorization": f"Basic {basic}"}).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        figures = {}
        for name, url in workloads(size).items():
            answer = client.get(url)
            assert answer.status_code == 200, f"{name}: {answer.status_code} {answer.text[:200]}"
            figures[name] = median_ms(lambda url=url: client.get(url), repeat)
    return figures


def report(results: dict[int, dict[str, float]], repeat: int, peak_rss_mb: float) -> list[str]:
    """The table of medians, the ratios and the verdict."""
    sizes = sorted(results)
    smallest, largest = sizes[0], sizes[-1]
    lines = [
        f"Median of {repeat} GETs of a page of 100 through the in-process HTTP stack (Python"
        f" {platform.python_version()}); peak RSS {peak_rss_mb:.0f} MB.",
        "",
        "| workload | "
        + " | ".join(f"{size:,} assets (ms)" for size in sizes)
        + f" | ratio {largest:,} / {smallest:,} |",
        "|---" * (len(sizes) + 2) + "|",
    ]
    verdicts = []
    for name in results[smallest]:
        ratio = results[largest][name] / results[smallest][name]
        cells = " | ".join(f"{results[size][name]:.2f}" for size in sizes)
        lines.append(f"| {name} | {cells} | {ratio:.2f} |")
        verdicts.append(ratio <= TARGET_RATIO)
    met = "met" if all(verdicts) else "NOT met"
    lines += ["", f"Target (at most {TARGET_RATIO}x from {smallest:,} to {largest:,} assets): {met}."]
    return lines


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--sizes", default="10000,100000,1000000", help="family sizes, comma-separated")
    cli.add_argument("--repeat", type=int, default=15, help="GETs per workload and size (the median is kept)")
    cli.add_argument("--out", type=Path, help="also write the table to this file")
    args = cli.parse_args(argv)
    try:
        sizes = sorted({int(size) for size in args.sizes.split(",")})
    except ValueError:
        cli.error(f"--sizes takes integers separated by commas, {args.sizes!r} given")
    if len(sizes) < 2 or sizes[0] < 1 or args.repeat < 1:
        cli.error("--sizes needs two positive sizes or more, --repeat a positive number")
    results = {}
    for size in sizes:
        print(f"page_cost: {size:,} assets ...", file=sys.stderr, flush=True)
        results[size] = measure(size, args.repeat)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    publish(
        "Page cost by family size (issue #12)",
        pinning="one process, the app in-process",
        command=f"python benchmarks/page_cost.py --sizes {','.join(map(str, sizes))} --repeat {args.repeat}",
        body=report(results, args.repeat, peak_rss_mb),
        out=args.out,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
