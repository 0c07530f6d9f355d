#include "iphub/market/model.h"

#include "gtest/gtest.h"
#include "iphub/base/status.h"

namespace iphub::market {
namespace {

ListingInput Valid() {
  return ListingInput{.patent = " CN110000001B ",
                      .kind = "non_exclusive_licence",
                      .price_fen = 5'000'000,
                      .industry = "新能源",
                      .trl = 6,
                      .scenarios = "储能电站 电池包热管理"};
}

std::optional<std::string> FieldOf(ListingInput input) {
  absl::Status status = ValidateListingInput(input);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  return base::FieldOf(status);
}

TEST(ListingMachine, IsAValidMachine) {
  EXPECT_TRUE(workflow::ValidateMachine(ListingMachine()).ok())
      << workflow::ValidateMachine(ListingMachine());
}

TEST(ListingKind, NamesRoundTrip) {
  for (int i = 0; i < kListingKindCount; ++i) {
    const auto kind = static_cast<ListingKind>(i);
    EXPECT_EQ(ParseListingKind(ListingKindName(kind)).value(), kind);
  }
  EXPECT_EQ(base::FieldOf(ParseListingKind("licence").status()),
            std::optional<std::string>("kind"));
}

TEST(ValidateListingInput, TrimsAndAcceptsAValidListing) {
  ListingInput input = Valid();
  ASSERT_TRUE(ValidateListingInput(input).ok());
  EXPECT_EQ(input.patent, "CN110000001B");
}

TEST(ValidateListingInput, NamesTheFieldInError) {
  ListingInput input = Valid();
  input.trl = 10;
  EXPECT_EQ(FieldOf(input), "trl");
  input = Valid();
  input.price_fen = -1;
  EXPECT_EQ(FieldOf(input), "price_fen");
  input = Valid();
  input.industry = "  ";
  EXPECT_EQ(FieldOf(input), "industry");
  input = Valid();
  input.kind = "open_licence";  // an open licence declares fee and terms
  EXPECT_EQ(FieldOf(input), "terms");
  input.terms = "按年支付，许可期 3 年";
  input.price_fen.reset();
  EXPECT_EQ(FieldOf(input), "price_fen");
  input = Valid();
  input.region_code = "3701";
  EXPECT_EQ(FieldOf(input), "region_code");
  input = Valid();
  input.contact_visibility = "friends";
  EXPECT_EQ(FieldOf(input), "contact_visibility");
  input = Valid();
  input.scenarios = std::string(5001, 'x');
  EXPECT_EQ(FieldOf(input), "scenarios");
}

TEST(OffersConflict, ExclusiveOffersStandAloneAndLicencesCoexist) {
  using K = ListingKind;
  EXPECT_TRUE(OffersConflict(K::kTransfer, K::kNonExclusiveLicence));
  EXPECT_TRUE(OffersConflict(K::kOpenLicence, K::kExclusiveLicence));
  EXPECT_TRUE(OffersConflict(K::kSoleLicence, K::kPledge));
  EXPECT_TRUE(OffersConflict(K::kEquity, K::kEquity));
  EXPECT_TRUE(OffersConflict(K::kPledge, K::kPledge));
  EXPECT_FALSE(OffersConflict(K::kNonExclusiveLicence, K::kOpenLicence));
  EXPECT_FALSE(OffersConflict(K::kNonExclusiveLicence, K::kNonExclusiveLicence));
  EXPECT_FALSE(OffersConflict(K::kPledge, K::kOpenLicence));
}

}  // namespace
}  // namespace iphub::market
