// Matching quality and speed (issue #6 §4, §10), for bench/matching.sh.
//
//   matching_bench --work DIR --demands bench/matching/demands.jsonl \
//                  --sizes 10000,100000 --eval-sizes 10000 [--seed 1] [--runs 3] \
//                  [--reuse-model]
//
// For each corpus size, smallest first: loads the demo corpus (iphub demo
// --patents N; a corpus of N is a prefix of a larger one with the same seed, so
// each size only adds documents) into a SQLite database in DIR, indexes it and
// builds the similar-patents model (or, with --reuse-model, keeps the one an
// earlier run saved in DIR: only right for the same size), then
//   - at an --eval-sizes size: ranks every demand of the labelled set with
//     MatchService::Rank and with the baseline (BM25 over the demand's words,
//     restricted to patents in force) and prints precision@10 and recall@50,
//     overall and per demand;
//   - times MatchService::Rank (limit 20) for every demand, --runs times, and
//     prints the median and the 95th percentile in milliseconds.
//
// Labels come from the generator, not from the index or the matcher: an
// application is relevant to a demand when one of its publications is in
// force today (patents::DeriveLegalStatus) and its title, abstract or claims
// contain one of the demand's `relevant_if` phrases (the generator's own task
// phrase, in the demand's language). Results count per application (a CN
// invention's A and B publication are one answer).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "iphub/auth/migrations.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/clock.h"
#include "iphub/base/crypto.h"
#include "iphub/base/strings.h"
#include "iphub/base/utf8.h"
#include "iphub/db/database.h"
#include "iphub/db/migrations.h"
#include "iphub/market/matching.h"
#include "iphub/market/migrations.h"
#include "iphub/patents/demo_corpus.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/search.h"
#include "iphub/workflow/migrations.h"
#include "nlohmann/json.hpp"

namespace {

namespace fs = std::filesystem;
using iphub::base::StrCat;

// 2026-11-28 12:00 in Shanghai: the day legal statuses are derived for.
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;

struct EvalDemand {
  std::string id;
  std::string lang;
  iphub::market::Demand demand;
  std::vector<std::string> relevant_if;
};

std::vector<int64_t> ParseSizes(const std::string& text) {
  std::vector<int64_t> out;
  std::stringstream in(text);
  std::string piece;
  while (std::getline(in, piece, ',')) {
    if (!piece.empty()) out.push_back(std::stoll(piece));
  }
  return out;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool IsCjk(int32_t code_point) { return code_point >= 0x3400 && code_point <= 0x9FFF; }

// The baseline's query: every character bigram and ASCII word of the text, ORed
// (as a Lucene CJK analyzer would search it), in force only.
std::string BaselineQuery(std::string_view text) {
  std::set<std::string> terms;
  std::string previous;
  std::string word;
  size_t pos = 0;
  auto flush_word = [&] {
    if (word.size() >= 3) terms.insert(Lower(word));
    word.clear();
  };
  while (pos < text.size()) {
    const int32_t code_point = iphub::base::NextCodePoint(text, pos);
    if (IsCjk(code_point)) {
      flush_word();
      std::string one;
      iphub::base::AppendCodePoint(one, code_point);
      if (!previous.empty()) terms.insert(previous + one);
      previous = one;
    } else {
      previous.clear();
      if (code_point < 128 && std::isalnum(code_point)) {
        word.push_back(static_cast<char>(code_point));
      } else {
        flush_word();
      }
    }
  }
  flush_word();
  std::string query = "(";
  bool first = true;
  for (const std::string& term : terms) {
    query += StrCat(first ? "" : " OR ", "TAC=\"", term, "\"");
    first = false;
  }
  return query + ") AND LS=valid";
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t at = std::min(values.size() - 1,
                             static_cast<size_t>(fraction * static_cast<double>(values.size())));
  return values[at];
}

struct Scores {
  double precision_at_10 = 0;
  double recall_at_50 = 0;
};

// Precision@10 and recall@50 of a ranked list of applications.
Scores Evaluate(const std::vector<std::string>& ranked, const std::set<std::string>& relevant) {
  Scores scores;
  size_t hits_10 = 0, hits_50 = 0;
  for (size_t at = 0; at < ranked.size() && at < 50; ++at) {
    if (!relevant.count(ranked[at])) continue;
    if (at < 10) ++hits_10;
    ++hits_50;
  }
  scores.precision_at_10 = static_cast<double>(hits_10) / 10.0;
  scores.recall_at_50 =
      relevant.empty() ? 0 : static_cast<double>(hits_50) / static_cast<double>(relevant.size());
  return scores;
}

int Fail(const absl::Status& status, std::string_view what) {
  std::fprintf(stderr, "matching_bench: %s: %s\n", std::string(what).c_str(),
               status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string work, demands_path, sizes_text = "10000", eval_text = "10000";
  uint64_t seed = 1;
  int runs = 3;
  bool reuse_model = false;
  for (int at = 1; at < argc; ++at) {
    if (std::string_view(argv[at]) == "--reuse-model") reuse_model = true;
  }
  for (int at = 1; at + 1 < argc; at += 2) {
    const std::string flag = argv[at];
    if (flag == "--reuse-model") {
      --at;
      continue;
    }
    const std::string value = argv[at + 1];
    if (flag == "--work") work = value;
    if (flag == "--demands") demands_path = value;
    if (flag == "--sizes") sizes_text = value;
    if (flag == "--eval-sizes") eval_text = value;
    if (flag == "--seed") seed = std::stoull(value);
    if (flag == "--runs") runs = std::stoi(value);
  }
  if (work.empty() || demands_path.empty()) {
    std::fprintf(stderr,
                 "usage: matching_bench --work DIR --demands FILE [--sizes N,M] "
                 "[--eval-sizes N] [--seed S] [--runs R]\n");
    return 2;
  }
  if (!iphub::base::InitCrypto().ok()) return 1;
  std::vector<int64_t> sizes = ParseSizes(sizes_text);
  std::sort(sizes.begin(), sizes.end());
  const std::vector<int64_t> eval_sizes = ParseSizes(eval_text);

  std::vector<EvalDemand> demands;
  {
    std::ifstream in(demands_path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      nlohmann::json row = nlohmann::json::parse(line);
      EvalDemand demand;
      demand.id = row["id"];
      demand.lang = row["lang"];
      demand.demand.id = static_cast<int64_t>(demands.size() + 1);
      demand.demand.title = row["title"];
      demand.demand.problem = row["problem"];
      demand.demand.industry = row["industry"];
      demand.demand.region_code = row["region_code"];
      demand.demand.ipc = row.value("ipc", "");
      for (const auto& phrase : row["relevant_if"]) demand.relevant_if.push_back(phrase);
      demands.push_back(std::move(demand));
    }
  }

  fs::create_directories(work);
  auto database =
      iphub::db::Database::Open(StrCat("sqlite:", (fs::path(work) / "iphub.db").string()));
  if (!database.ok()) return Fail(database.status(), "opening the database");
  std::vector<iphub::db::Migration> all;
  for (const auto& migration : iphub::auth::Migrations()) all.push_back(migration);
  for (const auto& migration : iphub::workflow::Migrations()) all.push_back(migration);
  for (const auto& migration : iphub::patents::Migrations()) all.push_back(migration);
  for (const auto& migration : iphub::market::Migrations()) all.push_back(migration);
  if (auto applied = iphub::db::Migrate(**database, all); !applied.ok()) {
    return Fail(applied.status(), "migrating");
  }
  iphub::base::FakeClock clock(kNow);
  const std::string today = iphub::base::ShanghaiDate(kNow);

  std::printf("# matching_bench: %zu demands, seed %llu, today %s\n\n", demands.size(),
              static_cast<unsigned long long>(seed), today.c_str());
  std::vector<std::string> timing_rows;
  for (int64_t size : sizes) {
    const auto load_started = std::chrono::steady_clock::now();
    auto loaded = iphub::patents::LoadCorpus(**database, {.count = size, .seed = seed}, nullptr);
    if (!loaded.ok()) return Fail(loaded.status(), "loading the corpus");
    const double load_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - load_started).count();
    auto index = iphub::patents::PatentIndex::Open(**database, fs::path(work) / "index", clock,
                                                   iphub::patents::IndexAccess::kWriter);
    if (!index.ok()) return Fail(index.status(), "opening the index");
    const auto index_started = std::chrono::steady_clock::now();
    auto indexed = (*index)->CatchUp();
    if (!indexed.ok()) return Fail(indexed.status(), "indexing");
    const double index_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - index_started).count();
    // --reuse-model: the model saved by an earlier run over the same corpus.
    iphub::patents::SimilarModelInfo reused{};
    absl::StatusOr<iphub::patents::SimilarModelInfo> model = reused;
    if (!reuse_model || !fs::exists(fs::path(work) / "index" / "similar" / "MANIFEST")) {
      model = (*index)->RebuildSimilar();
    }
    if (!model.ok()) return Fail(model.status(), "building the similar-patents model");
    std::fprintf(stderr,
                 "size %lld: loaded in %.1f s (%lld new), indexed in %.1f s, model in %.1f s\n",
                 static_cast<long long>(size), load_s, static_cast<long long>(loaded->inserted),
                 index_s, model->seconds);
    iphub::market::MatchService matching(**database, **index, clock);

    if (std::find(eval_sizes.begin(), eval_sizes.end(), size) != eval_sizes.end()) {
      // Labels, from the generator.
      std::map<std::string, std::string> application_of;
      std::vector<std::set<std::string>> relevant(demands.size());
      iphub::patents::CorpusGenerator generator({.count = size, .seed = seed});
      while (generator.HasNext()) {
        iphub::patents::Patent patent = generator.Next();
        application_of[patent.publication_number] = patent.application_number;
        if (iphub::patents::DeriveLegalStatus(patent, today).status !=
            iphub::patents::LegalStatus::kValid) {
          continue;
        }
        std::string text = StrCat(patent.title, "\n", patent.abstract);
        for (const auto& claim : patent.claims) text += "\n" + claim.text;
        const std::string lower = Lower(text);
        for (size_t at = 0; at < demands.size(); ++at) {
          for (const std::string& phrase : demands[at].relevant_if) {
            if (lower.find(Lower(phrase)) != std::string::npos) {
              relevant[at].insert(patent.application_number);
              break;
            }
          }
        }
      }
      std::printf("## Quality at %lld documents\n\n", static_cast<long long>(size));
      std::printf(
          "| Demand | Relevant | Matcher P@10 | Matcher R@50 | Baseline P@10 | "
          "Baseline R@50 | R@50 ceiling |\n|---|---:|---:|---:|---:|---:|---:|\n");
      Scores mine_total, base_total;
      double ceiling_total = 0;
      for (size_t at = 0; at < demands.size(); ++at) {
        const EvalDemand& demand = demands[at];
        auto ranked = matching.Rank(demand.demand, 50);
        if (!ranked.ok()) return Fail(ranked.status(), "matching");
        std::vector<std::string> mine;
        std::set<std::string> seen;
        for (const auto& match : *ranked) {
          auto found = application_of.find(match.publication_number);
          const std::string application =
              found == application_of.end() ? match.publication_number : found->second;
          if (seen.insert(application).second) mine.push_back(application);
        }
        const std::string text =
            StrCat(demand.demand.title, "\n", demand.demand.problem, "\n", demand.demand.industry);
        auto baseline =
            (*index)->Search({.query = BaselineQuery(text), .limit = 120, .snippets = false});
        if (!baseline.ok()) return Fail(baseline.status(), "baseline search");
        std::vector<std::string> theirs;
        seen.clear();
        for (const auto& hit : baseline->hits) {
          if (seen.insert(hit.application_number).second) theirs.push_back(hit.application_number);
        }
        const Scores own = Evaluate(mine, relevant[at]);
        const Scores base = Evaluate(theirs, relevant[at]);
        const double ceiling = relevant[at].empty()
                                   ? 0
                                   : std::min(1.0, 50.0 / static_cast<double>(relevant[at].size()));
        mine_total.precision_at_10 += own.precision_at_10;
        mine_total.recall_at_50 += own.recall_at_50;
        base_total.precision_at_10 += base.precision_at_10;
        base_total.recall_at_50 += base.recall_at_50;
        ceiling_total += ceiling;
        std::printf("| %s %s | %zu | %.2f | %.2f | %.2f | %.2f | %.2f |\n", demand.id.c_str(),
                    demand.demand.title.c_str(), relevant[at].size(), own.precision_at_10,
                    own.recall_at_50, base.precision_at_10, base.recall_at_50, ceiling);
      }
      const double count = static_cast<double>(demands.size());
      std::printf("| **mean** | | **%.3f** | **%.3f** | **%.3f** | **%.3f** | %.3f |\n\n",
                  mine_total.precision_at_10 / count, mine_total.recall_at_50 / count,
                  base_total.precision_at_10 / count, base_total.recall_at_50 / count,
                  ceiling_total / count);
    }

    // Timing: every demand `runs` times (the first call of all, which loads the
    // model, was made above or is made here and not counted).
    (void)matching.Rank(demands.front().demand, 20);
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
      for (const EvalDemand& demand : demands) {
        const auto started = std::chrono::steady_clock::now();
        auto ranked = matching.Rank(demand.demand, 20);
        if (!ranked.ok()) return Fail(ranked.status(), "matching");
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
      }
    }
    timing_rows.push_back(StrCat("| ", size, " | ", times.size(), " | ",
                                 std::to_string(Percentile(times, 0.5)).substr(0, 6), " | ",
                                 std::to_string(Percentile(times, 0.95)).substr(0, 6), " | ",
                                 std::to_string(model->seconds).substr(0, 6), " |"));
  }
  std::printf("## Time to match one demand (MatchService::Rank, limit 20)\n\n");
  std::printf(
      "| Documents | Calls | Median ms | p95 ms | Model build s |\n|---:|---:|---:|---:|---:|\n");
  for (const std::string& row : timing_rows) std::printf("%s\n", row.c_str());
  return 0;
}
