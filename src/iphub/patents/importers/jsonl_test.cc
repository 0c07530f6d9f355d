#include "iphub/patents/importers/jsonl.h"

#include <string>

#include "gtest/gtest.h"
#include "iphub/base/status.h"

namespace iphub::patents::importers {
namespace {

Patent Sample() {
  Patent patent;
  patent.country = "CN";
  patent.publication_number = "CN104223590A";
  patent.doc_number = "104223590";
  patent.kind = "A";
  patent.type = DocumentType::kCnInventionApplication;
  patent.application_number = "201410513187.5";
  patent.application_date = "2014-09-29";
  patent.publication_date = "2014-12-24";
  patent.title = "一种压力传感器";
  patent.claims = {{1, "一种压力传感器，其特征在于……", {}},
                   {2, "根据权利要求1所述的压力传感器", {1}}};
  patent.applicants = {
      {.name = "山东大学", .type = PartyType::kUniversity, .region_code = "370102"}};
  patent.ipc = {{"G01L 1/00", "2006.01"}};
  patent.ipc_main = "G01L 1/00";
  patent.citations = {
      {.kind = Citation::Kind::kNonPatent, .by = Citation::By::kExaminer, .text = "某期刊, 2010"}};
  patent.legal_events = {{"C06", "2015-01-21", "实质审查的生效"}};
  return patent;
}

TEST(Jsonl, RoundTripsEveryField) {
  Patent original = Sample();
  std::string line = PatentToJson(original).dump();
  auto parsed = ParseJsonlLine(line);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(PatentToJson(*parsed), PatentToJson(original));
  EXPECT_EQ(parsed->claims[1].depends_on, std::vector<int>{1});
  EXPECT_EQ(parsed->applicants[0].type, PartyType::kUniversity);
  EXPECT_EQ(parsed->citations[0].by, Citation::By::kExaminer);
  EXPECT_EQ(parsed->type, DocumentType::kCnInventionApplication);
}

TEST(Jsonl, MalformedJsonNamesTheBytePosition) {
  auto parsed = ParseJsonlLine(R"({"publication_number": "CN1A", "title": })");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("byte"), std::string_view::npos) << parsed.status();
}

TEST(Jsonl, WrongTypeNamesTheFieldPath) {
  auto parsed = ParseJsonlLine(
      R"({"publication_number": "CN1A", "claims": [{"number": 1}, {"number": 2, "depends_on": ["1"]}]})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(base::FieldOf(parsed.status()), "claims[1].depends_on[0]");
}

TEST(Jsonl, UnknownEnumValueIsRejected) {
  auto parsed = ParseJsonlLine(R"({"publication_number": "CN1A", "type": "cn_gadget"})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(base::FieldOf(parsed.status()), "type");
}

TEST(Jsonl, PublicationNumberIsRequired) {
  auto parsed = ParseJsonlLine(R"({"title": "x"})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(base::FieldOf(parsed.status()), "publication_number");
}

TEST(Jsonl, DeepNestingIsRefusedWithoutRecursion) {
  std::string deep = R"({"publication_number": "CN1A", "x": )" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto parsed = ParseJsonlLine(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nested deeper"), std::string_view::npos);
}

TEST(Jsonl, UnknownKeysAreIgnored) {
  auto parsed = ParseJsonlLine(R"({"publication_number": "CN1A", "future_field": {"a": 1}})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->publication_number, "CN1A");
}

}  // namespace
}  // namespace iphub::patents::importers
