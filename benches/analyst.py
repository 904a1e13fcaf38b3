"""The "analyst" baseline of `cargo bench --bench perf`: what someone would script with Python's
standard library alone, independent of koe's code.

    python3 benches/analyst.py import DB FILE.jsonl   # JSON Lines into koe's v1 tables, executemany
    python3 benches/analyst.py tally DB OUT_DIR       # counts per question and option, plus a
                                                      # one-row-per-response CSV, from that database

Each prints its own wall time in seconds (after Python has started), as the bench's children do.
"""

import csv
import json
import os
import sqlite3
import sys
import time
import uuid
from collections import Counter, defaultdict

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, survey_id TEXT NOT NULL, label TEXT NOT NULL,
    started_at TEXT NOT NULL, device TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS responses (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL, survey_hash TEXT NOT NULL, started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, submitted_at TEXT, status TEXT NOT NULL,
    in_progress INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS answers (rid INTEGER NOT NULL, question_id TEXT NOT NULL,
    value TEXT NOT NULL, PRIMARY KEY (rid, question_id)) WITHOUT ROWID;
"""


def do_import(db, path):
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.executescript(SCHEMA)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sessions = {}
    responses = []
    answers = []
    conn.execute("BEGIN")
    rid = conn.execute("SELECT coalesce(max(rid), 0) FROM responses").fetchone()[0]
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            label = obj.get("session") or "default"
            if label not in sessions:
                sessions[label] = str(uuid.uuid4())
                conn.execute(
                    "INSERT INTO sessions VALUES (?, 'bench', ?, ?, 'analyst')",
                    (sessions[label], label, now),
                )
            rid += 1
            responses.append((rid, obj.get("id") or str(uuid.uuid4()), sessions[label], "h", now, now, now))
            for qid, value in obj["answers"].items():
                answers.append((rid, qid, json.dumps(value, ensure_ascii=False, separators=(",", ":"))))
            if len(responses) >= 10000:
                flush(conn, responses, answers)
    flush(conn, responses, answers)
    conn.execute("COMMIT")
    conn.close()
    print(time.perf_counter() - start)


def flush(conn, responses, answers):
    conn.executemany(
        "INSERT INTO responses (rid, id, session_id, survey_hash, started_at, updated_at, submitted_at, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted')",
        responses,
    )
    conn.executemany("INSERT INTO answers VALUES (?, ?, ?)", answers)
    responses.clear()
    answers.clear()


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return value
    return json.dumps(value, ensure_ascii=False)


def do_tally(db, out):
    start = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    meta = {}
    for rid, rid_id, label, started, submitted, status in conn.execute(
        "SELECT r.rid, r.id, s.label, r.started_at, r.submitted_at, r.status"
        " FROM responses r JOIN sessions s ON s.id = r.session_id WHERE r.status = 'submitted'"
    ):
        meta[rid] = (rid_id, label, started, submitted, status)
    counts = defaultdict(Counter)
    rows = defaultdict(dict)
    questions = []
    # koe's storage v3: each response row holds its answers as one JSON object.
    for rid, text in conn.execute("SELECT rid, answers FROM responses ORDER BY rid"):
        if rid not in meta:
            continue
        for qid, value in json.loads(text).items():
            if qid not in counts:
                questions.append(qid)
            for v in value if isinstance(value, list) else [value]:
                counts[qid][json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else cell(v)] += 1
            rows[rid][qid] = cell(value)
    with open(os.path.join(out, "summary.csv"), "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["question_id", "option_value", "count", "percent"])
        for qid in questions:
            total = sum(counts[qid].values())
            for value, n in counts[qid].most_common():
                w.writerow([qid, value, n, f"{n * 100 / total:.1f}"])
    with open(os.path.join(out, "responses.csv"), "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["response_id", "session", "started_at", "submitted_at", "status"] + questions)
        for rid, m in meta.items():
            answers = rows.get(rid, {})
            w.writerow(list(m) + [answers.get(q, "") for q in questions])
    print(time.perf_counter() - start)


if __name__ == "__main__":
    {"import": do_import, "tally": do_tally}[sys.argv[1]](sys.argv[2], sys.argv[3])
