#include "iphub/watch/internal/smtp_reply.h"

#include "gtest/gtest.h"

namespace iphub::watch::internal {
namespace {

TEST(ParseSmtpReply, ReadsAMultiLineReplyAndWhatItTook) {
  const std::string input = "250-mail.example.cn\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n220 x";
  absl::StatusOr<std::optional<SmtpReply>> reply = ParseSmtpReply(input);
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_TRUE(reply->has_value());
  EXPECT_EQ((*reply)->code, 250);
  EXPECT_EQ((*reply)->lines,
            (std::vector<std::string>{"mail.example.cn", "STARTTLS", "AUTH PLAIN LOGIN"}));
  EXPECT_EQ((*reply)->consumed, input.size() - 5);
}

TEST(ParseSmtpReply, WaitsForTheLastLine) {
  for (std::string_view input : {"", "25", "250-first\r\n", "250-first\r\n250 last"}) {
    absl::StatusOr<std::optional<SmtpReply>> reply = ParseSmtpReply(input);
    ASSERT_TRUE(reply.ok()) << input;
    EXPECT_FALSE(reply->has_value()) << input;
  }
}

TEST(ParseSmtpReply, AcceptsBareLineFeedsAndACodeAlone) {
  absl::StatusOr<std::optional<SmtpReply>> reply = ParseSmtpReply("354\n");
  ASSERT_TRUE(reply.ok() && reply->has_value());
  EXPECT_EQ((*reply)->code, 354);
  EXPECT_EQ((*reply)->lines, (std::vector<std::string>{""}));
}

TEST(ParseSmtpReply, RejectsMalformedLines) {
  for (std::string_view input : {"hello\r\n", "25x ok\r\n", "250x\r\n", "099 low\r\n",
                                 "600 high\r\n", "250-a\r\n251 b\r\n"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseSmtpReply(input).status())) << input;
  }
}

TEST(ParseSmtpReply, RejectsEndlessReplies) {
  std::string input;
  while (input.size() <= kMaxSmtpReplyBytes) input += "250-more\r\n";
  EXPECT_TRUE(absl::IsInvalidArgument(ParseSmtpReply(input).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(ParseSmtpReply(std::string(kMaxSmtpReplyBytes + 1, '2')).status()));
}

TEST(ParseEhloExtensions, FindsStartTlsAndAuthMechanisms) {
  SmtpReply reply{.code = 250,
                  .lines = {"mail.example.cn greets iphub", "starttls", "AUTH=LOGIN", "SIZE 1000",
                            "AUTH CRAM-MD5 plain"}};
  EhloExtensions extensions = ParseEhloExtensions(reply);
  EXPECT_TRUE(extensions.starttls);
  EXPECT_TRUE(extensions.auth_plain);
  EXPECT_TRUE(extensions.auth_login);
  // The greeting line is not a keyword, and a refused EHLO offers nothing.
  extensions = ParseEhloExtensions({.code = 250, .lines = {"STARTTLS"}});
  EXPECT_FALSE(extensions.starttls);
  extensions = ParseEhloExtensions({.code = 502, .lines = {"x", "STARTTLS"}});
  EXPECT_FALSE(extensions.starttls);
}

TEST(DescribeSmtpReply, JoinsLinesAndHidesControlCharacters) {
  EXPECT_EQ(DescribeSmtpReply({.code = 535, .lines = {"5.7.8 bad", "try\x1b again"}}),
            "535 5.7.8 bad / try? again");
}

}  // namespace
}  // namespace iphub::watch::internal
