"""Where the bench worker's CPU goes, per task: cProfile in each pool process.

With ``BENCH_WORKER_PROFILE=<dir>`` in its environment, the worker of
``bench/handoff.py`` (which imports this module through ``bench.handoff``)
profiles every task it runs, one profile per task name and pool process,
from ``task_prerun`` to ``task_postrun`` (the task's body and Celery's
tracing around it; not the main process's message handling), and counts
the tasks and their CPU time (``time.process_time``). The files are written
to ``<dir>`` at most once a second and when the pool process exits.

    BENCH_WORKER_PROFILE=/tmp/prof .venv/bin/python bench/handoff.py --brokers redis --dossiers 300 --backlog 2000
    .venv/bin/python bench/handoff_profile.py /tmp/prof [--top 30]

The report prints, per task name, the tasks run, the CPU ms per task inside
the task (profiler on, so higher than without it) and cProfile's top
functions by cumulative and by own time. A profiled run's rates are not
the benchmark's figures.
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

_profiles = {}  # task name -> [profile, tasks, cpu seconds]
_state = {"dir": None, "started": None, "last_dump": 0.0}


def _dump():
    directory = _state["dir"]
    pid = os.getpid()
    counts = {}
    for name, (profile, tasks, cpu) in _profiles.items():
        profile.dump_stats(str(directory / f"{pid}-{name}.prof"))
        counts[name] = {"tasks": tasks, "cpu_s": cpu}
    (directory / f"{pid}.json").write_text(json.dumps(counts))
    _state["last_dump"] = time.monotonic()


def _prerun(task_id=None, task=None, **kwargs):
    entry = _profiles.setdefault(task.name, [cProfile.Profile(), 0, 0.0])
    _state["started"] = time.process_time()
    entry[0].enable()


def _postrun(task_id=None, task=None, **kwargs):
    entry = _profiles.get(task.name)
    if entry is None or _state["started"] is None:
        return
    entry[0].disable()
    entry[1] += 1
    entry[2] += time.process_time() - _state["started"]
    _state["started"] = None
    if time.monotonic() - _state["last_dump"] > 1.0:
        _dump()


def install(directory):
    """Connect the profiler to this worker's task signals (pool processes)."""
    from celery.signals import task_postrun, task_prerun, worker_process_shutdown

    _state["dir"] = Path(directory)
    _state["dir"].mkdir(parents=True, exist_ok=True)
    task_prerun.connect(_prerun, weak=False)
    task_postrun.connect(_postrun, weak=False)
    worker_process_shutdown.connect(lambda **kw: _profiles and _dump(), weak=False)


def report(directory, top):
    directory = Path(directory)
    totals = {}
    for counts in directory.glob("*.json"):
        for name, entry in json.loads(counts.read_text()).items():
            total = totals.setdefault(name, {"tasks": 0, "cpu_s": 0.0})
            total["tasks"] += entry["tasks"]
            total["cpu_s"] += entry["cpu_s"]
    for name, total in sorted(totals.items()):
        files = [str(path) for path in directory.glob(f"*-{name}.prof")]
        print(
            f"\n=== {name}: {total['tasks']} tasks, {total['cpu_s'] * 1000 / max(1, total['tasks']):.2f} CPU ms "
            "each inside the task (profiler on)"
        )
        stats = pstats.Stats(*files, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    report(args.directory, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
