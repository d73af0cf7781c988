#!/usr/bin/env python3
"""GUI tests of the console: the real executable under Xvfb on a throwaway database.

screenshots: one PNG (and PPM) per view in the dark and the light theme; each must not be blank.
flow:        real keyboard input with xdotool: filter the feed, keep the filter as a watch, open
             an event, fire a dry-run job, see its run; the run is asserted in the database
             (`switchboard runs --json`, sqlite3), the watch in the saved settings.
signals:     SIGTERM, SIGHUP and SIGINT close the console as Quit does (exit 0, settings saved).
"""
import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

VIEWS = ["feed", "detail", "runs", "lists", "rules", "pointers", "connections", "audit"]


def env_for(tmp):
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["ASAN_OPTIONS"] = "detect_leaks=0"  # Mesa and the X libraries leak by design
    env.pop("SWITCHBOARD_DB", None)
    return env


def run(cmd, env, **kw):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, **kw)
    if r.returncode not in (0, 3):
        sys.exit(f"FAIL: {' '.join(cmd)} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def populate(exe, assets, db, env):
    run([exe, "ingest", os.path.join(assets, "demo", "events.jsonl"), "--db", db], env)
    run([exe, "backends", "add", "dry-run", "--type", "dryrun", "--db", db], env)


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(b"\n", 3)
    assert parts[0] == b"P6", path
    w, h = map(int, parts[1].split())
    return w, h, parts[3]


def check_not_blank(path):
    w, h, px = read_ppm(path)
    assert (w, h) == (1280, 800), f"{path}: {w}x{h}, expected 1280x800"
    step = 3 * 7  # every 7th pixel is plenty
    lum = [px[i] + px[i + 1] + px[i + 2] for i in range(0, len(px) - 2, step)]
    mean = sum(lum) / len(lum)
    var = sum((v - mean) ** 2 for v in lum) / len(lum)
    colours = len({px[i:i + 3] for i in range(0, len(px) - 2, step)})
    assert var > 50 and colours > 20, f"{path} looks blank (variance {var:.1f}, {colours} colours)"
    return var, colours


def screenshots(args, tmp, env):
    db = os.path.join(tmp, "sb.db")
    populate(args.exe, args.assets, db, env)
    for theme in ("dark", "light"):
        out = os.path.join(args.out, theme)
        os.makedirs(out, exist_ok=True)
        run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", args.exe, "--db", db, "--theme", theme,
             "--screenshot-dir", out, "--frames", "12"], env)
        for view in VIEWS:
            var, colours = check_not_blank(os.path.join(out, view + ".ppm"))
            assert os.path.getsize(os.path.join(out, view + ".png")) > 1000
            print(f"{theme}/{view}.png ok (variance {var:.0f}, {colours} colours)")


def xdo(display, *args):
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=20)


def press(display, combo):
    """Presses a key (or ctrl+KEY) the way a person does: held for a few frames. ImGui 1.86 reads
    key state once a frame, so xdotool's instant press-and-release can fall between two frames."""
    keys = combo.split("+")
    for k in keys:
        xdo(display, "keydown", k)
    time.sleep(0.1)
    for k in reversed(keys):
        xdo(display, "keyup", k)


def start_xvfb():
    display = ":%d" % (90 + os.getpid() % 500)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return display, xvfb


def start_console(args, db, display, env):
    """The console on db, its window found, mapped and focused."""
    app_env = {**env, "DISPLAY": display}
    app = subprocess.Popen([args.exe, "--db", db, "--size", "1280x800"], env=app_env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    win = ""
    while time.time() < deadline and not win:
        # --onlyvisible: a window that exists but is not mapped yet cannot take the focus.
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "Switchboard"],
                           capture_output=True,
                           text=True, env={**os.environ, "DISPLAY": display})
        win = r.stdout.split()[0] if r.stdout.split() else ""
        time.sleep(0.3)
    assert win, "the console window never appeared"
    for attempt in range(10):  # the window manager-less Xvfb may refuse focus for a moment
        try:
            xdo(display, "windowfocus", "--sync", win)
            break
        except subprocess.CalledProcessError:
            if attempt == 9:
                raise
            time.sleep(0.3)
    return app


def type_filter(display, text):
    # Give the feed the keyboard by clicking its tab, not a row (a row click would select it).
    xdo(display, "mousemove", "30", "40", "click", "1")
    time.sleep(0.3)
    press(display, "ctrl+f")
    time.sleep(0.3)
    xdo(display, "type", "--delay", "30", text)
    time.sleep(0.3)
    press(display, "Return")  # keeps the filter and leaves the field (Escape would revert it)
    time.sleep(0.3)


def saved_settings(tmp):
    with open(os.path.join(tmp, "config", "switchboard", "settings.json")) as f:
        return json.load(f)


def flow(args, tmp, env):
    db = os.path.join(tmp, "sb.db")
    populate(args.exe, args.assets, db, env)
    display, xvfb = start_xvfb()
    app = None
    try:
        app = start_console(args, db, display, env)
        time.sleep(3.0)  # history load and first frames
        type_filter(display, "kind:module state:ready")
        press(display, "ctrl+s")  # keep the filter as a watch: a dialog asks for a name
        time.sleep(0.5)
        xdo(display, "type", "--delay", "30", "ready modules")  # replaces the proposed name
        press(display, "Return")
        time.sleep(0.5)
        press(display, "Up")  # selects (and opens) the newest matching event
        time.sleep(0.5)
        press(display, "Return")  # brings the detail view to front
        time.sleep(0.5)
        press(display, "f")  # the fire form's job field
        time.sleep(0.5)
        xdo(display, "type", "--delay", "30", "gui-flow-job")
        press(display, "Return")
        run_row = None
        deadline = time.time() + 20
        while time.time() < deadline:
            r = run([args.exe, "runs", "--json", "--db", db], env)
            rows = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
            rows = [x for x in rows if x["job"] == "gui-flow-job"]
            if rows and rows[0]["status"] not in ("queued", "running"):
                run_row = rows[0]
                break
            time.sleep(0.5)
        if not run_row:  # what the console showed, to tell which step it missed
            os.makedirs(args.out, exist_ok=True)
            failed = os.path.join(args.out, "flow-failed.xwd")
            subprocess.run(["xwd", "-root", "-display", display, "-out", failed], check=False)
        assert run_row, "no finished run of gui-flow-job in the database (screen: %s)" % (
            os.path.join(args.out, "flow-failed.xwd"))
        assert run_row["backend"] == "dry-run", run_row
        assert run_row["status"] == "success", run_row
        con = sqlite3.connect(db)
        event_id, = con.execute("SELECT event_id FROM runs WHERE id = ?", (run_row["id"],)).fetchone()
        kind, state = con.execute("SELECT kind, state FROM events WHERE id = ?", (event_id,)).fetchone()
        newest, = con.execute("SELECT max(id) FROM events WHERE kind = 'module' AND state = 'ready'").fetchone()
        assert (kind, state) == ("module", "ready"), (kind, state)
        assert event_id == newest, (event_id, newest)
        print(f"run {run_row['id']} of gui-flow-job on dry-run: {run_row['status']} for event {event_id}")
        # See the run in the Runs view, then quit with the keyboard; the filter is saved.
        press(display, "ctrl+3")
        time.sleep(0.6)
        shot = os.path.join(args.out, "flow-runs.png")
        os.makedirs(args.out, exist_ok=True)
        subprocess.run(["xwd", "-root", "-display", display, "-out", shot + ".xwd"], check=False)
        press(display, "ctrl+q")
        app.wait(timeout=20)
        assert app.returncode == 0, app.stdout.read()
        settings = saved_settings(tmp)
        assert settings["filter"] == "kind:module state:ready", settings
        # The watch on show has had every match read, up to the newest.
        watches = settings["watches"]
        assert [(w["name"], w["filter"]) for w in watches] == [
            ("ready modules", "kind:module state:ready")], watches
        assert watches[0]["seen_event"] == newest, (watches, newest)
    finally:
        if app and app.poll() is None:
            app.kill()
        xvfb.terminate()
        xvfb.wait()


def signals(args, tmp, env):
    """A logout (SIGTERM), a closed terminal (SIGHUP) or Ctrl+C (SIGINT) closes the console as
    Quit does: exit status 0 and the settings of the moment saved. Before, each killed it on the
    spot and the filter typed since the last save was lost."""
    db = os.path.join(tmp, "sb.db")
    populate(args.exe, args.assets, db, env)
    display, xvfb = start_xvfb()
    app = None
    try:
        settings = os.path.join(tmp, "config", "switchboard", "settings.json")
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            if os.path.exists(settings):
                os.remove(settings)  # each launch starts with an empty filter
            app = start_console(args, db, display, env)
            time.sleep(3.0)  # history load and first frames
            wanted = "kind:compose " + sig.name.lower()
            type_filter(display, wanted)
            app.send_signal(sig)
            app.wait(timeout=20)
            out = app.stdout.read()
            assert app.returncode == 0, (sig.name, app.returncode, out)
            assert "closing" in out, out
            assert saved_settings(tmp)["filter"] == wanted, (sig.name, saved_settings(tmp))
            print(f"{sig.name}: exit 0, filter '{wanted}' saved")
    finally:
        if app and app.poll() is None:
            app.kill()
        xvfb.terminate()
        xvfb.wait()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("check", choices=["screenshots", "flow", "signals"])
    p.add_argument("--exe", required=True)
    p.add_argument("--assets", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    if not shutil.which("xvfb-run") or not shutil.which("xdotool"):
        sys.exit("FAIL: xvfb-run and xdotool are needed (apt-get install xvfb xdotool)")
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="sb-gui-")
    try:
        env = env_for(tmp)
        {"screenshots": screenshots, "flow": flow, "signals": signals}[args.check](args, tmp, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
