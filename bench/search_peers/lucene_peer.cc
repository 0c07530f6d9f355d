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
// One optimised segment at the end, as iphub merges to one segment.
//
// Searching: the classic QueryParser syntax (MultiFieldQueryParser over title,
// abstract and claims = iphub's TAC, default operator AND), with ad:[A TO B]
// turned into a NumericRangeQuery (`*` for an open end). The count is
// TopScoreDocCollector::getTotalHits(): every match is collected, so it is exact.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

// LuceneHeaders.h first: the contrib headers rely on what it declares.
#include "LuceneHeaders.h"
// clang-format off
#include "CJKTokenizer.h"
// clang-format on
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
  for (const wchar_t* keyword : {L"ipc", L"co", L"ad", L"pn"}) {
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
          }
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

class LuceneSearcher : public peer::Searcher {
 public:
  explicit LuceneSearcher(const std::string& directory) {
    searcher_ = newLucene<Lucene::IndexSearcher>(
        Lucene::IndexReader::open(Lucene::FSDirectory::open(Wide(directory)), true));
    Lucene::Collection<String> fields = Lucene::Collection<String>::newInstance();
    fields.add(L"title");
    fields.add(L"abstract");
    fields.add(L"claims");
    parser_ = newLucene<PeerQueryParser>(fields, MakeAnalyzer());
    parser_->setDefaultOperator(Lucene::QueryParser::AND_OPERATOR);
    parser_->setLowercaseExpandedTerms(false);  // IPC codes are upper case
  }

  peer::Result Run(const std::string& query) override {
    peer::Result result;
    try {
      Lucene::QueryPtr parsed = parser_->parse(Wide(query));
      if (std::getenv("PEER_EXPLAIN") != nullptr) {
        std::fprintf(stderr, "%s\n  -> %s\n", query.c_str(), Utf8(parsed->toString()).c_str());
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
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(argc, argv, "lucene",
                    {.index = Index, .open = [](const std::string& directory) {
                       return std::unique_ptr<peer::Searcher>(new LuceneSearcher(directory));
                     }});
}
