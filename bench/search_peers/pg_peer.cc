// PostgreSQL 15 full-text search as a search peer (bench/search.sh), through
// libpq. Where the other peers take an index directory this one takes a libpq
// connection string (the script starts a throw-away cluster on loopback).
//
// Indexing: the JSONL goes in with COPY, then the indexes are built and the
// tables VACUUM ANALYZEd:
//   patent(id, pn, country, ad, year, title, abstract, claims, applicants, tsv)
//     claims joined by '\n'; ad yyyymmdd; btree indexes on ad and country
//     tsv  tsvector GENERATED … STORED, weights A title, B abstract, C claims,
//          D applicants, in the configuration iphub_en: the default parser with
//          ASCII words stemmed by Snowball english and no stop words (iphub keeps
//          every word; 'simple' would not stem). GIN index.
//     Chinese: the default parser has no CJK segmentation (a run of Han characters
//          is one token), so Chinese is matched as a substring, LIKE '%无人机%',
//          helped by pg_trgm GIN indexes on title, abstract, applicants and on
//          tac(title, abstract, claims) = iphub's TAC. A word of two characters
//          has no trigram: pg_trgm then reads the whole index (exact, but slow).
//   p      a view of patent with the column tac, which queries write
//   ipc(doc, symbol)               btree (symbol, doc); prefixes with LIKE 'H01M%'
//   ipc_subclass(doc, subclass)    the facets' multi-valued fields: one row per
//   applicant(doc, name)           document and distinct value, primary key (doc, value)
// The database must have LC_CTYPE C.UTF-8 (pg_trgm takes Han characters for
// letters only then) and LC_COLLATE C (facet ties ordered by bytes, as iphub).
//
// A line of the query file (bench/search_queries.pg.txt) is one of
//   ts: TSQUERY [;; SQL-CONDITION]   tsv @@ to_tsquery('iphub_en', TSQUERY), ranked by ts_rank
//   sql: SQL-CONDITION [;; RANK]     any condition over the view p, ranked by the
//                                    SQL expression RANK (by id without one)
// For Chinese, RANK is written with zh_tf(title, abstract, claims, 'word'): the
// occurrences of the word weighted as iphub weighs fields (3, 1.5, 1), a term
// frequency without IDF or length normalisation (PostgreSQL has no relevance
// ranking for substring matches).
// The server's peak RSS is not in the client's: the peer prints the peak RSS
// (VmHWM) of its server process to standard error when it ends, read from /proc
// (the server runs on the same machine), as "server peak RSS: N MiB".
// Modes (peer::Mode): count is SELECT count(*); top10 adds the 10 best by RANK;
// facets is one statement: the hits as a MATERIALIZED common table expression,
// their count, and a GROUP BY per facet joined to it.
#include <libpq-fe.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "peer_common.h"

namespace {

class Connection {
 public:
  explicit Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to " + conninfo + ": " + message);
    }
    Exec("SET client_min_messages = warning");
  }
  ~Connection() {
    // VmHWM of the server process serving this connection, in kB.
    std::ifstream status("/proc/" + std::to_string(PQbackendPID(conn_)) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("VmHWM:")) {
        std::fprintf(stderr, "server peak RSS: %lld MiB\n", std::stoll(line.substr(6)) / 1024);
      }
    }
    PQfinish(conn_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` (one or more statements); throws with the server's message.
  void Exec(const std::string& sql) { Query(sql); }

  // The rows of the last statement of `sql`, each column as text ("" for NULL).
  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      throw std::runtime_error(message + "in: " + sql);
    }
    std::vector<std::vector<std::string>> rows(static_cast<size_t>(PQntuples(result)));
    for (int row = 0; row < PQntuples(result); ++row) {
      for (int column = 0; column < PQnfields(result); ++column) {
        rows[static_cast<size_t>(row)].emplace_back(PQgetvalue(result, row, column));
      }
    }
    PQclear(result);
    return rows;
  }

  // COPY `target` FROM STDIN: BeginCopy, then PutCopy with rows in COPY's text
  // format (any number of calls, whole rows or not), then EndCopy.
  void BeginCopy(const std::string& target) {
    PGresult* start = PQexec(conn_, ("COPY " + target + " FROM STDIN").c_str());
    const bool ready = PQresultStatus(start) == PGRES_COPY_IN;
    PQclear(start);
    if (!ready) throw std::runtime_error("COPY " + target + ": " + PQerrorMessage(conn_));
  }
  void PutCopy(const std::string& data) {
    if (!data.empty() && PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
      throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(conn_));
    }
  }
  void EndCopy() {
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(conn_));
    }
    while (PGresult* result = PQgetResult(conn_)) {
      const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      if (!ok) throw std::runtime_error("COPY: " + message);
    }
  }

 private:
  PGconn* conn_;
};

// A value in COPY's text format.
void AppendCopyValue(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += '\n';
    out += value;
  }
  return out;
}

constexpr const char* kSchema = R"sql(
DROP VIEW IF EXISTS p;
DROP TABLE IF EXISTS patent, ipc, ipc_subclass, applicant;
DROP TEXT SEARCH CONFIGURATION IF EXISTS iphub_en;
DROP TEXT SEARCH DICTIONARY IF EXISTS iphub_english_stem;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH DICTIONARY iphub_english_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION iphub_en (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION iphub_en
  ADD MAPPING FOR asciiword, asciihword, hword_asciipart WITH iphub_english_stem;
CREATE OR REPLACE FUNCTION tac(text, text, text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT $1 || E'\n' || $2 || E'\n' || $3 $$;
CREATE OR REPLACE FUNCTION occurrences(text, text) RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (length($1) - length(replace($1, $2, '')))::float8 / length($2) $$;
CREATE OR REPLACE FUNCTION zh_tf(text, text, text, text) RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT 3 * occurrences($1, $4) + 1.5 * occurrences($2, $4) + occurrences($3, $4) $$;
CREATE TABLE patent (
  id int NOT NULL, pn text, country text, ad int, year int,
  title text NOT NULL, abstract text NOT NULL, claims text NOT NULL, applicants text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('iphub_en', title), 'A') ||
    setweight(to_tsvector('iphub_en', abstract), 'B') ||
    setweight(to_tsvector('iphub_en', claims), 'C') ||
    setweight(to_tsvector('iphub_en', applicants), 'D')) STORED);
CREATE TABLE ipc (doc int NOT NULL, symbol text NOT NULL);
CREATE TABLE ipc_subclass (doc int NOT NULL, subclass text NOT NULL);
CREATE TABLE applicant (doc int NOT NULL, name text NOT NULL);
)sql";

constexpr const char* kIndexes = R"sql(
ALTER TABLE patent ADD PRIMARY KEY (id);
CREATE INDEX patent_ad ON patent (ad);
CREATE INDEX patent_country ON patent (country);
CREATE INDEX patent_tsv ON patent USING gin (tsv);
CREATE INDEX patent_tac_trgm ON patent USING gin (tac(title, abstract, claims) gin_trgm_ops);
CREATE INDEX patent_title_trgm ON patent USING gin (title gin_trgm_ops);
CREATE INDEX patent_abstract_trgm ON patent USING gin (abstract gin_trgm_ops);
CREATE INDEX patent_applicants_trgm ON patent USING gin (applicants gin_trgm_ops);
CREATE INDEX ipc_symbol ON ipc (symbol, doc);
ALTER TABLE ipc_subclass ADD PRIMARY KEY (doc, subclass);
ALTER TABLE applicant ADD PRIMARY KEY (doc, name);
CREATE VIEW p AS
  SELECT id, pn, country, ad, year, title, abstract, claims, applicants, tsv,
         tac(title, abstract, claims) AS tac
  FROM patent;
)sql";

void Index(const std::string& corpus, const std::string& conninfo, double& parse_seconds,
           uint64_t& documents) {
  Connection db(conninfo);
  db.Exec(kSchema);
  // One pass over the corpus: the patents stream into COPY as they are read, in
  // pieces of about 1 MB; the rows of the three small tables are kept and copied
  // after (one COPY at a time on a connection).
  std::string rows, ipc_rows, subclass_rows, applicant_rows;
  db.Exec("BEGIN");
  db.BeginCopy("patent (id, pn, country, ad, year, title, abstract, claims, applicants)");
  documents = peer::ReadCorpus(
      corpus,
      [&](const peer::Document& document) {
        const std::string id = std::to_string(document.ordinal);
        rows += id + '\t';
        AppendCopyValue(rows, document.publication_number);
        rows += '\t';
        if (document.country.empty()) {
          rows += "\\N";
        } else {
          AppendCopyValue(rows, document.country);
        }
        rows += '\t';
        if (document.application_date > 0) {
          rows += std::to_string(document.application_date) + '\t' + peer::Year(document);
        } else {
          rows += "\\N\t\\N";
        }
        for (const std::string& text : {document.title, document.abstract, Join(document.claims),
                                        Join(document.applicants)}) {
          rows += '\t';
          AppendCopyValue(rows, text);
        }
        rows += '\n';
        if (rows.size() > (1u << 20)) {
          db.PutCopy(rows);
          rows.clear();
        }
        const auto add = [&id](std::string& out, const std::string& value) {
          out += id + '\t';
          AppendCopyValue(out, value);
          out += '\n';
        };
        for (const std::string& symbol : document.ipc) add(ipc_rows, symbol);
        for (const std::string& subclass : peer::IpcSubclasses(document)) {
          add(subclass_rows, subclass);
        }
        for (const std::string& name : peer::Applicants(document)) add(applicant_rows, name);
      },
      parse_seconds);
  db.PutCopy(rows);
  db.EndCopy();
  for (const auto& [target, data] : {std::pair{"ipc (doc, symbol)", &ipc_rows},
                                     {"ipc_subclass (doc, subclass)", &subclass_rows},
                                     {"applicant (doc, name)", &applicant_rows}}) {
    db.BeginCopy(target);
    db.PutCopy(*data);
    db.EndCopy();
  }
  db.Exec("COMMIT");
  db.Exec(kIndexes);
  db.Exec("VACUUM ANALYZE");
  // Where the bytes are: each table with its TOAST, and its indexes.
  std::string line = "parts:";
  uint64_t total = 0;
  for (const auto& row :
       db.Query("SELECT c.relname, pg_relation_size(c.oid) + "
                "coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY 2 DESC")) {
    const uint64_t bytes = std::stoull(row[1]);
    total += bytes;
    if (bytes >= (1u << 20)) line += " " + row[0] + " " + std::to_string(bytes >> 20) + " MiB,";
  }
  std::printf("%s\nsize_bytes: %llu\n", line.c_str(), static_cast<unsigned long long>(total));
}

std::string Trim(std::string text) {
  const size_t begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

std::string Literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

class PgSearcher : public peer::Searcher {
 public:
  explicit PgSearcher(const std::string& conninfo) : db_(conninfo) {}

  peer::Result Run(const std::string& line, peer::Mode mode) override {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("expected ts: or sql:");
    const std::string kind = line.substr(0, colon);
    const std::string rest = line.substr(colon + 1);
    const size_t split = rest.find(";;");
    const std::string first = Trim(rest.substr(0, split));
    const std::string second = split == std::string::npos ? "" : Trim(rest.substr(split + 2));
    std::string where, rank;
    if (kind == "ts") {
      const std::string query = "to_tsquery('iphub_en', " + Literal(first) + ")";
      where = "tsv @@ " + query + (second.empty() ? "" : " AND (" + second + ")");
      rank = "ts_rank(tsv, " + query + ")";
    } else if (kind == "sql") {
      where = first;
      rank = second;
    } else {
      throw std::runtime_error("unknown kind '" + kind + "'");
    }
    peer::Result result;
    if (mode == peer::Mode::kFacets) {
      Facets(where, result);
      return result;
    }
    result.hits = std::stoull(db_.Query("SELECT count(*) FROM p WHERE " + where).at(0).at(0));
    if (mode == peer::Mode::kCount) return result;
    const std::string order = rank.empty() ? "id" : "(" + rank + ") DESC, id";
    for (const auto& row :
         db_.Query("SELECT pn FROM p WHERE " + where + " ORDER BY " + order + " LIMIT 10")) {
      result.top_ids.push_back(row.at(0));
    }
    return result;
  }

 private:
  void Facets(const std::string& where, peer::Result& result) {
    const auto group = [](int facet, const std::string& table, const std::string& column,
                          const std::string& key) {
      return " UNION ALL (SELECT " + std::to_string(facet) + ", f." + column +
             "::text, count(*) FROM hits JOIN " + table + " f ON f." + key + " = hits.id WHERE f." +
             column + " IS NOT NULL GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT " +
             std::to_string(peer::kFacetValues) + ")";
    };
    const auto rows = db_.Query(
        "WITH hits AS MATERIALIZED (SELECT id FROM p WHERE " + where +
        ") SELECT -1, NULL, count(*) FROM hits" + group(0, "patent", "year", "id") +
        group(1, "ipc_subclass", "subclass", "doc") + group(2, "applicant", "name", "doc"));
    std::vector<std::unordered_map<std::string, uint64_t>> counts(std::size(peer::kFacetNames));
    for (const auto& row : rows) {
      const int facet = std::stoi(row.at(0));
      const uint64_t count = std::stoull(row.at(2));
      if (facet < 0) {
        result.hits = count;
      } else {
        counts[static_cast<size_t>(facet)][row.at(1)] = count;
      }
    }
    for (const auto& facet : counts) result.facets.push_back(peer::TopValues(facet));
  }

  Connection db_;
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(argc, argv, "pg",
                    {.index = Index, .open = [](const std::string& conninfo) {
                       return std::unique_ptr<peer::Searcher>(new PgSearcher(conninfo));
                     }});
}
