// SQLite FTS5 as a search peer (bench/search.sh): the text in two FTS5 indexes
// over one content table, the codes and dates in plain indexed tables.
//
//   text(id, title, abstract, claims, applicants)  content, stored once
//   zh   fts5 trigram tokenizer    Chinese: "无人机" is the substring 无人机, as in iphub;
//                                  a pattern needs ≥ 3 characters (a 2-character word
//                                  is written as LIKE '%电池%', a scan of the text)
//   en   fts5 porter unicode61     English: stemmed words (Porter, iphub uses Snowball)
//   doc(id, pn, country, ad, year) indexes on country and ad (yyyymmdd)
//   ipc(doc, symbol)               index on (symbol, doc); prefixes with GLOB 'H01M*'
//   ipc_subclass(doc, subclass)    the facets' multi-valued fields, one row per
//   applicant(doc, name)           document and distinct value (WITHOUT ROWID)
//
// A line of the query file (bench/search_queries.fts5.txt) is one of
//   zh: MATCH-EXPRESSION [;; SQL-CONDITION]
//   en: MATCH-EXPRESSION [;; SQL-CONDITION]
//   sql: SQL-CONDITION
// where the condition may use `d` (the doc row) and, for zh:/en:, the FTS table
// by its name. Modes (peer::Mode): the exact count is SELECT count(*); top10
// adds the 10 best by bm25 with iphub's field weights (title 3, abstract 1.5,
// claims 1), or by id for sql: lines, which match no text; facets is one
// statement: the hits as a MATERIALIZED common table expression, their count,
// and a GROUP BY per facet joined to it.
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "peer_common.h"

namespace {

class Connection {
 public:
  explicit Connection(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path + ": " + message);
    }
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(message + " in: " + sql);
    }
  }
  sqlite3* get() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error(std::string(sqlite3_errmsg(db)) + " in: " + sql);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void Bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  // True while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  }
  void Run() {
    while (Step()) {
    }
    Reset();
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int column) { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += '\n';  // never inside a trigram, so no match spans two claims
    out += value;
  }
  return out;
}

void Index(const std::string& corpus, const std::string& directory, double& parse_seconds,
           uint64_t& documents) {
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  Connection db(directory + "/fts5.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.Exec(
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
      "CREATE TABLE text(id INTEGER PRIMARY KEY, title, abstract, claims, applicants);"
      "CREATE TABLE doc(id INTEGER PRIMARY KEY, pn TEXT, country TEXT, ad INTEGER, year INTEGER);"
      "CREATE TABLE ipc(doc INTEGER, symbol TEXT);"
      "CREATE TABLE ipc_subclass(doc INTEGER, subclass TEXT, PRIMARY KEY(doc, subclass))"
      "  WITHOUT ROWID;"
      "CREATE TABLE applicant(doc INTEGER, name TEXT, PRIMARY KEY(doc, name)) WITHOUT ROWID;"
      "CREATE VIRTUAL TABLE zh USING fts5(title, abstract, claims, applicants,"
      "  content='text', content_rowid='id', tokenize='trigram');"
      "CREATE VIRTUAL TABLE en USING fts5(title, abstract, claims, applicants,"
      "  content='text', content_rowid='id', tokenize='porter unicode61');"
      "INSERT INTO zh(zh, rank) VALUES('rank', 'bm25(3.0, 1.5, 1.0, 1.0)');"
      "INSERT INTO en(en, rank) VALUES('rank', 'bm25(3.0, 1.5, 1.0, 1.0)');"
      "BEGIN;");
  Statement insert_text(db.get(), "INSERT INTO text VALUES(?1, ?2, ?3, ?4, ?5)");
  Statement insert_zh(db.get(),
                      "INSERT INTO zh(rowid, title, abstract, claims, applicants) "
                      "VALUES(?1, ?2, ?3, ?4, ?5)");
  Statement insert_en(db.get(),
                      "INSERT INTO en(rowid, title, abstract, claims, applicants) "
                      "VALUES(?1, ?2, ?3, ?4, ?5)");
  Statement insert_doc(db.get(), "INSERT INTO doc VALUES(?1, ?2, ?3, ?4, ?5)");
  Statement insert_ipc(db.get(), "INSERT INTO ipc VALUES(?1, ?2)");
  Statement insert_subclass(db.get(), "INSERT INTO ipc_subclass VALUES(?1, ?2)");
  Statement insert_applicant(db.get(), "INSERT INTO applicant VALUES(?1, ?2)");
  documents = peer::ReadCorpus(
      corpus,
      [&](const peer::Document& document) {
        const std::string claims = Join(document.claims);
        const std::string applicants = Join(document.applicants);
        for (Statement* insert : {&insert_text, &insert_zh, &insert_en}) {
          insert->Bind(1, document.ordinal);
          insert->Bind(2, document.title);
          insert->Bind(3, document.abstract);
          insert->Bind(4, claims);
          insert->Bind(5, applicants);
          insert->Run();
        }
        insert_doc.Bind(1, document.ordinal);
        insert_doc.Bind(2, document.publication_number);
        insert_doc.Bind(3, document.country);
        if (document.application_date > 0) {
          insert_doc.Bind(4, document.application_date);
          insert_doc.Bind(5, document.application_date / 10000);
        }
        insert_doc.Run();
        for (const std::string& symbol : document.ipc) {
          insert_ipc.Bind(1, document.ordinal);
          insert_ipc.Bind(2, symbol);
          insert_ipc.Run();
        }
        for (const std::string& subclass : peer::IpcSubclasses(document)) {
          insert_subclass.Bind(1, document.ordinal);
          insert_subclass.Bind(2, subclass);
          insert_subclass.Run();
        }
        for (const std::string& name : peer::Applicants(document)) {
          insert_applicant.Bind(1, document.ordinal);
          insert_applicant.Bind(2, name);
          insert_applicant.Run();
        }
      },
      parse_seconds);
  db.Exec(
      "COMMIT;"
      "CREATE INDEX doc_country ON doc(country);"
      "CREATE INDEX doc_ad ON doc(ad);"
      "CREATE INDEX ipc_symbol ON ipc(symbol, doc);"
      "INSERT INTO zh(zh) VALUES('optimize');"
      "INSERT INTO en(en) VALUES('optimize');"
      "ANALYZE;"
      "VACUUM;");  // drops the pages the merges freed, as the other engines compact
  // Where the bytes are: the text tables, each FTS5 index, the rest, and free pages.
  Statement parts(db.get(),
                  "SELECT CASE WHEN name LIKE 'zh%' THEN 'zh' WHEN name LIKE 'en%' THEN 'en' "
                  "WHEN name = 'text' THEN 'text' ELSE 'other' END AS part, sum(pgsize) "
                  "FROM dbstat GROUP BY part ORDER BY part DESC");
  std::string line = "parts:";
  while (parts.Step()) {
    line.append(" ").append(parts.Text(0)).append(" ");
    line.append(std::to_string(parts.Int(1) / 1048576)).append(" MiB,");
  }
  Statement free_pages(db.get(),
                       "SELECT freelist_count * page_size FROM pragma_freelist_count, "
                       "pragma_page_size");
  if (free_pages.Step()) {
    line.append(" free ").append(std::to_string(free_pages.Int(0) / 1048576)).append(" MiB");
  }
  std::printf("%s\n", line.c_str());
}

std::string Trim(std::string text) {
  const size_t begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

class Fts5Searcher : public peer::Searcher {
 public:
  explicit Fts5Searcher(const std::string& directory)
      : db_(directory + "/fts5.db", SQLITE_OPEN_READONLY) {
    db_.Exec("PRAGMA cache_size=-262144; PRAGMA mmap_size=4294967296;");
  }

  peer::Result Run(const std::string& line, peer::Mode mode) override {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) throw std::runtime_error("expected zh:, en: or sql:");
    const std::string kind = line.substr(0, colon);
    std::string rest = line.substr(colon + 1);
    std::string match, condition;
    if (kind == "sql") {
      condition = Trim(rest);
    } else if (kind == "zh" || kind == "en") {
      const size_t split = rest.find(";;");
      match = Trim(rest.substr(0, split));
      if (split != std::string::npos) condition = Trim(rest.substr(split + 2));
    } else {
      throw std::runtime_error("unknown table '" + kind + "'");
    }
    std::string from, where, order;
    if (match.empty()) {
      from = "doc d";
      where = condition;
      order = "d.id";
    } else {
      from = kind + (condition.empty() ? "" : " JOIN doc d ON d.id = " + kind + ".rowid");
      where = kind + " MATCH ?1" + (condition.empty() ? "" : " AND (" + condition + ")");
      order = kind + ".rank";
    }
    const std::string id = match.empty() ? "d.id" : kind + ".rowid";
    peer::Result result;
    if (mode == peer::Mode::kFacets) {
      Facets(id + " AS id FROM " + from + " WHERE " + where, match, result);
      return result;
    }
    Statement count(db_.get(), "SELECT count(*) FROM " + from + " WHERE " + where);
    if (!match.empty()) count.Bind(1, match);
    if (count.Step()) result.hits = static_cast<uint64_t>(count.Int(0));
    if (mode == peer::Mode::kCount) return result;
    Statement top(db_.get(), "SELECT (SELECT pn FROM doc WHERE id = t.id) FROM (SELECT " + id +
                                 " AS id FROM " + from + " WHERE " + where + " ORDER BY " + order +
                                 " LIMIT 10) t");
    if (!match.empty()) top.Bind(1, match);
    while (top.Step()) result.top_ids.push_back(top.Text(0));
    return result;
  }

 private:
  // `hits` selects the matching ids as `id`; ?1 is `match` when there is one.
  void Facets(const std::string& hits, const std::string& match, peer::Result& result) {
    const auto group = [](int facet, const std::string& table, const std::string& column,
                          const std::string& key) {
      return " UNION ALL SELECT * FROM (SELECT " + std::to_string(facet) + ", f." + column +
             ", count(*) FROM hits JOIN " + table + " f ON f." + key + " = hits.id WHERE f." +
             column + " IS NOT NULL GROUP BY f." + column + " ORDER BY 3 DESC, 2 LIMIT " +
             std::to_string(peer::kFacetValues) + ")";
    };
    Statement facets(db_.get(), "WITH hits(id) AS MATERIALIZED (SELECT " + hits +
                                    ") SELECT -1, NULL, count(*) FROM hits" +
                                    group(0, "doc", "year", "id") +
                                    group(1, "ipc_subclass", "subclass", "doc") +
                                    group(2, "applicant", "name", "doc"));
    if (!match.empty()) facets.Bind(1, match);
    // The rows of a compound SELECT come in no promised order: sort them here.
    std::vector<std::unordered_map<std::string, uint64_t>> counts(std::size(peer::kFacetNames));
    while (facets.Step()) {
      const int64_t facet = facets.Int(0);
      const auto count = static_cast<uint64_t>(facets.Int(2));
      if (facet < 0) {
        result.hits = count;
      } else {
        counts[static_cast<size_t>(facet)][facets.Text(1)] = count;
      }
    }
    for (const auto& facet : counts) result.facets.push_back(peer::TopValues(facet));
  }

  Connection db_;
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(argc, argv, "fts5",
                    {.index = Index, .open = [](const std::string& directory) {
                       return std::unique_ptr<peer::Searcher>(new Fts5Searcher(directory));
                     }});
}
