// Xapian as a search peer (bench/search.sh).
//
// Indexing: one TermGenerator with FLAG_CJK_NGRAM (Chinese as character unigrams
// and bigrams) and the English Snowball stemmer (STEM_SOME: stemmed terms with a
// Z prefix, exact forms without), positions on. Prefixes:
//   S title, XA abstract, XC claims, XP applicants      (free text, positional)
//   XI IPC at every level (H, H01, H01M, H01M10, H01M10/0525)  boolean
//   XO country                                          boolean
// (with a ':' after the prefix, as QueryParser writes a prefixed term that
// starts with a capital letter: XO:CN)
//   value slot 0: application date as "yyyymmdd"
//   value slots 1-3, the facets: year ("2019"); the distinct IPC subclasses and the
//   distinct applicant names, each a list joined by U+001F (a value slot holds
//   one string per document)
// Claims are indexed one by one with a gap of 100 positions between them, as
// iphub does between the values of a field. The document data is the
// publication number.
//
// Searching: QueryParser with FLAG_CJK_NGRAM, phrases, Boolean operators, pure
// NOT, wildcards and the stemmer; the default field is title + abstract + claims
// (iphub's TAC); field names ti: ab: cl: pa: ipc: co: and the range ad:A..B.
// get_mset(first, max, doccount) makes Xapian look at every match, so the count
// is exact (checked: lower bound == upper bound, else the line is an error).
// Modes (peer::Mode): count asks for no documents, with BoolWeight (no
// ranking); top10 asks for the 10 best by BM25; facets asks for no documents,
// with BoolWeight and three match spies that see every match: a
// ValueCountMatchSpy on the year and, for the two list slots, the same spy over
// each value of the list (Xapian 1.2's MultiValueCountMatchSpy, which 1.4 no
// longer ships).
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "peer_common.h"

namespace {

constexpr Xapian::valueno kApplicationDateSlot = 0;
constexpr Xapian::valueno kYearSlot = 1;
constexpr Xapian::valueno kIpcSubclassSlot = 2;
constexpr Xapian::valueno kApplicantSlot = 3;
constexpr char kListSeparator = '\x1f';

std::string JoinList(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += kListSeparator;
    out += value;
  }
  return out;
}

// Counts each value of a list slot once per matching document.
class ListCountMatchSpy : public Xapian::MatchSpy {
 public:
  explicit ListCountMatchSpy(Xapian::valueno slot) : slot_(slot) {}

  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    const std::string list = doc.get_value(slot_);
    size_t begin = 0;
    while (begin < list.size()) {
      size_t end = list.find(kListSeparator, begin);
      if (end == std::string::npos) end = list.size();
      ++counts_[list.substr(begin, end - begin)];
      begin = end + 1;
    }
  }
  const std::unordered_map<std::string, uint64_t>& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  std::unordered_map<std::string, uint64_t> counts_;
};

void Index(const std::string& corpus, const std::string& directory, double& parse_seconds,
           uint64_t& documents) {
  std::filesystem::remove_all(directory);
  Xapian::WritableDatabase db(directory, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  documents = peer::ReadCorpus(
      corpus,
      [&](const peer::Document& document) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(document.title, 1, "S");
        generator.increase_termpos(100);
        generator.index_text(document.abstract, 1, "XA");
        for (const std::string& claim : document.claims) {
          generator.increase_termpos(100);
          generator.index_text(claim, 1, "XC");
        }
        for (const std::string& applicant : document.applicants) {
          generator.increase_termpos(100);
          generator.index_text(applicant, 1, "XP");
        }
        for (const std::string& symbol : document.ipc) {
          for (const std::string& level : peer::IpcLevels(symbol)) {
            doc.add_boolean_term("XI:" + level);
          }
        }
        if (!document.country.empty()) doc.add_boolean_term("XO:" + document.country);
        if (document.application_date > 0) {
          doc.add_value(kApplicationDateSlot, std::to_string(document.application_date));
          doc.add_value(kYearSlot, peer::Year(document));
        }
        if (const std::string subclasses = JoinList(peer::IpcSubclasses(document));
            !subclasses.empty()) {
          doc.add_value(kIpcSubclassSlot, subclasses);
        }
        if (const std::string applicants = JoinList(peer::Applicants(document));
            !applicants.empty()) {
          doc.add_value(kApplicantSlot, applicants);
        }
        doc.set_data(document.publication_number);
        db.replace_document(document.ordinal, doc);
      },
      parse_seconds);
  db.commit();
  db.compact(directory + ".compact");  // one compact database, as iphub merges to one segment
  db.close();
  std::filesystem::remove_all(directory);
  std::filesystem::rename(directory + ".compact", directory);
}

class XapianSearcher : public peer::Searcher {
 public:
  explicit XapianSearcher(const std::string& directory)
      : db_(directory), ranges_(kApplicationDateSlot, "ad:") {
    parser_.set_database(db_);
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
    for (const char* prefix : {"S", "XA", "XC"}) {
      parser_.add_prefix("", prefix);
      parser_.add_prefix("tac", prefix);
    }
    parser_.add_prefix("ti", "S");
    parser_.add_prefix("ab", "XA");
    parser_.add_prefix("cl", "XC");
    parser_.add_prefix("pa", "XP");
    parser_.add_boolean_prefix("ipc", "XI");
    parser_.add_boolean_prefix("co", "XO");
    parser_.add_rangeprocessor(&ranges_);
  }

  peer::Result Run(const std::string& query, peer::Mode mode) override {
    constexpr unsigned kFlags =
        Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
        Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT |
        Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_CJK_NGRAM;
    peer::Result result;
    try {
      Xapian::Enquire enquire(db_);
      const Xapian::Query parsed = parser_.parse_query(query, kFlags);
      if (std::getenv("PEER_EXPLAIN") != nullptr) {
        std::fprintf(stderr, "%s\n  -> %s\n", query.c_str(), parsed.get_description().c_str());
      }
      enquire.set_query(parsed);
      const Xapian::doccount all = db_.get_doccount();
      Xapian::ValueCountMatchSpy years(kYearSlot);
      ListCountMatchSpy subclasses(kIpcSubclassSlot);
      ListCountMatchSpy applicants(kApplicantSlot);
      if (mode != peer::Mode::kTop10) {
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
      }
      if (mode == peer::Mode::kFacets) {
        enquire.add_matchspy(&years);
        enquire.add_matchspy(&subclasses);
        enquire.add_matchspy(&applicants);
      }
      Xapian::MSet matches = enquire.get_mset(0, mode == peer::Mode::kTop10 ? 10 : 0, all);
      if (matches.get_matches_lower_bound() != matches.get_matches_upper_bound()) {
        result.error = "count not exact";
      }
      result.hits = matches.get_matches_estimated();
      for (auto match = matches.begin(); match != matches.end(); ++match) {
        result.top_ids.push_back(match.get_document().get_data());
      }
      if (mode == peer::Mode::kFacets) {
        std::unordered_map<std::string, uint64_t> year_counts;
        for (auto value = years.values_begin(); value != years.values_end(); ++value) {
          year_counts[*value] = value.get_termfreq();
        }
        result.facets = {peer::TopValues(year_counts), peer::TopValues(subclasses.counts()),
                         peer::TopValues(applicants.counts())};
      }
    } catch (const Xapian::Error& error) {
      result.error = error.get_description();
    }
    return result;
  }

 private:
  Xapian::Database db_;
  Xapian::RangeProcessor ranges_;
  Xapian::QueryParser parser_;
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(argc, argv, "xapian",
                    {.index = Index, .open = [](const std::string& directory) {
                       return std::unique_ptr<peer::Searcher>(new XapianSearcher(directory));
                     }});
}
