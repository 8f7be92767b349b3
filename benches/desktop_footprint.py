#!/usr/bin/env python3
"""The desktop app's cold start and memory: shown, closed to the tray, and opened again.

Issue 13's targets: a cold start to the first painted row under 1 s, and under 150 MB of RSS with the window
closed to the tray after a full sync, every process counted (the app and WebKit's WebKitWebProcess and
WebKitNetworkProcess, which are its descendants).

It builds nothing. It runs the app in a virtual display with its own D-Bus session (`xvfb-run -a -s "-screen 0
1280x800x24" dbus-run-session --`, NO_AT_BRIDGE=1), on a fresh data directory (STOREDESK_DATA_DIR, and
XDG_CONFIG_HOME / XDG_DATA_HOME / XDG_CACHE_HOME for the window state and WebKit's data), as the end-to-end tests
do, and:

  a. first launch under tauri-driver (WebDriver): starts the built-in demo as "Try the demo" does (the
     `start_demo` command; STOREDESK_DEMO_AUTO_APPROVE=1 and this script plays the browser), waits until the
     demo's first sync is done (its products and orders stored, sync idle), opens Products (so the next launches
     start there: the UI restores its view) and quits;
  b. cold starts the app (directly, no WebDriver) with STOREDESK_STARTUP_PROBE=1 three times (--launches): the
     app prints `storedesk: first row painted N ms after process start`; the median is reported. The OS file
     cache is warm (only the first launch ever is truly cold);
  c. on the last launch, with the window shown and settled: VmRSS (/proc/PID/status) of the app and of each
     descendant;
  d. closes the window as a person does (the window manager's close: WM_DELETE_WINDOW sent over X11 with
     ctypes), waits --settle seconds and measures again: the app in the tray;
  e. launches the app a second time: the running one (single instance) opens its window again; it waits for the
     window and --settle seconds and measures again.

It prints a table and asserts nothing; it kills every process it started and deletes its temporary folder.

    make app            # or: cargo build --release -p storedesk (with ui/dist built)
    python3 benches/desktop_footprint.py [--app target/debug/storedesk] [--launches 3] [--settle 5]

Debug builds are much bigger and slower than release ones: their figures are not representative.
"""

import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
INSIDE = "STOREDESK_FOOTPRINT_SESSION"  # set once the script runs inside xvfb-run + dbus-run-session
PAINTED = re.compile(r"storedesk: first row painted (\d+) ms after process start")


def log(msg):
    print(f"[footprint] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------------------
# Processes


def children_map():
    """ppid -> [pid] for every process now."""
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree(pid):
    """pid and all its descendants still alive."""
    kids, out, todo = children_map(), [], [pid]
    while todo:
        p = todo.pop()
        if Path(f"/proc/{p}").exists():
            out.append(p)
        todo.extend(kids.get(p, []))
    return out


def name(pid):
    """The program's file name (comm cuts it at 15 characters: "WebKitWebProces")."""
    try:
        argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        return os.path.basename(argv0) or Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def field_kib(path, key):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie


def footprint(pid):
    """[(name, pid, VmRSS KiB, Pss KiB)] of a process and its descendants. VmRSS counts a shared library's pages
    in every process that maps them; Pss splits them between those processes."""
    return [
        (name(p), p, field_kib(f"/proc/{p}/status", "VmRSS:"), field_kib(f"/proc/{p}/smaps_rollup", "Pss:"))
        for p in tree(pid)
    ]


class Started:
    """Every process group this script started, killed (with their descendants) on the way out."""

    def __init__(self):
        self.procs = []

    def spawn(self, argv, **kw):
        proc = subprocess.Popen(argv, start_new_session=True, **kw)
        self.procs.append(proc)
        return proc

    def stop(self, proc, grace=5.0):
        """SIGTERM to the group and to every descendant (a process may leave the group), SIGKILL to what is
        still there after `grace` seconds; returns once all are gone."""
        pids = tree(proc.pid)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline:
                proc.poll()  # reaps our own child
                if not any(alive(pid) for pid in pids):
                    return
                time.sleep(0.1)

    def stop_all(self):
        for proc in reversed(self.procs):
            self.stop(proc, grace=3.0)
        self.procs.clear()


def alive(pid):
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rfind(")") + 2] != "Z"
    except OSError:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, timeout, every=0.25):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


# --------------------------------------------------------------------------------------------------------------
# X11 (ctypes on libX11, which WebKitGTK needs anyway): find the app's window, close it as a window manager does.


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


class XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
        ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong), ("class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]  # fmt: skip


# A window can vanish between listing it and reading it; Xlib's default handler would exit this script then.
X_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda _dpy, _err: 0)


class X11:
    CLIENT_MESSAGE = 33

    def __init__(self):
        x = ctypes.cdll.LoadLibrary("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 4
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int,
            ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
        x.XSetErrorHandler.argtypes = [ctypes.c_void_p]
        x.XSetErrorHandler(ctypes.cast(X_ERROR_HANDLER, ctypes.c_void_p))
        self.x = x
        self.dpy = x.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError(f"cannot open the X display {os.environ.get('DISPLAY')!r}")
        self.root = x.XDefaultRootWindow(self.dpy)
        atom = lambda name: x.XInternAtom(self.dpy, name, 0)  # noqa: E731
        self.pid_atom = atom(b"_NET_WM_PID")
        self.protocols, self.delete = atom(b"WM_PROTOCOLS"), atom(b"WM_DELETE_WINDOW")

    def close(self):
        self.x.XCloseDisplay(self.dpy)

    def _property(self, window, atom):
        """The first 32-bit item of a window property, or None."""
        actual, fmt = ctypes.c_ulong(), ctypes.c_int()
        n, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self.x.XGetWindowProperty(
            self.dpy, window, atom, 0, 1, 0, 0, ctypes.byref(actual), ctypes.byref(fmt), ctypes.byref(n),
            ctypes.byref(after), ctypes.byref(data),
        )  # fmt: skip
        try:
            if status != 0 or not data.value or n.value == 0 or fmt.value != 32:
                return None
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]
        finally:
            if data.value:
                self.x.XFree(data)

    def windows_of(self, pid):
        """Top-level windows of `pid` that are shown (GTK sets _NET_WM_PID; with no window manager running, the
        toplevels are the root's children). GTK's own unmapped helper windows are left out."""
        root_ret, parent_ret = ctypes.c_ulong(), ctypes.c_ulong()
        children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not self.x.XQueryTree(
            self.dpy, self.root, ctypes.byref(root_ret), ctypes.byref(parent_ret), ctypes.byref(children),
            ctypes.byref(n),
        ):  # fmt: skip
            return []
        try:
            found = [children[i] for i in range(n.value)]
        finally:
            if children:
                self.x.XFree(children)
        return [w for w in found if self._property(w, self.pid_atom) == pid and self._viewable(w)]

    def _viewable(self, window):
        attrs = XWindowAttributes()
        return bool(self.x.XGetWindowAttributes(self.dpy, window, ctypes.byref(attrs))) and attrs.map_state == 2

    def request_close(self, window):
        """What a window manager's close button sends: WM_PROTOCOLS / WM_DELETE_WINDOW."""
        ev = XEvent()
        ev.xclient.type = self.CLIENT_MESSAGE
        ev.xclient.window = window
        ev.xclient.message_type = self.protocols
        ev.xclient.format = 32
        ev.xclient.data[0] = self.delete
        ev.xclient.data[1] = 0  # CurrentTime
        self.x.XSendEvent(self.dpy, window, 0, 0, ctypes.byref(ev))
        self.x.XFlush(self.dpy)


# --------------------------------------------------------------------------------------------------------------
# WebDriver (tauri-driver -> WebKitWebDriver), for the first launch only.


class WebDriver:
    def __init__(self, started, driver, app, env, log_path):
        port = free_port()
        self.started = started
        with open(log_path, "w") as log_file:
            self.proc = started.spawn(
                [str(driver), "--port", str(port), "--native-port", str(free_port())],
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        self.base = f"http://127.0.0.1:{port}"
        wait_for("tauri-driver to listen", lambda: self._listening(port), 30)
        caps = {"tauri:options": {"application": str(app)}}
        # tauri-driver listens before WebKitWebDriver does, and drops what comes in meanwhile: try again.
        deadline = time.monotonic() + 30
        while True:
            try:
                session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}}, timeout=120)
                break
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        self.session = f"/session/{session['sessionId']}"
        self.call("POST", f"{self.session}/timeouts", {"script": 120_000})

    @staticmethod
    def _listening(port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    def call(self, method, path, body=None, timeout=150):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.load(resp).get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"WebDriver {method} {path}: {e.code} {e.read()[:300]!r}") from None

    def run(self, script, *args):
        return self.call("POST", f"{self.session}/execute/sync", {"script": script, "args": list(args)})

    def invoke(self, command, args=None):
        """A command called as the UI calls it; its answer as JSON (RuntimeError on a rejection)."""
        script = (
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])"
            ".then((v) => done(JSON.stringify({ ok: v })), (e) => done(JSON.stringify({ err: e })));"
        )
        body = {"script": script, "args": [command, args or {}]}
        for attempt in range(3):
            try:
                answer = json.loads(self.call("POST", f"{self.session}/execute/async", body))
                break
            except ConnectionError:  # tauri-driver sometimes drops a call on a loaded machine
                if attempt == 2:
                    raise
                time.sleep(1)
        if "err" in answer:
            raise RuntimeError(f"{command}: {answer['err']}")
        return answer.get("ok")

    def quit(self):
        # The app is WebKitWebDriver's child, so in tauri-driver's process tree: stopped with it.
        self.started.stop(self.proc)


def first_launch(started, driver, app, env, timeout, log_path):
    """a. The demo, synced once; Products left open for the next launches."""
    wd = WebDriver(started, driver, app, env, log_path)
    try:
        ready = "return !!(window.__TAURI_INTERNALS__ && document.querySelector('[data-testid=nav-shops]'));"
        wait_for("the app's page", lambda: wd.run(ready), 60)
        connect = wd.invoke("start_demo")
        # STOREDESK_DEMO_AUTO_APPROVE=1: the demo marketplace approves at once and redirects to the app's
        # loopback listener; this request is the person's browser.
        with urllib.request.urlopen(connect["authorize_url"], timeout=60) as resp:
            resp.read()
        log("demo connected; waiting for its first sync")
        figures = {"lowStockMax": 5, "days": 30}
        started_at, last, idle_twice = time.monotonic(), None, 0
        while True:
            dash = wd.invoke("dashboard", figures)
            state = wd.invoke("sync_overview")["state"]
            now = (dash["products"], dash["orders"], dash["shipments_open"], state)
            if now != last:
                log(f"  products {now[0]}, orders {now[1]}, open shipments {now[2]}, sync {now[3]}")
                last = now
            idle_twice = idle_twice + 1 if state == "idle" and dash["products"] > 0 and dash["orders"] > 0 else 0
            if idle_twice >= 2:
                break
            if time.monotonic() - started_at > timeout:
                log(f"warning: the sync is not idle after {timeout} s; measuring anyway")
                break
            time.sleep(2)
        synced = time.monotonic() - started_at
        wd.run("document.querySelector('[data-testid=nav-products]').click();")
        wait_for("product rows", lambda: wd.run("return !!document.querySelector('[data-testid=row]');"), 60)
        time.sleep(3)  # WebKit writes localStorage (the view to restore) a moment later
        return dash, synced
    finally:
        wd.quit()


# --------------------------------------------------------------------------------------------------------------
# The measured launches


class Launched:
    """The app started directly; its stderr is kept in a file and watched for the probe's line."""

    def __init__(self, started, app, env):
        self.painted_ms = None
        self.painted = threading.Event()
        self.lines = []
        self.proc = started.spawn([str(app)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line.rstrip())
            m = PAINTED.search(line)
            if m and self.painted_ms is None:
                self.painted_ms = int(m.group(1))
                self.painted.set()


def mib(kib):
    return kib / 1024


def table(columns):
    """columns: [(title, footprint)] -> VmRSS per process name (summed, "xN" when several), the total, and the
    total Pss."""
    names = []
    for _, procs in columns:
        names += [n for n, _, _, _ in procs if n not in names]
    first = max(len(n) for n in names + ["total Pss (shared pages split)"]) + 2
    out = ["VmRSS".ljust(first) + "".join(f"{title:>16}" for title, _ in columns)]
    for row in names:
        cells = []
        for _, procs in columns:
            mine = [rss for n, _, rss, _ in procs if n == row]
            many = f" x{len(mine)}" if len(mine) > 1 else ""
            cells.append(f"{mib(sum(mine)):.1f} MiB{many}" if mine else "-")
        out.append(row.ljust(first) + "".join(f"{c:>16}" for c in cells))
    out.append("-" * len(out[0]))
    for title, col in (("total VmRSS", 2), ("total Pss (shared pages split)", 3)):
        cells = [f"{mib(sum(p[col] for p in procs)):.1f} MiB" for _, procs in columns]
        out.append(title.ljust(first) + "".join(f"{c:>16}" for c in cells))
    return "\n".join(out)


def measure(args, started, tmp, env):
    x11 = X11()
    try:
        dash, synced = first_launch(started, args.driver, args.app, env, args.sync_timeout, tmp / "first-launch.log")
        log(f"first sync done in {synced:.0f} s: {dash['products']} products, {dash['orders']} orders")

        probe_env = dict(env, STOREDESK_STARTUP_PROBE="1")
        cold, app = [], None
        for i in range(args.launches):
            app = Launched(started, args.app, probe_env)
            if not app.painted.wait(60):
                tail = "\n    ".join(app.lines[-8:])
                log(f"warning: launch {i + 1} printed no 'first row painted' line in 60 s; its last lines:\n    {tail}")
            else:
                cold.append(app.painted_ms)
                log(f"launch {i + 1}: first row painted {app.painted_ms} ms after process start")
            if i + 1 < args.launches:
                started.stop(app.proc)
                started.procs.remove(app.proc)
        pid = app.proc.pid

        # c. Shown, settled.
        wait_for("the window", lambda: x11.windows_of(pid), 30)
        time.sleep(args.settle)
        shown = footprint(pid)

        # d. Closed to the tray.
        for window in x11.windows_of(pid):
            x11.request_close(window)
        wait_for("the window to close", lambda: not x11.windows_of(pid), 30)
        time.sleep(args.settle)
        hidden = footprint(pid)
        if app.proc.poll() is not None:
            log("warning: the app exited when its window closed")

        # e. Launched again: the running app opens its window again.
        opened_at = time.monotonic()
        second = started.spawn([str(args.app)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            code = second.wait(60)
        except subprocess.TimeoutExpired:
            code = None
        if code != 0:
            log(f"warning: the second launch did not hand over and exit (exit code {code})")
        wait_for("the window to open again", lambda: x11.windows_of(pid), 30, every=0.05)
        reopen_s = time.monotonic() - opened_at
        time.sleep(args.settle)
        reopened = footprint(pid)
        return cold, reopen_s, [("shown", shown), ("in the tray", hidden), ("reopened", reopened)], dash
    finally:
        x11.close()


# --------------------------------------------------------------------------------------------------------------


def inside(args):
    started = Started()
    tmp = Path(tempfile.mkdtemp(prefix="storedesk-footprint-"))

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    env = dict(
        os.environ,
        STOREDESK_DATA_DIR=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
        NO_AT_BRIDGE="1",
        # No keyring daemon here: the vault key goes to the data dir's 0600 file.
        STOREDESK_KEYRING="off",
        STOREDESK_DEMO_AUTO_APPROVE="1",
    )
    env.pop(INSIDE, None)
    env.pop("STOREDESK_STARTUP_PROBE", None)
    try:
        cold, reopen_s, columns, dash = measure(args, started, tmp, env)
    finally:
        started.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)

    build = "debug build: NOT representative" if "/debug/" in str(args.app) else "release build"
    print(f"\nstoredesk desktop footprint: {args.app} ({build})")
    print(f"demo data: {dash['products']} products, {dash['orders']} orders, fully synced before the launches below")
    if cold:
        runs = ", ".join(str(ms) for ms in cold)
        median = statistics.median(cold)
        print(f"cold start to first painted row: median {median:.0f} ms (runs: {runs}; warm file cache)")
    else:
        print("cold start to first painted row: no measurement (a binary without STOREDESK_STARTUP_PROBE?)")
    print(f"window opened again by a second launch in {reopen_s * 1000:.0f} ms (to mapped; its page loads after)\n")
    print(f"memory of the app and its descendants, {args.settle:.0f} s after each change:")
    print(table(columns))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, help="the storedesk binary (default: target/release, else target/debug)")
    parser.add_argument("--driver", type=Path, default=ROOT / "tools/td/bin/tauri-driver", help="tauri-driver")
    parser.add_argument("--launches", type=int, default=3, help="cold starts for the median (default 3)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait before each measure (default 5)")
    parser.add_argument("--sync-timeout", type=float, default=900, help="seconds to wait for the demo's first sync")
    args = parser.parse_args()

    if args.app is None:
        release, debug = TARGET / "release/storedesk", TARGET / "debug/storedesk"
        if release.exists():
            args.app = release
        elif debug.exists():
            args.app = debug
            log(f"warning: no {release}; measuring the debug build, whose figures are NOT representative")
        else:
            sys.exit(f"no storedesk binary in {TARGET}/release or /debug: build one first (make app)")
    args.app = args.app.resolve()
    if not args.app.exists():
        sys.exit(f"{args.app} does not exist")
    if "/debug/" in str(args.app) and not os.environ.get(INSIDE):
        log("warning: a debug build: its start-up time and memory are NOT representative of a release build")
    newest_source = max(p.stat().st_mtime for p in (ROOT / "src-tauri/src").rglob("*.rs"))
    if args.app.stat().st_mtime < newest_source and not os.environ.get(INSIDE):
        log(f"warning: {args.app} is older than src-tauri/src: rebuild it to measure this checkout")
    if not args.driver.exists():
        sys.exit(f"{args.driver} is missing: `make test-e2e` installs tauri-driver there (or pass --driver)")

    if os.environ.get(INSIDE):
        sys.exit(inside(args))

    # Re-run this script inside a virtual display and a D-Bus session of its own (the single-instance check and
    # the tray talk D-Bus), then both go away with it.
    for tool in ("xvfb-run", "dbus-run-session"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (apt-get install xvfb xauth dbus)")
    argv = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "dbus-run-session", "--", sys.executable]
    argv += [str(Path(__file__).resolve()), "--app", str(args.app), "--driver", str(args.driver)]
    argv += ["--launches", str(args.launches), "--settle", str(args.settle), "--sync-timeout", str(args.sync_timeout)]
    child = subprocess.Popen(argv, env=dict(os.environ, **{INSIDE: "1", "NO_AT_BRIDGE": "1"}), start_new_session=True)
    try:
        sys.exit(child.wait())
    except KeyboardInterrupt:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
        sys.exit(130)


if __name__ == "__main__":
    main()
