"""`make bench` / `make bench-quick`: one table of figures, each next to its floor measured in the same run.

1. The generated data live in their own database (national: `medk_bench_national`, quick: `medk_bench_quick`;
   BENCH_DB overrides). It is generated once (migrate, bench/generate.py, bench/generate_monitoring.py,
   bench/year.py) and regenerated only when the migrations or the generators change (a fingerprint is kept
   in it). No benchmark ever connects to it.
2. Each run works on a copy (`CREATE DATABASE … TEMPLATE …`, dropped at the end): bench/figures.py writes there.
3. It prints the table (figure, floor, ratio, goal, load average) and one line per figure:
   `BENCH <name> ratio=<x> goal=<y> ok|miss` (or `ms=<x>` / `n=<x>` where the goal is a time or a count).

PostgreSQL at BENCH_DATABASE_URL (default: DATABASE_URL's server, else postgres://postgres@127.0.0.1:5432).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SCALES = {
    # generator arguments, then figures arguments
    "national": {
        "generate": ["--schools", "3000", "--answers", "1000000"],
        "monitoring": ["--big", "1000", "--second", "300"],
        "figures": ["--requests", "30", "--repeat", "3", "--posts", "200", "--schools", "10000"],
    },
    "quick": {
        "generate": ["--schools", "600", "--answers", "120000"],
        "monitoring": ["--big", "200", "--second", "60"],
        "figures": ["--requests", "15", "--repeat", "2", "--posts", "100", "--schools", "1000"],
    },
}


def server_url() -> str:
    url = (
        os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/"
    )
    parts = urlparse(url)
    return urlunparse(parts._replace(path="/"))


def db_url(name: str) -> str:
    return urlunparse(urlparse(server_url())._replace(path=f"/{name}"))


def admin(sql: str) -> None:
    with psycopg.connect(db_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def fingerprint(scale: str) -> str:
    digest = hashlib.sha256(json.dumps(SCALES[scale]["generate"] + SCALES[scale]["monitoring"]).encode())
    files = sorted(ROOT.glob("*/migrations/*.py")) + [
        ROOT / "bench" / name for name in ("generate.py", "generate_monitoring.py", "year.py", "national.py")
    ]
    for file in files:
        digest.update(str(file.relative_to(ROOT)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def stored_fingerprint(name: str) -> str | None:
    try:
        with psycopg.connect(db_url(name)) as conn:
            row = conn.execute("SELECT value FROM bench_fingerprint").fetchone()
            return row[0] if row else None
    except psycopg.Error:
        return None


def step(title: str, args: list[str], env: dict) -> None:
    started = time.monotonic()
    print(f"· {title}", flush=True)
    subprocess.run([PY, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  {time.monotonic() - started:.0f} с", flush=True)


def ensure_data(name: str, scale: str, env: dict) -> None:
    wanted = fingerprint(scale)
    if stored_fingerprint(name) == wanted:
        print(f"Данные: база {name} уже сгенерирована ({wanted}), не пересоздаю.")
        return
    print(f"Данные: генерирую базу {name} ({scale}) — один раз, дальше она только копируется.")
    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    env = env | {"DATABASE_URL": db_url(name)}
    step("миграции", ["manage.py", "migrate", "--noinput", "-v0"], env)
    step("анкеты и ответы (bench/generate.py)", ["bench/generate.py", *SCALES[scale]["generate"]], env)
    step(
        "мониторинг (bench/generate_monitoring.py)", ["bench/generate_monitoring.py", *SCALES[scale]["monitoring"]], env
    )
    step("год целиком (bench/year.py)", ["bench/year.py"], env)
    with psycopg.connect(db_url(name), autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_fingerprint (value text)")
        conn.execute("INSERT INTO bench_fingerprint VALUES (%s)", [wanted])


def fmt(value, unit="") -> str:
    if value is None:
        return "—"
    text = (f"{value:.2f}" if value < 10 else f"{value:.0f}") if isinstance(value, float) else str(value)
    return f"{text} {unit}".strip()


def bench_line(f: dict) -> str:
    verdict = "" if f["ok"] is None else (" ok" if f["ok"] else " miss")
    goal = "" if f["goal"] is None else f" goal={f['goal']}"
    if f["kind"] == "ratio":
        value = f"ratio={f['ratio']:.2f}" if f["ratio"] is not None else "ratio=—"
        return f"BENCH {f['name']} {value}{goal}{verdict}  ({fmt(f['value'], f['unit'])})"
    key = "ms" if f["kind"] == "ms" else "n"
    return f"BENCH {f['name']} {key}={fmt(f['value'])}{goal}{verdict}"


def table(figures: list[dict]) -> str:
    head = "| что | значение | пол (в этом же прогоне) | отношение | цель | load average | итог |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for f in figures:
        goal = "—"
        if f["goal"] is not None:
            goal = {"ratio": f"≤ {f['goal']}×", "ms": f"< {f['goal']} мс", "count": f"≤ {f['goal']}"}[f["kind"]]
        verdict = "—" if f["ok"] is None else ("ok" if f["ok"] else "**miss**")
        title = f["title"] + (f" ({f['note']})" if f["note"] else "")
        ratio = f"{f['ratio']:.2f}×" if f["ratio"] is not None else "—"
        lines.append(
            f"| {title} | {fmt(f['value'], f['unit'])} | {fmt(f['floor'], f['unit'])} | {ratio} | {goal} "
            f"| {f['load']:.2f} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="малый масштаб (≈ 600 школ), меньше 10 минут")
    parser.add_argument("--only", help="только эти группы: dashboards,school_card,pdf,intake,profiles,import")
    args = parser.parse_args()
    scale = "quick" if args.quick else "national"
    name = os.environ.get("BENCH_DB") or f"medk_bench_{scale}"
    started = time.monotonic()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "medk.settings",
        "LOG_LEVEL": "WARNING",
        # tasks are queued, not run: an import's letters or a refresh of the read model run in a worker
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_URL": "memory://",
    }
    ensure_data(name, scale, env)
    run_db = f"{name}_run"
    admin(f'DROP DATABASE IF EXISTS "{run_db}"')
    admin(f'CREATE DATABASE "{run_db}" TEMPLATE "{name}"')
    figures = []
    load_before = os.getloadavg()
    try:
        extra = ["--only", args.only] if args.only else []
        process = subprocess.Popen(
            [PY, "bench/figures.py", *SCALES[scale]["figures"], *extra],
            cwd=ROOT,
            env=env | {"DATABASE_URL": db_url(run_db)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in process.stdout:
            if line.startswith("FIGURE "):
                figure = json.loads(line[7:])
                figures.append(figure)
                print(bench_line(figure), flush=True)
        if process.wait():
            sys.exit(f"bench/figures.py завершился с кодом {process.returncode}")
    finally:
        admin(f'DROP DATABASE IF EXISTS "{run_db}"')
    when = time.strftime("%d.%m.%Y %H:%M UTC", time.gmtime())
    print(
        f"\n{when}, {os.cpu_count()} ядра, масштаб {scale}; load average перед прогоном "
        f"{load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f}, после {os.getloadavg()[0]:.2f}; "
        f"{time.monotonic() - started:.0f} с\n"
    )
    print(table(figures))
    print()
    for figure in figures:
        print(bench_line(figure))


if __name__ == "__main__":
    main()
