#!/usr/bin/env python3
"""The SQLite peer of bench/landscape.sh (standard library only).

  landscape_peer.py DB QUERIES RUNS OUT.csv

Copies what a landscape report counts out of iphub's SQLite database DB (the canonical JSON
record of every patent) into indexed relational tables, once (the time is printed, not
counted), then for every line "ENGINE QUERY<TAB>SQL PREDICATE" of QUERIES builds the hit set
with the predicate and runs the report's aggregations over it with GROUP BY, RUNS times; writes
"line,query,hits,milliseconds" (the fastest run) to OUT.csv.

The aggregations are those of PatentIndex::BuildLandscape: filings per application, publication
and grant year; applicants ranked, their counts per year, the number of applicants per year and
the year each first appears (new entrants); IPC section, class, subclass and main group ranked;
the co-occurrence of the ten most frequent subclasses; provinces, cities, countries, document
types, inventors; co-applicant pairs among the ten most frequent applicants. Applicants are the
names as written (iphub counts normalised names: the same amount of work). The legal status is
left out (derived from dates and events in iphub, not a column here).
"""
import csv
import json
import sqlite3
import sys
import time


def build_tables(con):
    con.executescript(
        """
        CREATE TEMP TABLE doc(id INTEGER PRIMARY KEY, ad INTEGER, pd INTEGER, gd INTEGER,
                              country TEXT, doc_type TEXT);
        CREATE TEMP TABLE applicant(doc INTEGER, name TEXT, region TEXT);
        CREATE TEMP TABLE inventor(doc INTEGER, name TEXT);
        CREATE TEMP TABLE ipc(doc INTEGER, section TEXT, class TEXT, subclass TEXT, grp TEXT);
        """
    )
    rows = con.execute("SELECT id, record FROM main.patents")
    docs, applicants, inventors, ipcs = [], [], [], []

    def year(text):
        return int(text[:4]) if text and text[:4].isdigit() else None

    for doc, text in rows:
        record = json.loads(text)
        docs.append((doc, year(record.get("application_date")), year(record.get("publication_date")),
                     year(record.get("grant_date")), record.get("country"), record.get("type")))
        for party in record.get("applicants", []):
            applicants.append((doc, party.get("name"), party.get("region_code")))
        for party in record.get("inventors", []):
            inventors.append((doc, party.get("name")))
        seen = set()
        for item in record.get("ipc", []):
            symbol = item.get("symbol", "").replace(" ", "")
            if not symbol:
                continue
            slash = symbol.find("/")
            group = symbol[:slash] + "/00" if slash >= 0 else None
            key = (symbol[:1], symbol[:3], symbol[:4], group)
            if key not in seen:
                seen.add(key)
                ipcs.append((doc,) + key)
    con.executemany("INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?)", docs)
    con.executemany("INSERT INTO applicant VALUES (?, ?, ?)", applicants)
    con.executemany("INSERT INTO inventor VALUES (?, ?)", inventors)
    con.executemany("INSERT INTO ipc VALUES (?, ?, ?, ?, ?)", ipcs)
    con.executescript(
        """
        CREATE INDEX temp.applicant_doc ON applicant(doc);
        CREATE INDEX temp.inventor_doc ON inventor(doc);
        CREATE INDEX temp.ipc_doc ON ipc(doc);
        CREATE INDEX temp.ipc_subclass ON ipc(subclass);
        CREATE INDEX temp.doc_ad ON doc(ad);
        CREATE INDEX temp.doc_country ON doc(country);
        ANALYZE temp;
        """
    )


# The report's aggregations over the table `hits(doc)`.
REPORT = [
    "SELECT d.ad, COUNT(*) FROM hits h JOIN doc d ON d.id = h.doc GROUP BY d.ad",
    "SELECT d.pd, COUNT(*) FROM hits h JOIN doc d ON d.id = h.doc GROUP BY d.pd",
    "SELECT d.gd, COUNT(*) FROM hits h JOIN doc d ON d.id = h.doc GROUP BY d.gd",
    # applicants: ranked, per year, applicants per year, first years (entrants)
    "CREATE TEMP TABLE ha AS SELECT DISTINCT a.name, a.region, h.doc, d.ad FROM hits h "
    "JOIN applicant a ON a.doc = h.doc JOIN doc d ON d.id = h.doc",
    "SELECT name, COUNT(DISTINCT doc) AS n FROM ha GROUP BY name ORDER BY n DESC, name LIMIT 10",
    "SELECT COUNT(DISTINCT name) FROM ha",
    "SELECT name, ad, COUNT(DISTINCT doc) FROM ha WHERE name IN (SELECT name FROM ha GROUP BY name "
    "ORDER BY COUNT(DISTINCT doc) DESC, name LIMIT 10) GROUP BY name, ad",
    "SELECT ad, COUNT(DISTINCT name) FROM ha GROUP BY ad",
    "SELECT first, COUNT(*) FROM (SELECT name, MIN(ad) AS first FROM ha GROUP BY name) GROUP BY first",
    # places, types, inventors
    "SELECT substr(region, 1, 2) || '0000', COUNT(DISTINCT doc) FROM ha WHERE region IS NOT NULL "
    "GROUP BY 1",
    "SELECT substr(region, 1, 4) || '00', COUNT(DISTINCT doc) FROM ha WHERE region IS NOT NULL "
    "AND substr(region, 3, 2) <> '00' GROUP BY 1",
    "SELECT d.country, COUNT(*) FROM hits h JOIN doc d ON d.id = h.doc GROUP BY d.country",
    "SELECT d.doc_type, COUNT(*) FROM hits h JOIN doc d ON d.id = h.doc GROUP BY d.doc_type",
    "SELECT i.name, COUNT(DISTINCT h.doc) AS n FROM hits h JOIN inventor i ON i.doc = h.doc "
    "GROUP BY i.name ORDER BY n DESC LIMIT 10",
    # IPC at four levels, and the co-occurrence of the top subclasses
    "CREATE TEMP TABLE hi AS SELECT i.* FROM hits h JOIN ipc i ON i.doc = h.doc",
    "SELECT section, COUNT(DISTINCT doc) AS n FROM hi GROUP BY section ORDER BY n DESC",
    "SELECT class, COUNT(DISTINCT doc) AS n FROM hi GROUP BY class ORDER BY n DESC LIMIT 10",
    "SELECT subclass, COUNT(DISTINCT doc) AS n FROM hi GROUP BY subclass ORDER BY n DESC LIMIT 10",
    "SELECT grp, COUNT(DISTINCT doc) AS n FROM hi WHERE grp IS NOT NULL GROUP BY grp "
    "ORDER BY n DESC LIMIT 10",
    "WITH top AS (SELECT subclass FROM hi GROUP BY subclass ORDER BY COUNT(DISTINCT doc) DESC "
    "LIMIT 10), s AS (SELECT DISTINCT doc, subclass FROM hi WHERE subclass IN (SELECT * FROM top)) "
    "SELECT a.subclass, b.subclass, COUNT(*) FROM s a JOIN s b ON a.doc = b.doc "
    "GROUP BY a.subclass, b.subclass",
    # co-applicants among the top applicants
    "WITH top AS (SELECT name FROM ha GROUP BY name ORDER BY COUNT(DISTINCT doc) DESC, name "
    "LIMIT 10), t AS (SELECT DISTINCT doc, name FROM ha WHERE name IN (SELECT * FROM top)) "
    "SELECT a.name, b.name, COUNT(*) FROM t a JOIN t b ON a.doc = b.doc AND a.name < b.name "
    "GROUP BY a.name, b.name",
]


def run_report(con, predicate):
    con.execute("DROP TABLE IF EXISTS temp.hits")
    con.execute("DROP TABLE IF EXISTS temp.ha")
    con.execute("DROP TABLE IF EXISTS temp.hi")
    started = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE hits AS SELECT id AS doc FROM doc d WHERE {predicate}")
    hits = con.execute("SELECT COUNT(*) FROM hits").fetchone()[0]
    for sql in REPORT:
        con.execute(sql).fetchall()
    return hits, (time.perf_counter() - started) * 1000


def main():
    db, queries, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("PRAGMA cache_size = -1000000")
    started = time.perf_counter()
    build_tables(con)
    print(f"sqlite tables built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with open(queries, encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as o:
        writer = csv.writer(o)
        writer.writerow(["line", "query", "hits", "milliseconds"])
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            query, predicate = line.split("\t")
            best, hits = None, 0
            for _ in range(runs):
                hits, ms = run_report(con, predicate)
                best = ms if best is None else min(best, ms)
            writer.writerow([number, query, hits, f"{best:.1f}"])


if __name__ == "__main__":
    main()
