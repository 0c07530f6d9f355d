#include "iphub/auth/password.h"

#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"

namespace iphub::auth {
namespace {

TEST(Password, HashIsArgon2idAndVerifies) {
  ASSERT_TRUE(base::InitCrypto().ok());
  auto hash = HashPassword("correct horse");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse", *hash));
  EXPECT_FALSE(VerifyPassword("correct horsf", *hash));
}

TEST(Password, SamePasswordHashesDifferently) {
  auto first = HashPassword("same password");
  auto second = HashPassword("same password");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);  // random salt
}

TEST(Password, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$garbage"));
}

TEST(Password, PolicyNamesTheField) {
  EXPECT_EQ(base::FieldOf(CheckPasswordPolicy("short1", "bob", "new_password")), "new_password");
  EXPECT_FALSE(CheckPasswordPolicy("1234567890", "bob", "password").ok());
  EXPECT_FALSE(CheckPasswordPolicy("BobTheUser", "bobtheuser", "password").ok());
  EXPECT_FALSE(CheckPasswordPolicy(std::string(129, 'a'), "bob", "password").ok());
  EXPECT_TRUE(CheckPasswordPolicy("Demo@2026", "bob", "password").ok());
}

}  // namespace
}  // namespace iphub::auth
