#!/usr/bin/env python3
"""A full first sync of a MercadoLibre shop: storedesk-cli against a plain Python script, process against process.

For each size N (default 20000 and 100000; BENCH_FULL_SIZES="2000 20000" overrides) it starts the release
storedesk-sim with N items and N orders (each order has a shipment) on a free loopback port, and:

  1. storedesk: a fresh data directory, `shop add mercadolibre` pointed at the sim, `shop connect --no-browser`
     (this script plays the browser: the sim auto-approves), then times `storedesk-cli sync SHOP`, whose default
     resource set is products, orders and shipments;
  2. Python: a fresh sim again (same seed, so the same data), an access token got once through the same OAuth
     flow, then times `benches/python/reference_sync.py` (sequential requests + sqlite3, a Celery task's shape).

Only the sync process is timed, from spawn to exit: wall seconds, user and system CPU seconds and peak RSS from
os.wait4 (the child alone; ru_maxrss is KiB on Linux). Records = items + orders + shipments stored, the same
definition for both: storedesk's are counted in its storedesk.db (products, orders, shipments rows), the
script's come from its JSON output. The sim runs on the same machine and its own CPU is not counted.

It prints a table per size and the ratio of storedesk's records/s to Python's. It asserts nothing; it exits
non-zero only when a process fails.

    cargo build --release -p storedesk-sim -p storedesk-cli
    python3 benches/full_sync.py [--sim PATH] [--cli PATH]

Paths default to $CARGO_TARGET_DIR/release (or target/release) of this checkout. Needs `requests`.
"""

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "python" / "reference_sync.py"
sys.path.insert(0, str(REFERENCE.parent))
sys.dont_write_bytecode = True  # no __pycache__ left in the checkout by the import below
import reference_sync  # noqa: E402  (its OAuth helper gets the Python run its token)

DEFAULT_SIZES = "20000 100000"


class Failed(Exception):
    """A child process failed: the benchmark stops and exits non-zero."""


@dataclass
class Measured:
    """One timed child process."""

    wall: float
    user: float
    sys: float
    maxrss_kib: int
    records: int = 0
    requests: int = 0
    stored: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------------------
# Processes


def run_measured(argv, env, workdir, name):
    """Runs argv to its end with stdout and stderr in files; returns its wall time and rusage, and its stdout."""
    out_path, err_path = workdir / f"{name}.out", workdir / f"{name}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        # wait4 rather than Popen.wait: it returns this child's own resource usage (CPU, peak RSS).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits for it again
    if proc.returncode != 0:
        raise Failed(f"{name} exited with {proc.returncode}:\n{tail(err_path)}")
    measured = Measured(wall=wall, user=usage.ru_utime, sys=usage.ru_stime, maxrss_kib=usage.ru_maxrss)
    return measured, out_path.read_text()


def tail(path, lines=20):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def run_checked(argv, env, what):
    """A short untimed step (shop add ...); its stdout."""
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise Failed(f"{what} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return done.stdout


class Sim:
    """A storedesk-sim process on a free loopback port (it binds 127.0.0.1; port 0 lets the OS choose)."""

    def __init__(self, binary, size, log_path):
        argv = [str(binary), "--port", "0", "--items", str(size), "--orders", str(size), "--auto-approve"]
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.info = {}
        # It prints base_url=, client_id=, client_secret=, seller_id= (in that order), then serves.
        for line in self.proc.stdout:
            key, _, value = line.strip().partition("=")
            self.info[key] = value
            if key == "seller_id":
                break
        missing = {"base_url", "client_id", "client_secret", "seller_id"} - self.info.keys()
        if missing:
            self.stop()
            raise Failed(f"storedesk-sim did not print {sorted(missing)}:\n{tail(log_path)}")

    @property
    def url(self):
        return self.info["base_url"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # its Ctrl-C: a clean shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# --------------------------------------------------------------------------------------------------------------
# storedesk


def cli_env():
    env = dict(os.environ, STOREDESK_KEYRING="off")  # the vault key in a file: no keyring on a bench machine
    env.pop("RUST_LOG", None)
    return env


def storedesk_connect(cli, data_dir, sim, env):
    """`shop add` + `shop connect --no-browser`; returns the shop id."""
    base = [str(cli), "--data-dir", str(data_dir)]
    shop = run_checked(
        base
        + ["shop", "add", "mercadolibre", "--name", "Bench", "--site", "MLA", "--api-base", sim.url]
        + ["--auth-base", sim.url, "--client-id", sim.info["client_id"], "--client-secret", sim.info["client_secret"]],
        env,
        "shop add",
    ).strip()
    with open(data_dir / "connect.err", "wb") as err:
        argv = base + ["shop", "connect", shop, "--no-browser"]
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, env=env, text=True)
        # It prints the authorization URL and waits on a one-shot loopback listener. Playing the browser: the sim
        # auto-approves, so GET-ting the URL redirects at once to that listener with the code.
        authorize_url = proc.stdout.readline().strip()
        requests.get(authorize_url, timeout=30)
        try:
            out, _ = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise Failed("shop connect did not finish")
    if proc.returncode != 0:
        raise Failed(f"shop connect exited with {proc.returncode}:\n{tail(data_dir / 'connect.err')}")
    return shop


STOREDESK_TABLES = ("products", "product_variants", "orders", "order_items", "shipments")


def storedesk_counts(data_dir):
    db = sqlite3.connect(f"file:{data_dir / 'storedesk.db'}?mode=ro", uri=True)
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in STOREDESK_TABLES}
    finally:
        db.close()


def bench_storedesk(cli, sim_binary, size, workdir):
    data_dir = workdir / "storedesk-data"
    data_dir.mkdir()
    env = cli_env()
    with Sim(sim_binary, size, workdir / "sim-storedesk.log") as sim:
        shop = storedesk_connect(cli, data_dir, sim, env)
        # No --resource: the default ("all") is a MercadoLibre shop's products, orders and shipments.
        argv = [str(cli), "--data-dir", str(data_dir), "sync", shop, "--json"]
        m, out = run_measured(argv, env, workdir, "storedesk-sync")
    summaries = json.loads(out)
    not_ok = [(s.get("resource"), s.get("status"), s.get("error")) for s in summaries if s.get("status") != "ok"]
    if not_ok:
        raise Failed(f"storedesk sync runs did not end ok: {not_ok}")
    m.requests = sum(s.get("requests", 0) for s in summaries)
    # Where storedesk's time went, by resource (its own run log's figures).
    m.phases = {s.get("resource"): (s.get("seconds", 0.0), s.get("requests", 0)) for s in summaries}
    m.stored = storedesk_counts(data_dir)
    m.records = m.stored["products"] + m.stored["orders"] + m.stored["shipments"]
    return m


# --------------------------------------------------------------------------------------------------------------
# Python


def bench_python(sim_binary, size, workdir):
    with Sim(sim_binary, size, workdir / "sim-python.log") as sim:
        # The token is got once beforehand, as storedesk's is by `shop connect`: only the sync is timed.
        token = reference_sync.Client(sim.url).authorize(sim.info["client_id"], sim.info["client_secret"])
        argv = [sys.executable, str(REFERENCE), "--base-url", sim.url, "--db", str(workdir / "reference.db")]
        argv += ["--access-token", token["access_token"], "--seller-id", sim.info["seller_id"]]
        m, out = run_measured(argv, dict(os.environ), workdir, "python-sync")
    report = json.loads(out)
    m.stored, m.records, m.requests = report["stored"], report["records"], report["requests"]
    return m


# --------------------------------------------------------------------------------------------------------------
# Report


def rate(m):
    return m.records / m.wall if m.wall > 0 else 0.0


def cpu_per_1k(m):
    return (m.user + m.sys) / m.records * 1000 if m.records else float("nan")


def print_table(size, results):
    print(f"\nfull sync, {size:,} items + {size:,} orders (+ their shipments)")
    columns = ("wall s", "CPU user s", "CPU sys s", "records", "records/s", "CPU s/1k rec", "peak RSS MB", "requests")
    print("{:<10} {:>8} {:>11} {:>10} {:>9} {:>10} {:>13} {:>12} {:>9}".format("", *columns))
    for name, m in results.items():
        print(
            f"{name:<10} {m.wall:>8.2f} {m.user:>11.2f} {m.sys:>10.2f} {m.records:>9,} {rate(m):>10,.0f} "
            f"{cpu_per_1k(m):>13.3f} {m.maxrss_kib / 1024:>12.1f} {m.requests:>9,}"
        )
    for name, m in results.items():
        print(f"  {name} stored: " + ", ".join(f"{k} {v:,}" for k, v in m.stored.items()))
    phases = getattr(results["storedesk"], "phases", {})
    if phases:
        print("  storedesk by resource: " + ", ".join(f"{r} {s:.1f} s ({n:,} requests)" for r, (s, n) in phases.items()))
    sd, py = results["storedesk"], results["python"]
    ratio = rate(sd) / rate(py) if rate(py) else float("nan")
    print(f"storedesk records/s / python records/s = {ratio:.2f}")
    sys.stdout.flush()


def default_binary(name):
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    return target / "release" / name


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sim", type=Path, default=default_binary("storedesk-sim"), help="release storedesk-sim")
    p.add_argument("--cli", type=Path, default=default_binary("storedesk-cli"), help="release storedesk-cli")
    args = p.parse_args()
    for path in (args.sim, args.cli):
        if not path.is_file():
            p.error(f"{path} not found: cargo build --release -p storedesk-sim -p storedesk-cli")
    return args


def main():
    args = parse_args()
    sizes = [int(s) for s in os.environ.get("BENCH_FULL_SIZES", DEFAULT_SIZES).split()]
    try:
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix=f"storedesk-full-sync-{size}-") as tmp:
                workdir = Path(tmp)
                results = {
                    "storedesk": bench_storedesk(args.cli, args.sim, size, workdir),
                    "python": bench_python(args.sim, size, workdir),
                }
                print_table(size, results)
    except Failed as e:
        print(f"full_sync: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
