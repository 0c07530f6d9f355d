// Lucene++ 3.0.8 (the C++ port of Apache Lucene 3.0) as a search peer (bench/search.sh).
//
// Analysis: contrib's CJKTokenizer (overlapping CJK bigrams, Latin words lower-cased,
// full-width folded) followed by contrib's SnowballFilter("english"); no stop
// words (CJKAnalyzer would drop English ones; iphub keeps every word). A 100-position
// gap between the values of one field (claims, applicants), as iphub.
// Fields:
//   title, abstract, claims, applicants   analysed, positions, norms
//   ipc      every level as a keyword (H, H01, H01M, H01M10, H01M10/0525)
//   co       keyword
//   ad       NumericField (int yyyymmdd), for NumericRangeQuery
//   pn       stored only (the top ids)
//   year, ipc_subclass, applicant   keywords for the facets (the distinct values)
// One optimised segment at the end, as iphub merges to one segment.
//
// Searching: the classic QueryParser syntax (MultiFieldQueryParser over title,
// abstract and claims = iphub's TAC, default operator AND), with ad:[A TO B]
// turned into a NumericRangeQuery (`*` for an open end). Every collector sees
// every match, so counts are exact. Modes (peer::Mode): count uses a collector
// that only counts (Lucene 3.0 has no TotalHitCountCollector); top10 is
// TopScoreDocCollector and its getTotalHits(); facets uses a collector that
// counts, per matching document, its year from the FieldCache (getInts) and its
// IPC subclasses and applicants from term ordinals uninverted once when the
// searcher opens (Lucene 3.0 has no facet module and its FieldCache holds one
// value per document; this is what Solr 1.4's UnInvertedField did).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

// LuceneHeaders.h first: the contrib headers rely on what it declares.
#include "LuceneHeaders.h"
// clang-format off
#include "CJKTokenizer.h"
// clang-format on
#include "FieldCache.h"
#include "MultiFieldQueryParser.h"
#include "NumericField.h"
#include "NumericRangeQuery.h"
#include "PerFieldAnalyzerWrapper.h"
#include "SnowballFilter.h"
#include "peer_common.h"

namespace {

using Lucene::newLucene;
using Lucene::String;

String Wide(const std::string& utf8) { return Lucene::StringUtils::toUnicode(utf8); }
std::string Utf8(const String& wide) { return Lucene::StringUtils::toUTF8(wide); }

class CjkSnowballStreams : public Lucene::LuceneObject {
 public:
  LUCENE_CLASS(CjkSnowballStreams);
  Lucene::TokenizerPtr source;
  Lucene::TokenStreamPtr result;
};

class CjkSnowballAnalyzer : public Lucene::Analyzer {
 public:
  LUCENE_CLASS(CjkSnowballAnalyzer);

  Lucene::TokenStreamPtr tokenStream(const String& /*field*/,
                                     const Lucene::ReaderPtr& reader) override {
    return newLucene<Lucene::SnowballFilter>(newLucene<Lucene::CJKTokenizer>(reader), L"english");
  }

  Lucene::TokenStreamPtr reusableTokenStream(const String& /*field*/,
                                             const Lucene::ReaderPtr& reader) override {
    auto streams = boost::dynamic_pointer_cast<CjkSnowballStreams>(getPreviousTokenStream());
    if (!streams) {
      streams = newLucene<CjkSnowballStreams>();
      streams->source = newLucene<Lucene::CJKTokenizer>(reader);
      streams->result = newLucene<Lucene::SnowballFilter>(streams->source, L"english");
      setPreviousTokenStream(streams);
    } else {
      streams->source->reset(reader);
    }
    return streams->result;
  }

  int32_t getPositionIncrementGap(const String& /*field*/) override { return 100; }
};

Lucene::AnalyzerPtr MakeAnalyzer() {
  auto analyzer = newLucene<Lucene::PerFieldAnalyzerWrapper>(newLucene<CjkSnowballAnalyzer>());
  for (const wchar_t* keyword :
       {L"ipc", L"co", L"ad", L"pn", L"year", L"ipc_subclass", L"applicant"}) {
    analyzer->addAnalyzer(keyword, newLucene<Lucene::KeywordAnalyzer>());
  }
  return analyzer;
}

void Index(const std::string& corpus, const std::string& directory, double& parse_seconds,
           uint64_t& documents) {
  std::filesystem::remove_all(directory);
  try {
    auto writer =
        newLucene<Lucene::IndexWriter>(Lucene::FSDirectory::open(Wide(directory)), MakeAnalyzer(),
                                       true, Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
    using Lucene::Field;
    documents = peer::ReadCorpus(
        corpus,
        [&](const peer::Document& document) {
          auto doc = newLucene<Lucene::Document>();
          const auto text = [&](const wchar_t* name, const std::string& value) {
            doc->add(newLucene<Field>(name, Wide(value), Field::STORE_NO, Field::INDEX_ANALYZED));
          };
          const auto keyword = [&](const wchar_t* name, const std::string& value) {
            doc->add(newLucene<Field>(name, Wide(value), Field::STORE_NO,
                                      Field::INDEX_NOT_ANALYZED_NO_NORMS));
          };
          doc->add(newLucene<Field>(L"pn", Wide(document.publication_number), Field::STORE_YES,
                                    Field::INDEX_NO));
          text(L"title", document.title);
          text(L"abstract", document.abstract);
          for (const std::string& claim : document.claims) text(L"claims", claim);
          for (const std::string& applicant : document.applicants) text(L"applicants", applicant);
          for (const std::string& symbol : document.ipc) {
            for (const std::string& level : peer::IpcLevels(symbol)) keyword(L"ipc", level);
          }
          if (!document.country.empty()) keyword(L"co", document.country);
          if (document.application_date > 0) {
            doc->add(
                newLucene<Lucene::NumericField>(L"ad")->setIntValue(document.application_date));
            keyword(L"year", peer::Year(document));
          }
          for (const std::string& subclass : peer::IpcSubclasses(document)) {
            keyword(L"ipc_subclass", subclass);
          }
          for (const std::string& name : peer::Applicants(document)) keyword(L"applicant", name);
          writer->addDocument(doc);
        },
        parse_seconds);
    writer->optimize();
    writer->close();
  } catch (const Lucene::LuceneException& error) {
    throw std::runtime_error(Utf8(error.getError()));
  }
}

// QueryParser whose ad:[A TO B] is a NumericRangeQuery on the int field.
class PeerQueryParser : public Lucene::MultiFieldQueryParser {
 public:
  PeerQueryParser(Lucene::Collection<String> default_fields, const Lucene::AnalyzerPtr& analysis)
      : MultiFieldQueryParser(Lucene::LuceneVersion::LUCENE_30, default_fields, analysis) {}
  LUCENE_CLASS(PeerQueryParser);

 protected:
  Lucene::QueryPtr getRangeQuery(const String& name, const String& part1, const String& part2,
                                 bool inclusive) override {
    if (name != L"ad") return MultiFieldQueryParser::getRangeQuery(name, part1, part2, inclusive);
    const auto bound = [](const String& part, int32_t open) {
      return part == L"*" ? open : static_cast<int32_t>(std::stol(Utf8(part)));
    };
    return Lucene::NumericRangeQuery::newIntRange(L"ad", bound(part1, 0), bound(part2, 99999999),
                                                  inclusive, inclusive);
  }
};

// Counts the matches and nothing else.
class CountCollector : public Lucene::Collector {
 public:
  LUCENE_CLASS(CountCollector);
  void setScorer(const Lucene::ScorerPtr& /*scorer*/) override {}
  void collect(int32_t /*doc*/) override { ++count; }
  void setNextReader(const Lucene::IndexReaderPtr& /*reader*/, int32_t /*base*/) override {}
  bool acceptsDocsOutOfOrder() override { return true; }

  uint64_t count = 0;
};

// A multi-valued keyword field of one segment, uninverted: the term ordinals of
// document d are ords[offsets[d] .. offsets[d + 1]).
struct UninvertedField {
  std::vector<std::string> terms;  // by ordinal, UTF-8
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> ords;
};

UninvertedField Uninvert(const Lucene::IndexReaderPtr& reader, const String& field) {
  UninvertedField out;
  std::vector<std::pair<int32_t, uint32_t>> postings;  // (doc, ordinal)
  Lucene::TermEnumPtr terms = reader->terms(newLucene<Lucene::Term>(field, L""));
  Lucene::TermDocsPtr docs = reader->termDocs();
  do {
    Lucene::TermPtr term = terms->term();
    if (!term || term->field() != field) break;
    const auto ordinal = static_cast<uint32_t>(out.terms.size());
    out.terms.push_back(Utf8(term->text()));
    docs->seek(terms);
    while (docs->next()) postings.emplace_back(docs->doc(), ordinal);
  } while (terms->next());
  out.offsets.assign(static_cast<size_t>(reader->maxDoc()) + 1, 0);
  for (const auto& [doc, ordinal] : postings) ++out.offsets[static_cast<size_t>(doc) + 1];
  for (size_t doc = 1; doc < out.offsets.size(); ++doc) out.offsets[doc] += out.offsets[doc - 1];
  out.ords.resize(postings.size());
  std::vector<uint32_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (const auto& [doc, ordinal] : postings) out.ords[next[static_cast<size_t>(doc)]++] = ordinal;
  return out;
}

// The facet data of one segment.
struct SegmentFacets {
  Lucene::Collection<int32_t> years;  // FieldCache; 0 = no year
  UninvertedField subclasses;
  UninvertedField applicants;
};

// Counts the facet values of every match; the count of matches too.
class FacetCollector : public Lucene::Collector {
 public:
  explicit FacetCollector(const std::unordered_map<Lucene::IndexReader*, SegmentFacets>& segments)
      : segments_(segments) {}
  LUCENE_CLASS(FacetCollector);

  void setScorer(const Lucene::ScorerPtr& /*scorer*/) override {}
  void setNextReader(const Lucene::IndexReaderPtr& reader, int32_t /*base*/) override {
    Flush();
    segment_ = &segments_.at(reader.get());
    subclass_counts_.assign(segment_->subclasses.terms.size(), 0);
    applicant_counts_.assign(segment_->applicants.terms.size(), 0);
  }
  bool acceptsDocsOutOfOrder() override { return true; }
  void collect(int32_t doc) override {
    ++count;
    if (const int32_t year = segment_->years[doc]; year != 0) ++year_counts_[year];
    const auto add = [doc](const UninvertedField& field, std::vector<uint64_t>& counts) {
      for (uint32_t at = field.offsets[static_cast<size_t>(doc)];
           at < field.offsets[static_cast<size_t>(doc) + 1]; ++at) {
        ++counts[field.ords[at]];
      }
    };
    add(segment_->subclasses, subclass_counts_);
    add(segment_->applicants, applicant_counts_);
  }

  std::vector<peer::FacetValues> Facets() {
    Flush();
    std::unordered_map<std::string, uint64_t> years;
    for (const auto& [year, n] : year_counts_) years[std::to_string(year)] = n;
    return {peer::TopValues(years), peer::TopValues(subclasses_), peer::TopValues(applicants_)};
  }

  uint64_t count = 0;

 private:
  // Adds the counts by ordinal of the current segment to the counts by value.
  void Flush() {
    if (segment_ == nullptr) return;
    const auto flush = [](const UninvertedField& field, const std::vector<uint64_t>& counts,
                          std::unordered_map<std::string, uint64_t>& out) {
      for (size_t ordinal = 0; ordinal < counts.size(); ++ordinal) {
        if (counts[ordinal] > 0) out[field.terms[ordinal]] += counts[ordinal];
      }
    };
    flush(segment_->subclasses, subclass_counts_, subclasses_);
    flush(segment_->applicants, applicant_counts_, applicants_);
    segment_ = nullptr;
  }

  const std::unordered_map<Lucene::IndexReader*, SegmentFacets>& segments_;
  const SegmentFacets* segment_ = nullptr;
  std::unordered_map<int32_t, uint64_t> year_counts_;
  std::vector<uint64_t> subclass_counts_, applicant_counts_;
  std::unordered_map<std::string, uint64_t> subclasses_, applicants_;
};

class LuceneSearcher : public peer::Searcher {
 public:
  explicit LuceneSearcher(const std::string& directory) {
    Lucene::IndexReaderPtr reader =
        Lucene::IndexReader::open(Lucene::FSDirectory::open(Wide(directory)), true);
    searcher_ = newLucene<Lucene::IndexSearcher>(reader);
    // The facet data, per segment (one after optimize), before the first query.
    Lucene::Collection<Lucene::IndexReaderPtr> segments = reader->getSequentialSubReaders();
    if (!segments) {
      segments = Lucene::Collection<Lucene::IndexReaderPtr>::newInstance();
      segments.add(reader);
    }
    for (const Lucene::IndexReaderPtr& segment : segments) {
      segments_[segment.get()] = {.years = Lucene::FieldCache::DEFAULT()->getInts(segment, L"year"),
                                  .subclasses = Uninvert(segment, L"ipc_subclass"),
                                  .applicants = Uninvert(segment, L"applicant")};
    }
    Lucene::Collection<String> fields = Lucene::Collection<String>::newInstance();
    fields.add(L"title");
    fields.add(L"abstract");
    fields.add(L"claims");
    parser_ = newLucene<PeerQueryParser>(fields, MakeAnalyzer());
    parser_->setDefaultOperator(Lucene::QueryParser::AND_OPERATOR);
    parser_->setLowercaseExpandedTerms(false);  // IPC codes are upper case
  }

  peer::Result Run(const std::string& query, peer::Mode mode) override {
    peer::Result result;
    try {
      Lucene::QueryPtr parsed = parser_->parse(Wide(query));
      if (std::getenv("PEER_EXPLAIN") != nullptr) {
        std::fprintf(stderr, "%s\n  -> %s\n", query.c_str(), Utf8(parsed->toString()).c_str());
      }
      if (mode == peer::Mode::kCount) {
        auto counter = newLucene<CountCollector>();
        searcher_->search(parsed, counter);
        result.hits = counter->count;
        return result;
      }
      if (mode == peer::Mode::kFacets) {
        auto counter = newLucene<FacetCollector>(segments_);
        searcher_->search(parsed, counter);
        result.hits = counter->count;
        result.facets = counter->Facets();
        return result;
      }
      auto collector = Lucene::TopScoreDocCollector::create(10, true);
      searcher_->search(parsed, collector);
      result.hits = static_cast<uint64_t>(collector->getTotalHits());
      Lucene::TopDocsPtr top = collector->topDocs();
      for (const Lucene::ScoreDocPtr& hit : top->scoreDocs) {
        result.top_ids.push_back(Utf8(searcher_->doc(hit->doc)->get(L"pn")));
      }
    } catch (const Lucene::LuceneException& error) {
      result.error = Utf8(error.getError());
    }
    return result;
  }

 private:
  Lucene::IndexSearcherPtr searcher_;
  boost::shared_ptr<PeerQueryParser> parser_;
  std::unordered_map<Lucene::IndexReader*, SegmentFacets> segments_;
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(argc, argv, "lucene",
                    {.index = Index, .open = [](const std::string& directory) {
                       return std::unique_ptr<peer::Searcher>(new LuceneSearcher(directory));
                     }});
}
