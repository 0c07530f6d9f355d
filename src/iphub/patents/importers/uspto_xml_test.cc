#include "iphub/patents/importers/uspto_xml.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace iphub::patents::importers {
namespace {

namespace fs = std::filesystem;

// ../shared/data/uspto beside the source tree (set by the test runner).
fs::path UsptoDataDir() {
  const char* source_dir = std::getenv("IPHUB_SOURCE_DIR");
  if (source_dir == nullptr) return {};
  return fs::path(source_dir) / ".." / "shared" / "data" / "uspto";
}

#define IPHUB_REQUIRE_USPTO_DATA()                                           \
  if (UsptoDataDir().empty() || !fs::is_directory(UsptoDataDir())) {         \
    GTEST_SKIP() << "USPTO test data missing: set IPHUB_SOURCE_DIR so that " \
                    "$IPHUB_SOURCE_DIR/../shared/data/uspto exists";         \
  }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Parses the single document of a data file; fails the test otherwise.
Patent ParseDataFile(const std::string& relative) {
  const fs::path path = UsptoDataDir() / relative;
  EXPECT_TRUE(fs::exists(path)) << path;
  const std::string file = ReadFile(path);
  absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(file);
  EXPECT_TRUE(parsed.ok()) << relative << ": " << parsed.status();
  if (!parsed.ok() || !parsed->has_value()) {
    ADD_FAILURE() << relative << " did not parse to a patent";
    return {};
  }
  return **parsed;
}

int CountBy(const Patent& patent, Citation::By by) {
  return static_cast<int>(std::count_if(patent.citations.begin(), patent.citations.end(),
                                        [by](const Citation& c) { return c.by == by; }));
}

int CountKind(const Patent& patent, Citation::Kind kind) {
  return static_cast<int>(std::count_if(patent.citations.begin(), patent.citations.end(),
                                        [kind](const Citation& c) { return c.kind == kind; }));
}

const Claim* FindClaim(const Patent& patent, int number) {
  for (const Claim& claim : patent.claims) {
    if (claim.number == number) return &claim;
  }
  return nullptr;
}

TEST(UsptoXml, ParsesGrantV45) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/grant/v4-5-B2.xml");
  EXPECT_EQ(patent.country, "US");
  EXPECT_EQ(patent.language, "en");
  EXPECT_EQ(patent.publication_number, "US11147202B2");
  EXPECT_EQ(patent.doc_number, "11147202");
  EXPECT_EQ(patent.kind, "B2");
  EXPECT_EQ(patent.type, DocumentType::kUsUtilityGrant);
  EXPECT_EQ(patent.application_number, "16232658");
  EXPECT_EQ(patent.application_date, "2018-12-26");
  EXPECT_EQ(patent.publication_date, "2021-10-19");
  EXPECT_EQ(patent.grant_date, "2021-10-19");
  EXPECT_EQ(patent.title, "Wheeled hand truck");
  EXPECT_TRUE(patent.abstract.starts_with("A wheeled hand truck incorporating a footplate"));
  EXPECT_TRUE(patent.description.starts_with("This invention relates to hand trucks"));
  ASSERT_EQ(patent.claims.size(), 9u);
  EXPECT_EQ(patent.claims[0].number, 1);
  EXPECT_TRUE(patent.claims[0].text.starts_with(
      "A wheeled hand truck comprising: (a) a footplate having front and rear ends;"))
      << patent.claims[0].text;
  EXPECT_TRUE(patent.claims[0].depends_on.empty());
  ASSERT_NE(FindClaim(patent, 2), nullptr);
  EXPECT_EQ(FindClaim(patent, 2)->depends_on, std::vector<int>{1});
  ASSERT_EQ(patent.ipc.size(), 3u);
  EXPECT_EQ(patent.ipc_main, "A01B 1/24");
  EXPECT_EQ(patent.ipc[0].version, "2006.01");
  EXPECT_EQ(patent.ipc[2].symbol, "B62B 5/06");
  ASSERT_EQ(patent.cpc.size(), 5u);
  EXPECT_EQ(patent.cpc[0].symbol, "A01B 1/243");
  EXPECT_EQ(patent.cpc[0].version, "2013.01");
  EXPECT_EQ(patent.citations.size(), 41u);
  EXPECT_EQ(CountBy(patent, Citation::By::kApplicant), 27);
  EXPECT_EQ(CountBy(patent, Citation::By::kExaminer), 14);
  EXPECT_EQ(patent.citations[0].country, "US");
  EXPECT_EQ(patent.citations[0].number, "554139");
  EXPECT_EQ(patent.citations[0].kind_code, "A");
  EXPECT_EQ(patent.citations[0].date, "1896-02-00");
  ASSERT_FALSE(patent.applicants.empty());
  EXPECT_EQ(patent.applicants[0].name, "Yeow Ng");
  EXPECT_EQ(patent.applicants[0].country, "US");
  ASSERT_EQ(patent.inventors.size(), 1u);
  EXPECT_EQ(patent.inventors[0].name, "Yeow Ng");
  EXPECT_NE(patent.inventors[0].address.find("Andover"), std::string::npos);
  EXPECT_EQ(patent.agency, "Davis & Jack, LLC");
  EXPECT_EQ(patent.agents, std::vector<std::string>{"Kenneth H. Jack"});
}

TEST(UsptoXml, ParsesGrantV40WithOldIpcAndApplicantInventors) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/grant/v4-0-B2.xml");
  EXPECT_EQ(patent.publication_number, "US6857133B2");
  EXPECT_EQ(patent.doc_number, "06857133");
  EXPECT_EQ(patent.type, DocumentType::kUsUtilityGrant);
  EXPECT_EQ(patent.application_number, "10141259");
  EXPECT_EQ(patent.application_date, "2002-05-07");
  EXPECT_EQ(patent.grant_date, "2005-02-22");
  EXPECT_EQ(patent.title,
            "Method and apparatus for manufacturing and installing water resistant cover on a "
            "limb");
  ASSERT_EQ(patent.claims.size(), 6u);
  EXPECT_TRUE(patent.claims[0].text.starts_with("A method for producing a water-resistant unit"));
  ASSERT_NE(FindClaim(patent, 3), nullptr);
  EXPECT_EQ(FindClaim(patent, 3)->depends_on, std::vector<int>{2});
  ASSERT_EQ(patent.ipc.size(), 1u);
  EXPECT_EQ(patent.ipc_main, "A41D 13/00");
  EXPECT_EQ(patent.ipc[0].version, "7");
  EXPECT_EQ(patent.citations.size(), 8u);
  EXPECT_EQ(CountBy(patent, Citation::By::kExaminer), 8);
  // v4.0 lists the inventor as an applicant-inventor.
  ASSERT_FALSE(patent.inventors.empty());
  EXPECT_EQ(patent.inventors[0].name, "David V. Reynolds");
  EXPECT_NE(patent.inventors[0].address.find("Phoenix"), std::string::npos);
  ASSERT_FALSE(patent.applicants.empty());
  EXPECT_EQ(patent.applicants[0].name, "David V. Reynolds");
}

TEST(UsptoXml, ParsesSt32V25Grant) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/grant/v2-5-B2.xml");
  EXPECT_EQ(patent.publication_number, "US6530116B2");
  EXPECT_EQ(patent.kind, "B2");
  EXPECT_EQ(patent.type, DocumentType::kUsUtilityGrant);
  EXPECT_EQ(patent.application_number, "09782496");
  EXPECT_EQ(patent.application_date, "2001-02-13");
  EXPECT_EQ(patent.grant_date, "2003-03-11");
  EXPECT_EQ(patent.title, "Vacuum cleaner with muffled detachable blower exhaust");
  EXPECT_TRUE(patent.abstract.starts_with("A vacuum cleaner includes a housing"));
  EXPECT_FALSE(patent.description.empty());
  ASSERT_EQ(patent.claims.size(), 20u);
  EXPECT_TRUE(patent.claims[0].text.starts_with("A vacuum cleaner comprising: a housing"))
      << patent.claims[0].text;
  ASSERT_NE(FindClaim(patent, 2), nullptr);
  EXPECT_EQ(FindClaim(patent, 2)->depends_on, std::vector<int>{1});
  // Fixed-width "A47L  514" is A47L 5/14.
  ASSERT_EQ(patent.ipc.size(), 1u);
  EXPECT_EQ(patent.ipc_main, "A47L 5/14");
  EXPECT_EQ(patent.ipc[0].version, "7");
  EXPECT_EQ(patent.citations.size(), 37u);
  EXPECT_EQ(CountBy(patent, Citation::By::kExaminer), 7);
  EXPECT_EQ(CountKind(patent, Citation::Kind::kNonPatent), 4);
  ASSERT_EQ(patent.inventors.size(), 3u);
  EXPECT_EQ(patent.inventors[0].name, "Robert C. Berfield");
  EXPECT_NE(patent.inventors[0].address.find("Jersey Shore"), std::string::npos);
  ASSERT_EQ(patent.applicants.size(), 1u);
  EXPECT_EQ(patent.applicants[0].name, "Shop Vac Corporation");
}

TEST(UsptoXml, ParsesSt32V25Design) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/grant/v2-5-S1.xml");
  EXPECT_EQ(patent.publication_number, "USD452599S1");
  EXPECT_EQ(patent.doc_number, "D0452599");
  EXPECT_EQ(patent.kind, "S1");
  EXPECT_EQ(patent.type, DocumentType::kUsDesign);
  EXPECT_EQ(patent.application_number, "29129833");
  EXPECT_EQ(patent.application_date, "2000-09-22");
  EXPECT_EQ(patent.grant_date, "2002-01-01");
  EXPECT_EQ(patent.title, "Confection item in the form of a tied braid");
  EXPECT_TRUE(patent.abstract.empty());  // designs have none
  ASSERT_EQ(patent.claims.size(), 1u);
  EXPECT_TRUE(patent.claims[0].text.starts_with("The ornamental design for a confection item"));
  EXPECT_TRUE(patent.ipc.empty());
  EXPECT_EQ(patent.locarno, "01-01");
  EXPECT_EQ(patent.citations.size(), 4u);
  EXPECT_EQ(CountBy(patent, Citation::By::kExaminer), 4);
  ASSERT_EQ(patent.priorities.size(), 1u);
  EXPECT_EQ(patent.priorities[0].country, "DE");
  EXPECT_EQ(patent.priorities[0].date, "2000-03-22");
  ASSERT_EQ(patent.inventors.size(), 1u);
  EXPECT_EQ(patent.inventors[0].name, "Ute Rossi-Wolter");
  EXPECT_NE(patent.inventors[0].address.find("Schwaigern"), std::string::npos);
  EXPECT_EQ(patent.agency, "Darby & Darby");
}

TEST(UsptoXml, ParsesApplicationV44) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/application/v4-4-A1.xml");
  EXPECT_EQ(patent.publication_number, "US20210267109A1");
  EXPECT_EQ(patent.kind, "A1");
  EXPECT_EQ(patent.type, DocumentType::kUsUtilityApplication);
  EXPECT_EQ(patent.application_number, "17173265");
  EXPECT_EQ(patent.application_date, "2021-02-11");
  EXPECT_EQ(patent.publication_date, "2021-09-02");
  EXPECT_TRUE(patent.grant_date.empty());
  EXPECT_EQ(patent.title, "METHODS AND APPARATUS FOR YARD AND GARDEN DEBRIS COLLECTION");
  ASSERT_EQ(patent.claims.size(), 20u);
  // "<b>1</b>. An apparatus": the numbering is removed.
  EXPECT_TRUE(patent.claims[0].text.starts_with("An apparatus to clean a surface with debris"))
      << patent.claims[0].text;
  ASSERT_NE(FindClaim(patent, 2), nullptr);
  EXPECT_EQ(FindClaim(patent, 2)->depends_on, std::vector<int>{1});
  ASSERT_EQ(patent.ipc.size(), 4u);
  EXPECT_EQ(patent.ipc_main, "A01B 1/04");
  EXPECT_EQ(patent.cpc.size(), 4u);
  EXPECT_TRUE(patent.citations.empty());
  ASSERT_FALSE(patent.inventors.empty());
  EXPECT_EQ(patent.inventors[0].name, "Daniel O'Keefe");
  EXPECT_NE(patent.inventors[0].address.find("Jefferson Valley"), std::string::npos);
}

TEST(UsptoXml, ParsesPapV15) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/application/v1-5-A1_1.xml");
  EXPECT_EQ(patent.publication_number, "US20010000001A1");
  EXPECT_EQ(patent.kind, "A1");
  EXPECT_EQ(patent.type, DocumentType::kUsUtilityApplication);
  EXPECT_EQ(patent.application_number, "09725796");
  EXPECT_EQ(patent.application_date, "2000-11-29");
  EXPECT_EQ(patent.publication_date, "2001-03-15");
  EXPECT_TRUE(patent.title.starts_with("Solvent mixture for use in a vapor degreaser"));
  EXPECT_TRUE(patent.abstract.starts_with("The invention provides a solvent mixture"));
  EXPECT_TRUE(patent.claims.empty());  // this sample carries no claims
  ASSERT_EQ(patent.ipc.size(), 1u);
  EXPECT_EQ(patent.ipc_main, "B08B 3/00");
  EXPECT_EQ(patent.ipc[0].version, "7");
  ASSERT_EQ(patent.inventors.size(), 2u);
  EXPECT_EQ(patent.inventors[0].name, "Lawrence A. Clark");
  EXPECT_NE(patent.inventors[0].address.find("Alameda"), std::string::npos);
  EXPECT_EQ(patent.inventors[0].country, "US");
}

TEST(UsptoXml, ParsesPapV15DependentClaimsAndPriority) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("PatentPublicData/pap/US20010000943A1.xml");
  EXPECT_EQ(patent.publication_number, "US20010000943A1");
  ASSERT_EQ(patent.claims.size(), 13u);
  ASSERT_NE(FindClaim(patent, 2), nullptr);
  EXPECT_EQ(FindClaim(patent, 2)->depends_on, std::vector<int>{1});
  ASSERT_FALSE(patent.priorities.empty());
  EXPECT_EQ(patent.priorities[0].country, "JP");
  EXPECT_EQ(patent.priorities[0].number, "11-097727");
  EXPECT_EQ(patent.priorities[0].date, "1999-04-05");
  ASSERT_FALSE(patent.applicants.empty());
  EXPECT_EQ(patent.applicants[0].name, "IDEMITSU KOSAN CO., LTD.");
  EXPECT_EQ(patent.ipc_main, "H01J 1/62");
  // The DTD's named entities (never loaded) come out as the characters they name.
  EXPECT_NE(patent.description.find("Min−20 nm<t<Min+20 nm (a)"), std::string::npos);
  EXPECT_EQ(patent.description.find("&minus;"), std::string::npos);
  EXPECT_EQ(patent.description.find("&emsp;"), std::string::npos);
}

TEST(UsptoXml, ParsesApplicationV40) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("go-uspto/application/v4-0-A1.xml");
  EXPECT_EQ(patent.publication_number, "US20050000001A1");
  EXPECT_EQ(patent.type, DocumentType::kUsUtilityApplication);
  EXPECT_EQ(patent.application_number, "10909766");
  EXPECT_EQ(patent.application_date, "2004-08-02");
  EXPECT_EQ(patent.publication_date, "2005-01-06");
  EXPECT_EQ(patent.title, "Novelty jeans");
  EXPECT_TRUE(patent.abstract.starts_with("Novelty play jeans for children"));
  EXPECT_EQ(patent.ipc_main, "A41D 1/06");
  ASSERT_FALSE(patent.inventors.empty());
  EXPECT_EQ(patent.inventors[0].name, "Tina Goldkind");
  EXPECT_NE(patent.inventors[0].address.find("St. James"), std::string::npos);
}

TEST(UsptoXml, ParsesGrantV47With554Citations) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("uspto-odp/grant_us11646472b2_17248024.xml");
  EXPECT_EQ(patent.publication_number, "US11646472B2");
  EXPECT_EQ(patent.application_number, "17248024");
  EXPECT_EQ(patent.application_date, "2021-01-05");
  EXPECT_EQ(patent.grant_date, "2023-05-09");
  EXPECT_EQ(patent.title,
            "Making lithium metal\u2014seawater battery cells having protected lithium "
            "electrodes");
  EXPECT_EQ(patent.citations.size(), 554u);
  EXPECT_EQ(CountBy(patent, Citation::By::kApplicant), 554);
  EXPECT_EQ(patent.cpc.size(), 19u);
  EXPECT_EQ(patent.ipc.size(), 16u);
  EXPECT_EQ(patent.ipc_main, "H01M 50/46");
  EXPECT_EQ(patent.ipc[0].version, "2021.01");
  ASSERT_EQ(patent.claims.size(), 17u);
  EXPECT_TRUE(patent.claims[0].text.starts_with("A method of making a battery cell"));
  ASSERT_FALSE(patent.applicants.empty());
  EXPECT_EQ(patent.applicants[0].name, "PolyPlus Battery Company");
  ASSERT_EQ(patent.inventors.size(), 4u);
  EXPECT_EQ(patent.inventors[0].name, "Steven J. Visco");
  EXPECT_NE(patent.inventors[0].address.find("Berkeley"), std::string::npos);
}

TEST(UsptoXml, ParsesGrantUs10000000) {
  IPHUB_REQUIRE_USPTO_DATA();
  const Patent patent = ParseDataFile("uspto-odp/grant_us10000000b2_14643719.xml");
  EXPECT_EQ(patent.publication_number, "US10000000B2");
  EXPECT_EQ(patent.application_number, "14643719");
  EXPECT_EQ(patent.application_date, "2015-03-10");
  EXPECT_EQ(patent.grant_date, "2018-06-19");
  EXPECT_EQ(patent.title, "Coherent LADAR using intra-pixel quadrature detection");
  ASSERT_EQ(patent.claims.size(), 20u);
  EXPECT_TRUE(patent.claims[0].text.starts_with("A laser detection and ranging (LADAR) system"));
  EXPECT_EQ(FindClaim(patent, 2)->depends_on, std::vector<int>{1});
  EXPECT_EQ(patent.ipc.size(), 4u);
  EXPECT_EQ(patent.ipc_main, "G01S 7/48");
  EXPECT_EQ(patent.cpc.size(), 5u);
  EXPECT_EQ(patent.citations.size(), 11u);
  EXPECT_EQ(CountBy(patent, Citation::By::kApplicant), 9);
  EXPECT_EQ(CountBy(patent, Citation::By::kExaminer), 2);
  EXPECT_EQ(CountKind(patent, Citation::Kind::kNonPatent), 6);
  ASSERT_FALSE(patent.applicants.empty());
  EXPECT_EQ(patent.applicants[0].name, "Raytheon Company");
  EXPECT_EQ(patent.inventors[0].name, "Joseph Marron");
}

TEST(UsptoXml, RejectsMalformedGrantWithOffset) {
  IPHUB_REQUIRE_USPTO_DATA();
  const std::string file = ReadFile(UsptoDataDir() / "go-uspto/grant/US07057742-20060606.XML");
  ASSERT_FALSE(file.empty());
  absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(file);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("offset"), absl::string_view::npos) << parsed.status();
}

TEST(UsptoXml, SplitsConcatenatedWeeklyFile) {
  IPHUB_REQUIRE_USPTO_DATA();
  const std::string file = ReadFile(UsptoDataDir() / "go-uspto/test.xml");
  const std::vector<XmlDocument> documents = SplitConcatenatedXml(file);
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].offset, 0u);
  std::vector<std::string> numbers;
  for (const XmlDocument& document : documents) {
    EXPECT_TRUE(document.text.starts_with("<?xml"));
    absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(document.text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    ASSERT_TRUE(parsed->has_value());
    numbers.push_back((*parsed)->publication_number);
  }
  EXPECT_EQ(numbers[0], "US11147202B2");
  EXPECT_EQ(numbers[1], "US11147203B2");
}

TEST(UsptoXml, SplitKeepsSingleDocumentWhole) {
  const std::string_view file = "<?xml version=\"1.0\"?>\n<a><?xml-stylesheet x?> <?xml y?></a>\n";
  const std::vector<XmlDocument> documents = SplitConcatenatedXml(file);
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0].offset, 0u);
  EXPECT_EQ(documents[0].text, file);
  EXPECT_TRUE(SplitConcatenatedXml("").empty());
  EXPECT_TRUE(SplitConcatenatedXml(" \n").empty());
}

TEST(UsptoXml, SkipsSequenceListing) {
  constexpr std::string_view kSequence =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE sequence-cwu SYSTEM \"us-sequence-listing.dtd\" [ ]>\n"
      "<sequence-cwu id=\"SEQLST-0\" file=\"US20230000001A1-20230105-S00001.XML\">"
      "<publication-reference><document-id><country>US</country>"
      "<doc-number>20230000001</doc-number><kind>A1</kind></document-id></publication-reference>"
      "<s-t-25-sequence-listing>SEQ ID NO 1</s-t-25-sequence-listing></sequence-cwu>\n";
  absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(kSequence);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_FALSE(parsed->has_value());
}

TEST(UsptoXml, RejectsPatentWithoutPublicationNumber) {
  absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(
      "<us-patent-grant><us-bibliographic-data-grant><invention-title>x</invention-title>"
      "</us-bibliographic-data-grant></us-patent-grant>");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(UsptoXml, RejectsEmptyAndGarbageInput) {
  for (std::string_view input : {"", "   ", "not xml", "<a>", "<?xml version=\"1.0\"?>"}) {
    absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(input);
    EXPECT_FALSE(parsed.ok()) << "input: " << input;
  }
}

TEST(UsptoXml, ParsesEveryDataFile) {
  IPHUB_REQUIRE_USPTO_DATA();
  const fs::path root = UsptoDataDir();
  const std::string kMalformed = "US07057742-20060606.XML";
  std::vector<fs::path> files;
  for (const char* folder : {"go-uspto", "PatentPublicData/xml2004", "PatentPublicData/xml2006",
                             "PatentPublicData/xml2014", "PatentPublicData/pap",
                             "PatentPublicData/sgml", "PatentPublicData/xmlApp2004"}) {
    ASSERT_TRUE(fs::is_directory(root / folder)) << folder;
    for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 30u);
  std::vector<std::string> failures;
  int patents = 0;
  for (const fs::path& path : files) {
    const std::string file = ReadFile(path);
    const bool expect_malformed = path.filename() == kMalformed;
    for (const XmlDocument& document : SplitConcatenatedXml(file)) {
      absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(document.text);
      const std::string where = path.string() + " @" + std::to_string(document.offset);
      if (!parsed.ok()) {
        if (!expect_malformed) failures.push_back(where + ": " + parsed.status().ToString());
        continue;
      }
      if (expect_malformed) failures.push_back(where + ": expected a parse error");
      if (!parsed->has_value()) {
        failures.push_back(where + ": not a patent");
        continue;
      }
      const Patent& patent = **parsed;
      if (patent.publication_number.empty() || patent.title.empty()) {
        failures.push_back(where + ": empty publication number or title");
      }
      ++patents;
    }
  }
  std::string report;
  for (const std::string& failure : failures) report += failure + "\n";
  EXPECT_TRUE(failures.empty()) << report;
  EXPECT_GE(patents, 30);
}

}  // namespace
}  // namespace iphub::patents::importers
