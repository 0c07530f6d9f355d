#include "iphub/base/crypto.h"

#include "gtest/gtest.h"

namespace iphub::base {
namespace {

TEST(Crypto, Sha256MatchesKnownVector) {
  ASSERT_TRUE(InitCrypto().ok());
  // FIPS 180-2 test vector for "abc".
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, RandomHexHasRequestedLengthAndDiffers) {
  ASSERT_TRUE(InitCrypto().ok());
  std::string a = RandomHex(16), b = RandomHex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEquals("token", "toke"));
}

}  // namespace
}  // namespace iphub::base
