"""The load run's summary from locust's CSV (`--csv PREFIX`): overall and per page, as a table for bench/README.

.venv/bin/python bench/load_summary.py /tmp/medk-load/u40_stats.csv
"""

import csv
import sys

GOAL_MS = 300  # p95, overall and per page (issue #17)


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    print("| страница | запросов | ошибок | медиана, мс | p95, мс | p99, мс | максимум, мс | p95 < 300 мс |")
    print("|---|---|---|---|---|---|---|---|")
    rows.sort(key=lambda r: (r["Name"] == "Aggregated", -float(r["95%"] or 0)))
    for row in rows:
        name = "**всего**" if row["Name"] == "Aggregated" else f"`{row['Name']}`"
        p95 = float(row["95%"] or 0)
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
            f"| {row['99%']} | {float(row['Max Response Time']):.0f} | {'ok' if p95 < GOAL_MS else '**miss**'} |"
        )


if __name__ == "__main__":
    main(sys.argv[1])
