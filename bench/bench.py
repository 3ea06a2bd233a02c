#!/usr/bin/env python3
"""bench.py - `compose config` against `docker-compose config -q`.

    python3 bench/bench.py PATH-TO-MYC      (make bench runs it)

For 10, 100 and 1000 services (bench/gen.py), runs our `compose config` and
docker-compose's `config -q` on what ours generated, and prints the median
wall time and the peak RSS of each, then the ratios issue 3 item 7 asks for,
each with PASS or MISS.  The ratios are not asserted: exit 0 whatever they
are, 1 when something is broken (compose config fails, docker-compose
rejects our output or is missing: the comparison is then SKIPped and ours
still measured), 2 on bad usage.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen  # noqa: E402 (after the line above on purpose)

SIZES = (10, 100, 1000)
PROJECT = "bench"
# minimum runs and seconds spent per measurement; at most MAX_RUNS
OURS_RUNS, OURS_SECONDS, MAX_RUNS = 10, 1.0, 200
PEER_RUNS = {10: 3, 100: 5, 1000: 2}
TARGET_RATIO, TARGET_MIB, TARGET_GROWTH = 0.1, 10.0, 12.0
# what the environment may set that would change what compose reads
UNSET = ("COMPOSE_YML_FILE", "DEFAULT_COMPOSE_FILE", "COMPOSE_PROJECT_NAME",
         "COMPOSE_ADD_CONTENT_FILE", "COMPOSE_DEBUG")


class Broken(Exception):
    """Something the benchmark needs does not work."""


def gnu_time():
    """GNU time's path, or None."""
    for t in ("/usr/bin/time", shutil.which("gtime") or "gtime"):
        try:
            v = subprocess.run([t, "--version"], capture_output=True,
                               text=True, timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if "GNU" in v.stdout + v.stderr:
            return t
    return None


GNU_TIME = gnu_time()


def run_once(argv, env, cwd, out=os.devnull):
    """(seconds, exit status, stderr, peak RSS in bytes) of one run."""
    with open(out, "wb") as o, tempfile.TemporaryFile() as e:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=o,
                             stderr=e, env=env, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        took = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        e.seek(0)
        err = e.read().decode(errors="replace")
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    rss = ru.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return took, p.returncode, err, rss


def checked(argv, env, cwd):
    """run_once(), raising Broken on a non-zero exit."""
    took, code, err, rss = run_once(argv, env, cwd)
    if code:
        raise Broken("%s exited with %d:\n%s" % (argv[0], code, err))
    return took, rss


def median_time(argv, env, cwd, min_runs, min_seconds=0.0):
    """(median seconds, runs) after one warm-up run."""
    times = []
    checked(argv, env, cwd)
    while len(times) < min_runs or (sum(times) < min_seconds and
                                    len(times) < MAX_RUNS):
        times.append(checked(argv, env, cwd)[0])
    return statistics.median(times), len(times)


def peak_rss(argv, env, cwd, runs):
    """Largest peak RSS of some runs, in bytes.

    Through GNU time, a small C program: the peak RSS of a process forked
    by Python starts at Python's own (about 14 MiB, as the kernel carries it
    across exec), whether read with wait4() or getrusage(RUSAGE_CHILDREN).
    Without GNU time, that is what we get: an upper bound, flagged as such.
    """
    peak = 0
    for _ in range(runs):
        if GNU_TIME:
            with tempfile.NamedTemporaryFile(mode="r") as f:
                checked([GNU_TIME, "-f", "%M", "-o", f.name] + argv, env,
                        cwd)
                rss = int(f.read().split()[-1]) * 1024
        else:
            rss = checked(argv, env, cwd)[1]
        peak = max(peak, rss)
    return peak


def measure(argv, env, cwd, min_runs, min_seconds, rss_runs):
    """(median seconds, peak bytes, runs)."""
    t, runs = median_time(argv, env, cwd, min_runs, min_seconds)
    return t, peak_rss(argv, env, cwd, rss_runs), runs


def ours_env(d):
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(CHARM_STORE=os.path.join(os.path.dirname(
                   os.path.abspath(__file__)), "charms"),
               DATASTORE=os.path.join(d, "data"),
               CONFIGSTORE=os.path.join(d, "config"),
               COMPOSE_STATE_DIR=os.path.join(d, "state"),
               COMPOSE_LOCAL_CONF="/dev/null")
    return env


def prepare(myc, n, root):
    """Generate the project of n services and our output for it."""
    d = os.path.join(root, "n%d" % n)
    os.makedirs(d)
    argv = [myc, "compose", "-f", gen.write_project(n, d), "-p", PROJECT,
            "config"]
    out = os.path.join(d, "docker-compose.yml")
    _, code, err, _ = run_once(argv, ours_env(d), d, out)
    if code:
        raise Broken("compose config failed on %d services (exit %d):\n%s"
                     % (n, code, err))
    with open(out) as f:
        text = f.read()
    # the recorded hook fragments must have been merged: else the input
    # format changed under the benchmark and it measures less than it says
    if "DB_PASSWORD:" not in text or "\n  app-0:\n" not in text:
        raise Broken("compose config on %d services: output lacks app-0 or "
                     "the recorded hook fragments (%s)" % (n, out))
    return d, argv, out


def fmt_time(s):
    return "%.1f ms" % (s * 1e3) if s < 1 else "%.2f s" % s


def fmt_mib(b):
    return "%.1f MiB" % (b / 1048576.0)


def peer_version(dc):
    try:
        v = subprocess.run([dc, "version", "--short"], capture_output=True,
                           text=True, timeout=60, check=False)
        return v.stdout.strip() or "unknown version"
    except (OSError, subprocess.SubprocessError):
        return "unknown version"


ROW = "%8s | %9s %4s %9s | %9s %4s %9s | %6s | %s"


def row(n, ours, peer, out):
    t, rss, runs = ours
    if peer:
        pt, prss, pruns = peer
        p = (fmt_time(pt), pruns, fmt_mib(prss), "%.3f" % (t / pt))
    else:
        p = ("SKIP", "", "", "SKIP")
    return ROW % ((n, fmt_time(t), runs, fmt_mib(rss)) + p +
                  ("%d KiB" % (os.path.getsize(out) // 1024),))


def bench(myc, root):
    dc = shutil.which("docker-compose")
    ours, peer = {}, {}
    print("compose config: %s" % myc)
    print("docker-compose config -q: %s"
          % ("%s %s" % (dc, peer_version(dc)) if dc else "SKIP (missing)"))
    print("time: median of the runs; peak: largest maximum RSS\n")
    print("%8s | %-24s | %-24s | %6s |" % ("", "ours", "docker-compose",
                                          "ours /"))
    print(ROW % ("services", "time", "runs", "peak", "time", "runs", "peak",
                 "theirs", "output"))
    for n in SIZES:
        d, argv, out = prepare(myc, n, root)
        ours[n] = measure(argv, ours_env(d), d, OURS_RUNS, OURS_SECONDS, 3)
        if dc:
            peer_argv = [dc, "-f", out, "-p", PROJECT, "config", "-q"]
            try:
                peer[n] = measure(peer_argv, dict(os.environ), d,
                                  PEER_RUNS[n], 0.0, 1)
            except Broken as e:
                raise Broken("docker-compose rejects our output for %d "
                             "services: %s" % (n, e)) from e
        print(row(n, ours[n], peer.get(n), out))
    base = peak_rss([myc, "compose", "--help"], ours_env(root), root, 1)
    print("\nstartup alone (compose --help): %s peak%s" % (fmt_mib(base),
          "" if GNU_TIME else "; GNU time missing: every peak is an upper "
          "bound, a child of Python starting at Python's own"))
    return ours, peer


def target(what, value, goal, ok):
    print("%-40s %8s   target %-9s %s" % (what, value, goal,
                                          "SKIP" if ok is None else
                                          "PASS" if ok else "MISS"))


def report(ours, peer):
    """The ratios of issue 3 item 7, each against its target."""
    print("\nissue 3, item 7:")
    if 100 in peer:
        r = ours[100][0] / peer[100][0]
        target("ours / docker-compose time, 100 services", "%.3f" % r,
               "<= %.1f" % TARGET_RATIO, r <= TARGET_RATIO)
    else:
        target("ours / docker-compose time, 100 services", "-",
               "<= %.1f" % TARGET_RATIO, None)
    mib = ours[100][1] / 1048576.0
    # an upper bound under the target passes; over it, it tells nothing
    target("our peak memory, 100 services (MiB)", "%.1f" % mib,
           "< %.0f" % TARGET_MIB,
           mib < TARGET_MIB if GNU_TIME or mib < TARGET_MIB else None)
    g = ours[1000][0] / ours[100][0]
    target("our time, 1000 / 100 services", "%.1f" % g,
           "<= %.0f" % TARGET_GROWTH, g <= TARGET_GROWTH)


def main(argv):
    sys.stdout.reconfigure(line_buffering=True)  # in order with stderr
    if len(argv) != 2:
        sys.stderr.write("usage: bench.py PATH-TO-MYC\n")
        return 2
    myc = os.path.abspath(argv[1])
    if not os.access(myc, os.X_OK):
        sys.stderr.write("bench: '%s' is not an executable\n" % myc)
        return 1
    root = tempfile.mkdtemp(prefix="myc-bench.")
    try:
        ours, peer = bench(myc, root)
        report(ours, peer)
    except Broken as e:
        sys.stderr.write("bench: BROKEN: %s\n" % e)
        return 1
    finally:
        if os.environ.get("BENCH_KEEP"):
            sys.stderr.write("bench: kept %s\n" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    if not peer:
        sys.stderr.write("bench: BROKEN: docker-compose is not on PATH: "
                         "the comparison was skipped\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
