// Time sources. Production code takes a Clock& so tests can move time by hand
// (login lock-out, session expiry) instead of sleeping.
#pragma once

#include <atomic>
#include <cstdint>

namespace iphub::base {

// Thread-safe source of wall-clock time in Unix milliseconds (UTC).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMillis() const = 0;
};

// The real clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  static SystemClock& Instance();
};

// A clock that only moves when told to; for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_millis) : now_(start_millis) {}
  int64_t NowMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_ += millis; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace iphub::base
