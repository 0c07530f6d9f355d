#include "iphub/watch/mail.h"

#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/read_until.hpp"
#include "boost/asio/streambuf.hpp"
#include "boost/asio/write.hpp"
#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/watch/migrations.h"
#include "iphub/watch/store.h"

namespace iphub::watch {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// A loopback SMTP server for one connection: answers 220/250/354/221 (or `rcpt_reply` to
// RCPT TO) and records the commands and the DATA it received.
class SmtpSink {
 public:
  explicit SmtpSink(std::string rcpt_reply = "250 OK")
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        rcpt_reply_(std::move(rcpt_reply)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return acceptor_.local_endpoint().port(); }
  // After the session: joins the server thread.
  void Wait() {
    if (thread_.joinable()) thread_.join();
  }
  const std::vector<std::string>& commands() const { return commands_; }
  const std::string& data() const { return data_; }

 private:
  void Serve() {
    boost::system::error_code error;
    tcp::socket socket(io_);
    acceptor_.accept(socket, error);
    if (error) return;
    asio::streambuf buffer;
    auto reply = [&](std::string_view text) {
      asio::write(socket, asio::buffer(std::string(text) + "\r\n"), error);
    };
    auto read_line = [&]() -> std::optional<std::string> {
      asio::read_until(socket, buffer, "\r\n", error);
      if (error) return std::nullopt;
      std::istream in(&buffer);
      std::string line;
      std::getline(in, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    };
    reply("220 sink ready");
    bool in_data = false;
    while (auto line = read_line()) {
      if (in_data) {
        if (*line == ".") {
          in_data = false;
          reply("250 queued");
          continue;
        }
        data_ += *line + "\n";
        continue;
      }
      commands_.push_back(*line);
      if (line->starts_with("EHLO")) {
        reply("250-sink greets you");
        reply("250 8BITMIME");
      } else if (line->starts_with("RCPT")) {
        reply(rcpt_reply_);
      } else if (*line == "DATA") {
        reply("354 go ahead");
        in_data = true;
      } else if (*line == "QUIT") {
        reply("221 bye");
        return;
      } else {
        reply("250 OK");
      }
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::string rcpt_reply_;
  std::vector<std::string> commands_;
  std::string data_;
  std::thread thread_;
};

TEST(SendMail, SpeaksSmtpToTheServer) {
  SmtpSink sink;
  SmtpOptions options{.host = "127.0.0.1", .port = sink.port(), .from = "iphub@example.cn"};
  absl::Status sent = SendMail(options, {.to = "owner@example.cn",
                                         .subject = "【专利监控】2 条新提醒",
                                         .body = "您好：\n.以点开头的行\n最后一行\n"});
  ASSERT_TRUE(sent.ok()) << sent;
  sink.Wait();
  EXPECT_EQ(sink.commands(),
            (std::vector<std::string>{"EHLO iphub", "MAIL FROM:<iphub@example.cn>",
                                      "RCPT TO:<owner@example.cn>", "DATA", "QUIT"}));
  EXPECT_NE(sink.data().find("To: <owner@example.cn>\n"), std::string::npos);
  // "【专利监控】2 条新提醒" in UTF-8, base64.
  EXPECT_NE(sink.data().find("Subject: =?UTF-8?B?44CQ5LiT5Yip55uR5o6n44CRMiDmnaHmlrDmj5DphpI=?="),
            std::string::npos);
  EXPECT_NE(sink.data().find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  // The dot at the start of a line is doubled on the wire (the sink records it as sent).
  EXPECT_NE(sink.data().find("\n..以点开头的行\n最后一行\n"), std::string::npos);
}

TEST(SendMail, ReportsARefusedRecipient) {
  SmtpSink sink("550 no such user");
  absl::Status sent = SendMail({.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn"},
                               {.to = "nobody@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_NE(sent.message().find("550 no such user"), absl::string_view::npos);
}

TEST(SendMail, RejectsAddressesWithLineBreaks) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      SendMail({.host = "127.0.0.1", .port = 1, .from = "a@b.cn"},
               {.to = "x@y.cn\r\nRCPT TO:<z@y.cn>", .subject = "s", .body = "b"})));
}

template <typename Backend>
class MailSenderTest : public db::testing::DatabaseTest<Backend> {};
TYPED_TEST_SUITE(MailSenderTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(MailSenderTest, MarksSentMailAndCountsFailures) {
  std::vector<db::Migration> all;
  for (const auto& migration : auth::Migrations()) all.push_back(migration);
  for (const auto& migration : patents::Migrations()) all.push_back(migration);
  for (const auto& migration : Migrations()) all.push_back(migration);
  IPHUB_ASSERT_OK(db::Migrate(this->db(), all).status());
  IPHUB_ASSERT_OK(auth::SeedRegions(this->db()).status());
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto user, (*conn)->Query("INSERT INTO users (username, display_name, password_hash, role, "
                                "email, created_at, updated_at) VALUES ('u', '', 'x', 'member', "
                                "'u@example.cn', 1, 1) RETURNING id"));
  const int64_t user_id = user.rows[0].Int(0);
  IPHUB_ASSERT_OK(store::InsertMail(**conn, {.user_id = user_id,
                                             .to_address = "u@example.cn",
                                             .subject = "主题",
                                             .body = "正文\n",
                                             .created_at = 1})
                      .status());
  base::FakeClock clock(1000);

  {  // The server refuses: an attempt counted, the reason kept, still pending.
    SmtpSink sink("550 mailbox unavailable");
    MailSender sender(this->db(), {.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn"},
                      clock);
    IPHUB_ASSERT_OK_AND_ASSIGN(SendSummary summary, sender.SendPending());
    EXPECT_EQ(summary.failed, 1);
    EXPECT_EQ(summary.sent, 0);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<store::Mail> mail, store::MailOf(**conn, user_id));
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].attempts, 1);
  EXPECT_NE(mail[0].last_error.find("550 mailbox unavailable"), std::string::npos);
  EXPECT_FALSE(mail[0].sent_at.has_value());

  {  // Delivered: sent_at set, nothing pending any more.
    SmtpSink sink;
    MailSender sender(this->db(), {.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn"},
                      clock);
    IPHUB_ASSERT_OK_AND_ASSIGN(SendSummary summary, sender.SendPending());
    EXPECT_EQ(summary.sent, 1);
    sink.Wait();
    EXPECT_NE(sink.data().find("正文\n"), std::string::npos);
    IPHUB_ASSERT_OK_AND_ASSIGN(summary, sender.SendPending());
    EXPECT_EQ(summary.sent + summary.failed, 0);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(mail, store::MailOf(**conn, user_id));
  EXPECT_EQ(mail[0].sent_at, 1000);
  EXPECT_EQ(mail[0].attempts, 2);
  EXPECT_EQ(mail[0].last_error, "");
}

}  // namespace
}  // namespace iphub::watch
