#include "iphub/patents/demo_corpus.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <numeric>
#include <span>
#include <vector>

#include "iphub/base/civil_date.h"
#include "iphub/base/clock.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/demo_vocabulary.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
namespace {

using demo::FieldVocabulary;
using demo::Term;

// ---------------------------------------------------------------------------
// Random numbers: SplitMix64 (Steele, Lea and Flood 2014), fully specified
// here so that a seed means the same corpus everywhere.

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

constexpr uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Independent streams per purpose, so that changing how one part of a document
// is written does not shift every other part.
enum class Stream : uint64_t {
  kBlock = 1,           // the kinds of the filings of a block of 20
  kPlan = 2,            // field, dates, outcome of a filing
  kText = 3,            // title, abstract, claims, description, classification
  kParties = 4,         // applicants, inventors, agency
  kEvents = 5,          // legal events
  kCitations = 6,       // citations of the first publication
  kGrantCitations = 7,  // examiner citations of a CN grant
  kPool = 8,            // the applicant pools, agencies, universities
  kNumbers = 9,         // the scramble of serial numbers
};

class Rng {
 public:
  Rng(uint64_t seed, Stream stream, uint64_t index)
      : state_(Mix(seed ^ 0x632BE59BD9B4E019ULL) ^
               Mix(index * kGolden + static_cast<uint64_t>(stream) * 0xD6E8FEB86659FD93ULL)) {}

  uint64_t Next() {
    state_ += kGolden;
    return Mix(state_);
  }
  // Uniform in [0, n) for n > 0 (multiply-shift; the bias, below n / 2^64, is irrelevant here).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  int Int(int low, int high) {  // inclusive
    return low + static_cast<int>(Below(static_cast<uint64_t>(high - low + 1)));
  }
  bool Percent(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }
  // Skewed towards the front of the list (for lists ordered most common first).
  template <typename T>
  const T& PickSkewed(std::span<const T> items) {
    uint64_t first = Below(items.size());
    uint64_t second = Below(items.size());
    return items[std::min(first, second)];
  }

 private:
  uint64_t state_;
};

// Index into a cumulative weight table.
size_t PickCumulative(std::span<const uint64_t> cumulative, uint64_t draw) {
  return static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), draw) -
                             cumulative.begin());
}

// A bijection of [0, n): x → (a·x + b) mod n with a coprime to n, a and b taken
// from the seed and `salt`. Distinct ranks get distinct serial numbers that do
// not run in order.
uint64_t Scramble(uint64_t x, uint64_t n, uint64_t seed, uint64_t salt) {
  Rng rng(seed, Stream::kNumbers, salt * 1'000'003ULL + n);
  uint64_t a = n / 3 + rng.Below(n / 3) + 1;
  while (std::gcd(a, n) != 1) ++a;
  uint64_t b = rng.Below(n);
  return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * x + b) % n);
}

// ---------------------------------------------------------------------------
// Civil dates as days since 1970-01-01 (base/civil_date.h), in the int the
// generator's plans keep.

int DaysFromCivil(int year, int month, int day) {
  return static_cast<int>(base::DaysFromCivil(year, month, day));
}

struct Civil {
  int year;
  int month;
  int day;
};

Civil CivilFromDays(int days) {
  const base::CivilDate date = base::CivilFromDays(days);
  return {static_cast<int>(date.year), date.month, date.day};
}

int YearOf(int days) { return CivilFromDays(days).year; }

std::string FormatDay(int days) {
  Civil civil = CivilFromDays(days);
  std::string out(10, '-');
  auto put = [&out](size_t at, int value, int width) {
    for (int pos = width - 1; pos >= 0; --pos) {
      out[at + static_cast<size_t>(pos)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, civil.year, 4);
  put(5, civil.month, 2);
  put(8, civil.day, 2);
  return out;
}

bool ParseDay(std::string_view text, int& days) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8};
  size_t widths[3] = {4, 2, 2};
  for (int part = 0; part < 3; ++part) {
    for (size_t pos = 0; pos < widths[part]; ++pos) {
      char c = text[starts[part] + pos];
      if (c < '0' || c > '9') return false;
      parts[part] = parts[part] * 10 + (c - '0');
    }
  }
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1) return false;
  days = DaysFromCivil(parts[0], parts[1], parts[2]);
  Civil back = CivilFromDays(days);
  return back.month == parts[1] && back.day == parts[2];
}

// The same day `years` later; 29 February becomes 28 February.
int AddYears(int days, int years) {
  Civil civil = CivilFromDays(days);
  int day = civil.day;
  int year = civil.year + years;
  if (civil.month == 2 && day == 29 && !base::IsLeapYear(year)) day = 28;
  return DaysFromCivil(year, civil.month, day);
}

// 0 = Sunday; 1970-01-01 was a Thursday.
int Weekday(int days) { return ((days % 7) + 7 + 4) % 7; }

// The latest day not after `days` that falls on `weekday`.
int BackTo(int days, int weekday) { return days - (Weekday(days) - weekday + 7) % 7; }

// CNIPA publishes on Tuesdays and Fridays.
int BackToCnPublicationDay(int days) { return std::max(BackTo(days, 2), BackTo(days, 5)); }

// ---------------------------------------------------------------------------
// Filing plans: what a filing is, when, and its numbers — cheap to compute for
// any filing, which is what citations need.

enum class FilingKind : uint8_t { kCnInvention, kCnUtility, kCnDesign, kUsGrant, kUsApplication };

// Each block of 20 filings holds these kinds in a shuffled order, so a filing's
// rank among the filings of its kind follows from its block and slot.
constexpr int kBlockSize = 20;
constexpr std::array<FilingKind, kBlockSize> kBlockSlots = {
    FilingKind::kCnInvention,   FilingKind::kCnInvention,   FilingKind::kCnInvention,
    FilingKind::kCnInvention,   FilingKind::kCnInvention,   FilingKind::kCnInvention,
    FilingKind::kCnInvention,   FilingKind::kCnInvention,   FilingKind::kCnUtility,
    FilingKind::kCnUtility,     FilingKind::kCnUtility,     FilingKind::kCnUtility,
    FilingKind::kCnUtility,     FilingKind::kCnDesign,      FilingKind::kCnDesign,
    FilingKind::kUsGrant,       FilingKind::kUsGrant,       FilingKind::kUsGrant,
    FilingKind::kUsApplication, FilingKind::kUsApplication,
};
constexpr int kFirstUsSlot = 15;
constexpr int kUsSlotsPerBlock = 5;

struct KindSlots {
  int first;
  int count;
};
constexpr KindSlots SlotsOf(FilingKind kind) {
  int first = -1;
  int count = 0;
  for (int slot = 0; slot < kBlockSize; ++slot) {
    if (kBlockSlots[static_cast<size_t>(slot)] != kind) continue;
    if (first < 0) first = slot;
    ++count;
  }
  return {first, count};
}

enum class Outcome : uint8_t { kPending, kGranted, kRejected, kWithdrawn };

struct FilingPlan {
  int64_t filing = 0;
  FilingKind kind = FilingKind::kCnInvention;
  int field = 0;
  int64_t rank = 0;     // among the filings of its kind
  int64_t us_rank = 0;  // among US filings
  int filed = 0;
  int published = 0;  // first publication (CN U/S and US grants: the grant)
  int decided = 0;    // CN inventions: grant, refusal or withdrawal; 0 while pending
  Outcome outcome = Outcome::kPending;
  bool us_b1 = false;  // a US grant without a pre-grant publication
};

bool IsUs(FilingKind kind) {
  return kind == FilingKind::kUsGrant || kind == FilingKind::kUsApplication;
}

// First publication prefixes (first three digits of the nine) by publication year.
struct YearPrefix {
  int year;
  int prefix;
};
constexpr YearPrefix kInventionPrefixes[] = {
    {2005, 100}, {2007, 101}, {2010, 102}, {2013, 103}, {2014, 104}, {2015, 105},
    {2016, 106}, {2017, 107}, {2018, 108}, {2019, 110}, {2020, 111}, {2021, 113},
    {2022, 114}, {2023, 116}, {2024, 118}, {2025, 119}, {2026, 120}};
constexpr YearPrefix kUtilityPrefixes[] = {{2005, 200}, {2008, 201}, {2011, 202}, {2013, 203},
                                           {2014, 204}, {2016, 205}, {2017, 206}, {2018, 207},
                                           {2019, 209}, {2020, 211}, {2021, 213}, {2022, 215},
                                           {2023, 218}, {2024, 220}, {2025, 222}, {2026, 223}};
constexpr YearPrefix kDesignPrefixes[] = {{2005, 300}, {2010, 301}, {2012, 302}, {2014, 303},
                                          {2017, 304}, {2019, 305}, {2021, 306}, {2022, 307},
                                          {2023, 308}, {2025, 309}};

int PrefixFor(std::span<const YearPrefix> table, int year) {
  int prefix = table.front().prefix;
  for (const YearPrefix& entry : table) {
    if (entry.year <= year) prefix = entry.prefix;
  }
  return prefix;
}

// The first US patent number issued in a year (approximate).
constexpr std::pair<int, int64_t> kUsGrantStarts[] = {
    {2005, 6'836'000},  {2006, 6'981'000},  {2007, 7'155'000},  {2008, 7'313'000},
    {2009, 7'472'000},  {2010, 7'640'000},  {2011, 7'861'000},  {2012, 8'087'000},
    {2013, 8'341'000},  {2014, 8'621'000},  {2015, 8'925'000},  {2016, 9'226'000},
    {2017, 9'532'000},  {2018, 9'854'000},  {2019, 10'165'000}, {2020, 10'524'000},
    {2021, 10'881'000}, {2022, 11'212'000}, {2023, 11'540'000}, {2024, 11'856'000},
    {2025, 12'185'000}, {2026, 12'520'000}, {2027, 12'850'000}};

// [start, end) of the numbers issued in `year`.
std::pair<int64_t, int64_t> UsGrantRange(int year) {
  constexpr int kFirst = 2005;
  constexpr int kLast = 2026;
  if (year < kFirst) {
    int64_t start = kUsGrantStarts[0].second - int64_t{160'000} * (kFirst - year);
    return {start, start + 160'000};
  }
  if (year > kLast) {
    int64_t start =
        kUsGrantStarts[kLast - kFirst + 1].second + int64_t{330'000} * (year - kLast - 1);
    return {start, start + 330'000};
  }
  size_t index = static_cast<size_t>(year - kFirst);
  return {kUsGrantStarts[index].second, kUsGrantStarts[index + 1].second};
}

// US application series code by filing year.
int UsSeriesCode(int filing_year) {
  if (filing_year < 2008) return 11;
  if (filing_year < 2011) return 12;
  if (filing_year < 2015) return 13;
  if (filing_year < 2017) return 14;
  if (filing_year < 2018) return 15;
  if (filing_year < 2020) return 16;
  if (filing_year < 2022) return 17;
  if (filing_year < 2025) return 18;
  return 19;
}

std::string ZeroPad(int64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  }
  return digits;
}

// Every publication of a filing as a citation would name it.
struct PublicationRef {
  std::string country;
  std::string number;
  std::string kind;
  int date = 0;
};

// ---------------------------------------------------------------------------
// Applicants, agencies.

struct Applicant {
  std::string name;
  PartyType type = PartyType::kEnterprise;
  int city = 0;  // index into demo::Cities() (CN) or demo::UsCities() (US)
  std::string address;
  int agency = 0;
  uint64_t team = 0;  // identifies the applicant's inventor team
  int team_size = 8;
};

struct Agency {
  std::string name;
  std::vector<std::string> agents;
};

constexpr int kCnPoolSize = 300;  // applicants per field (14 fields: 4200)
constexpr int kUsPoolSize = 120;
constexpr int kUniversities = 160;
constexpr int kCnAgencies = 48;
constexpr int kUsFirms = 24;

std::string ChineseName(Rng& rng) {
  std::string name(rng.PickSkewed(demo::Surnames()));
  name += rng.Pick(demo::GivenNameCharacters());
  if (rng.Percent(65)) name += rng.Pick(demo::GivenNameCharacters());
  return name;
}

// Every draw is its own statement: the order in which a call's arguments are
// evaluated differs between compilers, and the corpus must not.
std::string EnglishName(Rng& rng) {
  std::string_view first = rng.Pick(demo::EnglishFirstNames());
  const char initial = static_cast<char>('A' + rng.Below(26));
  std::string_view last = rng.Pick(demo::EnglishLastNames());
  return base::StrCat(first, " ", std::string(1, initial), ". ", last);
}

std::string TradeName(Rng& rng) {
  std::span<const std::string_view> characters = demo::TradeNameCharacters();
  size_t first = rng.Below(characters.size());
  size_t second = rng.Below(characters.size() - 1);
  if (second >= first) ++second;
  return base::StrCat(characters[first], characters[second]);
}

std::string EnglishStem(Rng& rng) {
  std::string root(rng.Pick(demo::EnglishNameRoots()));
  return base::StrCat(rng.Pick(demo::EnglishNameStems()), root);
}

std::string Capitalized(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// "Water Treatment" for "water treatment".
std::string TitleCase(std::string_view text) {
  std::string out(text);
  bool word_start = true;
  for (char& c : out) {
    if (word_start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    word_start = c == ' ';
  }
  return out;
}

// "a" or "an" before an English noun phrase.
std::string_view Article(std::string_view noun) {
  if (noun.empty()) return "a";
  if (noun.starts_with("uni") || noun.starts_with("use") || noun.starts_with("one")) return "a";
  char c = noun[0];
  return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'A' || c == 'E' ||
          c == 'I' || c == 'O' || c == 'U')
             ? "an"
             : "a";
}

// Cumulative integer weights (deterministic everywhere, unlike pow()).
std::vector<uint64_t> ZipfTable(int size) {
  std::vector<uint64_t> cumulative(static_cast<size_t>(size));
  uint64_t total = 0;
  for (int rank = 0; rank < size; ++rank) {
    total += 1'000'000'000'000ULL / static_cast<uint64_t>(rank + 1);
    cumulative[static_cast<size_t>(rank)] = total;
  }
  return cumulative;
}

// ---------------------------------------------------------------------------
// Texts.

enum class Subject : uint8_t { kMethod, kDevice, kMaterial };
enum class Language : uint8_t { kZh, kEn };

struct Texts {
  std::string title;
  std::string abstract;
  std::string description;
  std::vector<Claim> claims;
};

// Picks `count` distinct indices below n (count <= n).
template <size_t N>
std::array<size_t, N> DistinctIndices(Rng& rng, size_t n) {
  std::array<size_t, N> out{};
  for (size_t pos = 0; pos < N; ++pos) {
    while (true) {
      size_t candidate = rng.Below(n);
      bool seen = false;
      for (size_t before = 0; before < pos; ++before) seen = seen || out[before] == candidate;
      if (!seen || n < N) {
        out[pos] = candidate;
        break;
      }
    }
  }
  return out;
}

const Term& TermAt(std::span<const Term> terms, size_t index) {
  return terms[index % terms.size()];
}

// The claim numbers first..last, for "权利要求1至4中任一项" / "any one of claims 1 to 4".
std::vector<int> Range(int first, int last) {
  std::vector<int> out;
  for (int number = first; number <= last; ++number) out.push_back(number);
  return out;
}

class TextWriter {
 public:
  TextWriter(const FieldVocabulary& field, Language language, bool utility_model, Rng& rng)
      : field_(field), language_(language), utility_(utility_model), rng_(rng) {}

  Texts Write(Subject subject, bool software_claims) {
    switch (subject) {
      case Subject::kMethod:
        return Method(software_claims);
      case Subject::kDevice:
        return Device();
      case Subject::kMaterial:
        return Material();
    }
    return {};
  }

 private:
  bool zh() const { return language_ == Language::kZh; }

  // Claim numbers are 1-based; depends_on empty for independent claims.
  void AddClaim(Texts& texts, std::string text, std::vector<int> depends_on = {}) {
    Claim claim;
    claim.number = static_cast<int>(texts.claims.size()) + 1;
    claim.text = std::move(text);
    claim.depends_on = std::move(depends_on);
    texts.claims.push_back(std::move(claim));
  }

  // A parent for a dependent claim: claim `independent` mostly, else a
  // dependent claim after it.
  int Parent(const Texts& texts, int independent) {
    const int last = static_cast<int>(texts.claims.size());
    if (last <= independent || rng_.Percent(60)) return independent;
    return rng_.Int(independent, last);
  }

  std::string Dependent(int parent, std::string_view name) {
    return zh() ? base::StrCat("根据权利要求", parent, "所述的", name, "，其特征在于，")
                : base::StrCat("The ", name, " according to claim ", parent, ", ");
  }

  std::string Effects(int count) {
    auto picks = DistinctIndices<2>(rng_, field_.effects.size());
    const Term& first = TermAt(field_.effects, picks[0]);
    const Term& second = count > 1 && utility_ ? rng_.Pick(demo::GeneralEffects())
                                               : TermAt(field_.effects, picks[1]);
    return zh() ? base::StrCat(first.zh, "，", second.zh)
                : base::StrCat(first.en, " and ", second.en);
  }

  std::string Description(std::string_view core_zh_or_title, std::string_view subject_short,
                          std::string_view effects) {
    auto problems = DistinctIndices<2>(rng_, demo::Problems().size());
    const Term& first = demo::Problems()[problems[0]];
    const Term& second = demo::Problems()[problems[1]];
    if (zh()) {
      std::string_view self = utility_ ? "本实用新型" : "本发明";
      return base::StrCat("技术领域\n", self, "涉及", field_.name.zh, "技术领域，具体涉及一种",
                          core_zh_or_title, "。\n背景技术\n现有技术中，", subject_short, "普遍存在",
                          first.zh, "、", second.zh, "等问题。\n",
                          utility_ ? "实用新型内容\n" : "发明内容\n", self, "的目的在于提供一种",
                          core_zh_or_title, "，以解决上述问题。", self, effects, "。");
    }
    return base::StrCat("TECHNICAL FIELD\nThe present disclosure relates to ", field_.name.en,
                        ", and in particular to ", Article(core_zh_or_title), " ", core_zh_or_title,
                        ".\nBACKGROUND\nExisting solutions for ", subject_short, " suffer from ",
                        first.en, " and ", second.en,
                        ".\nSUMMARY\nThe present disclosure addresses these problems. It ", effects,
                        ".");
  }

  Texts Method(bool software_claims) {
    Texts texts;
    const Term& task = rng_.Pick(field_.tasks);
    const Term& technique = rng_.Pick(field_.techniques);
    auto signal_picks = DistinctIndices<2>(rng_, field_.signals.size());
    const Term& s1 = TermAt(field_.signals, signal_picks[0]);
    const Term& s2 = TermAt(field_.signals, signal_picks[1]);
    const Term& pp = rng_.Pick(demo::Preprocessing());
    const Term& terminal = rng_.Pick(demo::Terminals());
    // 0: 基于…的…方法; 1: …方法、装置、设备及存储介质; 2: …方法及系统.
    int form = static_cast<int>(rng_.Below(100));
    form = form < 50 ? 0 : (form < 75 && software_claims ? 1 : 2);

    std::string name;  // how dependent claims name the method
    std::string core;  // the title without 一种
    if (zh()) {
      name = form == 0 ? base::StrCat("基于", technique.zh, "的", task.zh, "方法")
                       : base::StrCat(task.zh, "方法");
      core = form == 0   ? name
             : form == 1 ? base::StrCat(task.zh, "方法、装置、设备及存储介质")
                         : base::StrCat(task.zh, "方法及系统");
      texts.title = form == 1 ? core : base::StrCat("一种", core);
    } else {
      name = "method";
      core = form == 0 ? base::StrCat("method for ", task.en, " based on ", technique.en)
             : form == 1
                 ? base::StrCat("method, apparatus, device and storage medium for ", task.en)
                 : base::StrCat("method and system for ", task.en);
      texts.title = Capitalized(core);
    }

    // Claim 1.
    if (zh()) {
      AddClaim(texts, base::StrCat("一种", name, "，其特征在于，包括以下步骤：S1，采集", s1.zh,
                                   "和", s2.zh, "；S2，对所述", s1.zh, "和所述", s2.zh, "进行",
                                   pp.zh, "，得到特征数据；S3，基于", technique.zh, "构建", task.zh,
                                   "模型，将所述特征数据输入所述", task.zh, "模型，得到", task.zh,
                                   "结果；S4，根据所述", task.zh, "结果生成控制指令，并将所述",
                                   task.zh, "结果发送至", terminal.zh, "。"));
    } else {
      AddClaim(texts, base::StrCat(
                          "A method for ", task.en, form == 0 ? " based on " : "",
                          form == 0 ? technique.en : "", ", comprising: acquiring ", s1.en, " and ",
                          s2.en, "; performing ", pp.en, " on the ", s1.en, " and the ", s2.en,
                          " to obtain feature data; constructing a model based on ", technique.en,
                          " and inputting the feature data into the model to obtain a result; "
                          "and generating a control instruction according to the result and "
                          "sending the result to ",
                          terminal.en, "."));
    }
    // Dependent method claims.
    const int method_claims = form == 1 ? rng_.Int(2, 6) : rng_.Int(3, 9);
    int alarm_claim = 0;
    std::array<bool, 6> used{};
    for (int number = 2; number <= method_claims; ++number) {
      int parent = Parent(texts, 1);
      size_t variant = rng_.Below(used.size());
      for (size_t step = 0; step < used.size() && used[variant]; ++step) {
        variant = (variant + 1) % used.size();
      }
      if (used[variant]) variant = alarm_claim > 0 ? 6 : 0;
      if (variant < used.size()) used[variant] = true;
      if (variant == 6) parent = alarm_claim;
      std::string text = Dependent(parent, name);
      const Term& detail = rng_.Pick(demo::PreprocessingDetails());
      switch (variant) {
        case 0: {
          static constexpr int kHertz[] = {1, 10, 50, 100, 1000};
          int hertz = kHertz[rng_.Below(5)];
          base::StrAppend(
              &text, zh() ? base::StrCat("所述S1中，", s1.zh, "的采样频率为", hertz, "Hz。")
                          : base::StrCat("wherein the ", s1.en, " is sampled at a frequency of ",
                                         hertz, " Hz."));
          break;
        }
        case 1:
          base::StrAppend(&text,
                          zh() ? base::StrCat("所述S2中的", pp.zh, "采用", detail.zh, "。")
                               : base::StrCat("wherein the ", pp.en, " uses ", detail.en, "."));
          break;
        case 2: {
          int samples = rng_.Int(1, 50) * 1000;
          int epochs = rng_.Int(5, 50) * 10;
          base::StrAppend(&text, zh() ? base::StrCat("所述", task.zh, "模型的训练样本数量不少于",
                                                     samples, "个，训练轮数为", epochs, "轮。")
                                      : base::StrCat("wherein the model is trained with at least ",
                                                     samples, " samples for ", epochs, " epochs."));
          break;
        }
        case 3: {
          const Term& optimizer = rng_.Pick(demo::Optimizers());
          base::StrAppend(&text, zh() ? base::StrCat("所述S3还包括：采用", optimizer.zh, "对所述",
                                                     task.zh, "模型的参数进行优化。")
                                      : base::StrCat("further comprising optimizing parameters "
                                                     "of the model using ",
                                                     optimizer.en, "."));
          break;
        }
        case 4:
          alarm_claim = number;
          base::StrAppend(
              &text, zh() ? base::StrCat("当所述", task.zh, "结果超过预设阈值时，发出告警信息。")
                          : std::string("further comprising issuing an alarm when the "
                                        "result exceeds a preset threshold."));
          break;
        case 5:
          base::StrAppend(&text,
                          zh() ? base::StrCat("所述", s2.zh, "经", detail.zh, "后与所述", s1.zh,
                                              "按时间戳对齐。")
                               : base::StrCat("wherein the ", s2.en, " is processed by ", detail.en,
                                              " and aligned with the ", s1.en, " by timestamp."));
          break;
        default: {
          int percentile = rng_.Int(90, 99);
          base::StrAppend(&text,
                          zh() ? base::StrCat("所述预设阈值为历史", task.zh, "结果的第", percentile,
                                              "百分位数。")
                               : base::StrCat("wherein the preset threshold is the ", percentile,
                                              "th percentile of historical results."));
          break;
        }
      }
      AddClaim(texts, std::move(text), {parent});
    }
    const int last_method = static_cast<int>(texts.claims.size());
    std::vector<int> all_method = Range(1, last_method);
    std::string method_range =
        zh() ? (last_method == 1 ? std::string("权利要求1")
                                 : base::StrCat("权利要求1至", last_method, "中任一项"))
             : (last_method == 1 ? std::string("claim 1")
                                 : base::StrCat("any one of claims 1 to ", last_method));
    if (form == 1) {
      AddClaim(
          texts,
          zh() ? base::StrCat("一种", task.zh, "装置，其特征在于，包括：获取模块，用于采集", s1.zh,
                              "和", s2.zh, "；处理模块，用于对所述", s1.zh, "和所述", s2.zh, "进行",
                              pp.zh, "，得到特征数据；确定模块，用于将所述特征数据输入基于",
                              technique.zh, "构建的", task.zh, "模型，得到", task.zh, "结果。")
               : base::StrCat("An apparatus for ", task.en,
                              ", comprising: an acquisition module configured to acquire ", s1.en,
                              " and ", s2.en, "; a processing module configured to perform ", pp.en,
                              " on the ", s1.en, " and the ", s2.en,
                              " to obtain feature data; and a determination module "
                              "configured to input the feature data into a model "
                              "constructed based on ",
                              technique.en, " to obtain a result."));
      AddClaim(texts,
               zh() ? base::StrCat("一种电子设备，其特征在于，包括：处理器；以及存储器，用于存储"
                                   "计算机程序；其中，所述处理器执行所述计算机程序时实现",
                                   method_range, "所述的", name, "。")
                    : base::StrCat("An electronic device, comprising a processor and a memory "
                                   "storing a computer program, wherein the processor, when "
                                   "executing the computer program, implements the method "
                                   "according to ",
                                   method_range, "."),
               all_method);
      AddClaim(texts,
               zh() ? base::StrCat("一种计算机可读存储介质，其上存储有计算机程序，其特征在于，"
                                   "所述计算机程序被处理器执行时实现",
                                   method_range, "所述的", name, "。")
                    : base::StrCat("A non-transitory computer-readable storage medium storing a "
                                   "computer program, wherein the computer program, when "
                                   "executed by a processor, implements the method according "
                                   "to ",
                                   method_range, "."),
               all_method);
    } else if (form == 2) {
      AddClaim(texts,
               zh() ? base::StrCat("一种", task.zh,
                                   "系统，其特征在于，包括：数据采集模块，用于"
                                   "采集",
                                   s1.zh, "和", s2.zh, "；预处理模块，用于对所述", s1.zh, "和所述",
                                   s2.zh, "进行", pp.zh, "，得到特征数据；分析模块，用于基于",
                                   technique.zh, "构建", task.zh, "模型并得到", task.zh,
                                   "结果；以及输出模块，用于将所述", task.zh, "结果发送至",
                                   terminal.zh, "。")
                    : base::StrCat("A system for ", task.en,
                                   ", comprising: a data acquisition module configured to "
                                   "acquire ",
                                   s1.en, " and ", s2.en,
                                   "; a preprocessing module configured to perform ", pp.en,
                                   " on the ", s1.en, " and the ", s2.en,
                                   " to obtain feature data; an analysis module configured to "
                                   "construct a model based on ",
                                   technique.en,
                                   " and obtain a result; and an output module configured to "
                                   "send the result to ",
                                   terminal.en, "."));
      const int system_claim = static_cast<int>(texts.claims.size());
      if (rng_.Percent(60)) {
        int sensors = rng_.Int(2, 16);
        AddClaim(texts,
                 zh()
                     ? base::StrCat("根据权利要求", system_claim, "所述的", task.zh,
                                    "系统，其特征在于，所述数据采集模块包括", sensors, "个传感器。")
                     : base::StrCat("The system according to claim ", system_claim,
                                    ", wherein the data acquisition module comprises ", sensors,
                                    " sensors."),
                 {system_claim});
      }
    }

    std::string effects = Effects(2);
    if (zh()) {
      texts.abstract = base::StrCat(
          "本发明公开了一种", core, "，包括：采集", s1.zh, "和", s2.zh, "；对所述", s1.zh, "和所述",
          s2.zh, "进行", pp.zh, "，得到特征数据；基于", technique.zh, "构建", task.zh, "模型，得到",
          task.zh, "结果；根据所述", task.zh, "结果生成控制指令。本发明", effects, "。");
      texts.description = Description(core, base::StrCat(task.zh, "方法"), effects);
    } else {
      texts.abstract = base::StrCat(
          "A method for ", task.en, " is provided. The method comprises acquiring ", s1.en, " and ",
          s2.en, ", performing ", pp.en,
          " to obtain feature data, and inputting the feature data into a model constructed "
          "based on ",
          technique.en,
          " to obtain a result, from which a control instruction is generated. The method ",
          effects, ".");
      texts.description = Description(core, task.en, effects);
    }
    return texts;
  }

  Texts Device() {
    Texts texts;
    const Term& device = rng_.Pick(field_.devices);
    auto part_picks = DistinctIndices<5>(rng_, field_.parts.size());
    const Term& p1 = TermAt(field_.parts, part_picks[0]);
    const Term& p2 = TermAt(field_.parts, part_picks[1]);
    const Term& p3 = TermAt(field_.parts, part_picks[2]);
    const Term& position = rng_.Pick(demo::Positions());
    const Term& connection = rng_.Pick(demo::Connections());
    // 0: 一种…; 1: 一种<形容>…; 2: 一种…及其控制方法 (inventions only).
    int form = static_cast<int>(rng_.Below(100));
    form = form < 35 ? 0 : (form < 80 || utility_ ? 1 : 2);
    const Term* adjective = form == 1 ? &rng_.Pick(demo::Adjectives()) : nullptr;

    std::string name =
        zh() ? base::StrCat(adjective ? adjective->zh : "", device.zh)
             : base::StrCat(adjective ? adjective->en : "", adjective ? " " : "", device.en);
    std::string core;
    if (zh()) {
      core = form == 2 ? base::StrCat(name, "及其控制方法") : name;
      texts.title = base::StrCat("一种", core);
    } else {
      core = form == 2 ? base::StrCat(name, " and control method therefor") : name;
      texts.title = Capitalized(core);
    }

    AddClaim(texts,
             zh() ? base::StrCat("一种", name, "，其特征在于，包括", p1.zh, "、", p2.zh, "和",
                                 p3.zh, "，所述", p2.zh, "设置于所述", p1.zh, "的", position.zh,
                                 "，所述", p3.zh, "与所述", p2.zh, connection.zh, "。")
                  : base::StrCat(Capitalized(Article(name)), " ", name, ", comprising ",
                                 Article(p1.en), " ", p1.en, ", ", Article(p2.en), " ", p2.en,
                                 " and ", Article(p3.en), " ", p3.en, ", wherein the ", p2.en,
                                 " is disposed ", position.en, " the ", p1.en, ", and the ", p3.en,
                                 " is ", connection.en, " the ", p2.en, "."));
    const int device_claims = utility_ ? rng_.Int(3, 10) : rng_.Int(3, 9);
    size_t next_new_part = 3;
    const Term* introduced[3] = {&p1, &p2, &p3};
    for (int number = 2; number <= device_claims; ++number) {
      int parent = Parent(texts, 1);
      std::string text = Dependent(parent, name);
      const Term& some = *introduced[rng_.Below(3)];
      int variant = static_cast<int>(rng_.Below(5));
      if (variant == 1 && next_new_part >= part_picks.size()) variant = 0;
      switch (variant) {
        case 0: {
          const Term& material = rng_.Pick(demo::CommonMaterials());
          base::StrAppend(&text, zh() ? base::StrCat("所述", some.zh, "为", material.zh, "材质。")
                                      : base::StrCat("wherein the ", some.en, " is made of ",
                                                     material.en, "."));
          break;
        }
        case 1: {
          const Term& added = TermAt(field_.parts, part_picks[next_new_part++]);
          const Term& where = rng_.Pick(demo::Positions());
          base::StrAppend(
              &text, zh() ? base::StrCat("还包括", added.zh, "，所述", added.zh, "设置于所述",
                                         p1.zh, "的", where.zh, "。")
                          : base::StrCat("further comprising ", Article(added.en), " ", added.en,
                                         " disposed ", where.en, " the ", p1.en, "."));
          break;
        }
        case 2: {
          const Term& dimension = rng_.Pick(demo::Dimensions());
          int low = rng_.Int(1, 50);
          int high = low + rng_.Int(1, 50);
          base::StrAppend(&text, zh()
                                     ? base::StrCat("所述", some.zh, "的", dimension.zh, "为", low,
                                                    "～", high, "mm。")
                                     : base::StrCat("wherein the ", dimension.en, " of the ",
                                                    some.en, " is ", low, " mm to ", high, " mm."));
          break;
        }
        case 3: {
          int count = rng_.Int(2, 8);
          base::StrAppend(
              &text, zh() ? base::StrCat("所述", some.zh, "的数量为", count, "个，且沿所述", p1.zh,
                                         "的周向均匀分布。")
                          : base::StrCat("wherein ", count, " such ", some.en,
                                         " units are evenly distributed around the ", p1.en, "."));
          break;
        }
        default: {
          const Term& filler = rng_.Pick(demo::Fillers());
          base::StrAppend(
              &text,
              zh() ? base::StrCat("所述", p2.zh, "与所述", p1.zh, "之间设有", filler.zh, "。")
                   : base::StrCat("wherein ", Article(filler.en), " ", filler.en,
                                  " is provided between the ", p2.en, " and the ", p1.en, "."));
          break;
        }
      }
      AddClaim(texts, std::move(text), {parent});
    }
    if (form == 2) {
      const int last = static_cast<int>(texts.claims.size());
      const Term& signal = rng_.Pick(field_.signals);
      AddClaim(texts,
               zh() ? base::StrCat("一种如权利要求1至", last, "中任一项所述的", name,
                                   "的控制方法，其特征在于，包括：获取", signal.zh, "；根据所述",
                                   signal.zh, "控制所述", p3.zh, "动作。")
                    : base::StrCat("A control method for the ", name,
                                   " according to any one of claims 1 to ", last,
                                   ", comprising: acquiring ", signal.en, "; and controlling the ",
                                   p3.en, " according to the ", signal.en, "."),
               Range(1, last));
    }

    std::string effects = Effects(2);
    if (zh()) {
      std::string_view self = utility_ ? "本实用新型" : "本发明";
      texts.abstract =
          base::StrCat(self, "公开了一种", core, "，包括", p1.zh, "、", p2.zh, "和", p3.zh,
                       "，所述", p2.zh, "设置于所述", p1.zh, "的", position.zh, "，所述", p3.zh,
                       "与所述", p2.zh, connection.zh, "。", self, effects, "。");
      texts.description = Description(core, device.zh, effects);
    } else {
      texts.abstract = base::StrCat(
          Capitalized(Article(name)), " ", name, " is disclosed, comprising ", Article(p1.en), " ",
          p1.en, ", ", Article(p2.en), " ", p2.en, " and ", Article(p3.en), " ", p3.en, ". The ",
          p2.en, " is disposed ", position.en, " the ", p1.en, ", and the ", p3.en, " is ",
          connection.en, " the ", p2.en, ". The ", name, " ", effects, ".");
      texts.description = Description(core, device.en, effects);
    }
    return texts;
  }

  Texts Material() {
    Texts texts;
    const Term& material = rng_.Pick(field_.materials);
    auto picks = DistinctIndices<5>(rng_, field_.ingredients.size());
    const Term* c[5];
    int low[5];
    int high[5];
    for (size_t pos = 0; pos < 5; ++pos) {
      c[pos] = &TermAt(field_.ingredients, picks[pos]);
      low[pos] = rng_.Int(1, 60);
      high[pos] = low[pos] + rng_.Int(5, 40);
    }
    const Term& process = rng_.Pick(demo::Processes());
    const int temperature = rng_.Int(3, 40) * 5;
    const int hours = rng_.Int(1, 12);
    const bool product_claims = rng_.Percent(60);  // 及其制备方法 rather than 的制备方法

    std::string name;  // the composition
    std::string method_name;
    if (zh()) {
      name = std::string(material.zh);
      method_name = base::StrCat(material.zh, "的制备方法");
      texts.title = product_claims ? base::StrCat("一种", material.zh, "及其制备方法")
                                   : base::StrCat("一种", method_name);
    } else {
      name = std::string(material.en);
      method_name = "method";
      texts.title =
          product_claims
              ? base::StrCat(Capitalized(material.en), " and preparation method therefor")
              : base::StrCat("Method for preparing ", Article(material.en), " ", material.en);
    }
    auto amounts = [&](size_t pos) {
      return zh() ? base::StrCat(c[pos]->zh, low[pos], "～", high[pos], "份")
                  : base::StrCat(low[pos], " to ", high[pos], " parts of ", c[pos]->en);
    };
    std::string steps_zh =
        base::StrCat("S2，将所述", c[0]->zh, "与所述", c[1]->zh, "混合，在", temperature, "℃下搅拌",
                     hours, "h；S3，加入所述", c[2]->zh, "和所述", c[3]->zh, "，经", process.zh,
                     "后得到所述", material.zh, "。");
    std::string steps_en =
        base::StrCat("mixing the ", c[0]->en, " with the ", c[1]->en, " and stirring at ",
                     temperature, " °C for ", hours, " h; and adding the ", c[2]->en, " and the ",
                     c[3]->en, " and obtaining the ", material.en, " by ", process.en, ".");

    int method_claim = 1;
    if (product_claims) {
      AddClaim(texts, zh() ? base::StrCat("一种", name, "，其特征在于，按重量份计，包括以下组分：",
                                          amounts(0), "、", amounts(1), "、", amounts(2), "和",
                                          amounts(3), "。")
                           : base::StrCat(Capitalized(Article(name)), " ", name,
                                          ", comprising, in parts by weight: ", amounts(0), ", ",
                                          amounts(1), ", ", amounts(2), ", and ", amounts(3), "."));
      const int product_count = rng_.Int(2, 6);
      bool extra_used = false;
      for (int number = 2; number <= product_count; ++number) {
        int parent = Parent(texts, 1);
        std::string text = Dependent(parent, name);
        int variant = static_cast<int>(rng_.Below(3));
        if (variant == 2 && extra_used) variant = 0;
        const Term& some = *c[rng_.Below(4)];
        if (variant == 0) {
          int small = rng_.Int(1, 20);
          int large = small + rng_.Int(5, 80);
          base::StrAppend(
              &text, zh() ? base::StrCat("所述", some.zh, "的粒径为", small, "～", large, "μm。")
                          : base::StrCat("wherein the ", some.en, " has a particle size of ", small,
                                         " μm to ", large, " μm."));
        } else if (variant == 1) {
          const Term& other = *c[(&some == c[0]) ? 1 : 0];
          int left = rng_.Int(1, 9);
          int right = rng_.Int(1, 9);
          base::StrAppend(
              &text, zh() ? base::StrCat("所述", some.zh, "与所述", other.zh, "的质量比为", left,
                                         ":", right, "。")
                          : base::StrCat("wherein a mass ratio of the ", some.en, " to the ",
                                         other.en, " is ", left, ":", right, "."));
        } else {
          extra_used = true;
          base::StrAppend(&text, zh() ? base::StrCat("还包括", amounts(4), "。")
                                      : base::StrCat("further comprising ", low[4], " to ", high[4],
                                                     " parts by weight of ", c[4]->en, "."));
        }
        AddClaim(texts, std::move(text), {parent});
      }
      const int last = static_cast<int>(texts.claims.size());
      AddClaim(texts,
               zh() ? base::StrCat("一种如权利要求1至", last, "中任一项所述的", name,
                                   "的制备方法，其特征在于，包括以下步骤：S1，按重量份称取各组分；",
                                   steps_zh)
                    : base::StrCat("A method for preparing the ", name,
                                   " according to any one of claims 1 to ", last,
                                   ", comprising: weighing the components in parts by weight; ",
                                   steps_en),
               Range(1, last));
      method_claim = static_cast<int>(texts.claims.size());
    } else {
      AddClaim(
          texts,
          zh() ? base::StrCat("一种", method_name, "，其特征在于，包括以下步骤：S1，按重量份称取",
                              amounts(0), "、", amounts(1), "、", amounts(2), "和", amounts(3),
                              "；", steps_zh)
               : base::StrCat("A method for preparing ", Article(name), " ", name,
                              ", comprising: weighing, in parts by weight, ", amounts(0), ", ",
                              amounts(1), ", ", amounts(2), " and ", amounts(3), "; ", steps_en));
    }
    const int method_dependents = rng_.Int(product_claims ? 1 : 2, 3);
    const uint64_t first_variant = rng_.Below(3);
    std::string method_ref = zh() ? std::string("制备方法") : std::string("method");
    for (int count = 0; count < method_dependents; ++count) {
      int parent = Parent(texts, method_claim);
      std::string text = Dependent(parent, method_ref);
      switch ((first_variant + static_cast<uint64_t>(count)) % 3) {  // each once
        case 0: {
          int speed = rng_.Int(2, 30) * 50;
          base::StrAppend(&text,
                          zh() ? base::StrCat("所述S2中，搅拌速度为", speed, "r/min。")
                               : base::StrCat("wherein the stirring speed is ", speed, " r/min."));
          break;
        }
        case 1: {
          int process_temperature = rng_.Int(12, 70) * 5;
          int process_hours = rng_.Int(1, 24);
          base::StrAppend(
              &text, zh() ? base::StrCat("所述S3中，", process.zh, "的温度为", process_temperature,
                                         "℃，时间为", process_hours, "h。")
                          : base::StrCat("wherein the ", process.en, " is performed at ",
                                         process_temperature, " °C for ", process_hours, " h."));
          break;
        }
        default: {
          int left = rng_.Int(1, 9);
          int right = rng_.Int(1, 9);
          base::StrAppend(
              &text, zh() ? base::StrCat("所述", c[0]->zh, "与所述", c[1]->zh, "的质量比为", left,
                                         ":", right, "。")
                          : base::StrCat("wherein a mass ratio of the ", c[0]->en, " to the ",
                                         c[1]->en, " is ", left, ":", right, "."));
          break;
        }
      }
      AddClaim(texts, std::move(text), {parent});
    }

    std::string effects = Effects(2);
    if (zh()) {
      std::string core = texts.title.substr(std::string_view("一种").size());
      texts.abstract = base::StrCat("本发明公开了一种", core, "，按重量份计，由", c[0]->zh, "、",
                                    c[1]->zh, "、", c[2]->zh, "和", c[3]->zh, "等组分经",
                                    process.zh, "制得。本发明", effects, "。");
      texts.description = Description(core, material.zh, effects);
    } else {
      texts.abstract = base::StrCat(Capitalized(Article(name)), " ", name,
                                    " and a method for preparing it are disclosed. The ", name,
                                    " is made from ", c[0]->en, ", ", c[1]->en, ", ", c[2]->en,
                                    " and ", c[3]->en, " by ", process.en, ". It ", effects, ".");
      std::string lower = texts.title;
      if (!lower.empty() && lower[0] >= 'A' && lower[0] <= 'Z')
        lower[0] = static_cast<char>(lower[0] + 32);
      texts.description = Description(lower, material.en, effects);
    }
    return texts;
  }

  const FieldVocabulary& field_;
  Language language_;
  bool utility_;
  Rng& rng_;
};

// Version of an IPC symbol's current definition, by prefix (longest first wins
// because the table is searched in order).
std::string_view IpcVersion(std::string_view symbol) {
  static constexpr std::pair<std::string_view, std::string_view> kVersions[] = {
      {"B64U", "2023.01"},     {"G06F 18/", "2023.01"},   {"G06N 3/", "2023.01"},
      {"G06N 5/", "2023.01"},  {"G06N 20/", "2019.01"},   {"G06V", "2022.01"},
      {"H01M 50/", "2021.01"}, {"H01M 10/05", "2010.01"}, {"H01M 10/6", "2014.01"},
      {"H01M 4/1", "2010.01"}, {"H01M 4/5", "2010.01"},   {"F24S", "2018.01"},
      {"H02S", "2014.01"},     {"B60L 5", "2019.01"},     {"G06F 16/", "2019.01"},
      {"G06F 40/", "2020.01"}, {"G06F 21/", "2013.01"},   {"G06F 3/", "2022.01"},
      {"H04W 4/", "2018.01"},  {"H04W 72/", "2023.01"},   {"H04W", "2009.01"},
  };
  for (const auto& [prefix, version] : kVersions) {
    if (symbol.starts_with(prefix)) return version;
  }
  return "2006.01";
}

}  // namespace

// ---------------------------------------------------------------------------

absl::Status ValidateCorpusOptions(const CorpusOptions& options) {
  if (options.count < 0 || options.count > kMaxCorpusDocuments) {
    return base::InvalidField("count", base::StrCat("must be between 0 and ", kMaxCorpusDocuments));
  }
  int as_of = 0;
  if (!ParseDay(options.as_of, as_of)) {
    return base::InvalidField("as_of", "must be a date YYYY-MM-DD");
  }
  // From 2005 every CN filing (18 months before publication at most) has a
  // number in the 12-digit form of 2003 on, and the number tables start there.
  if (options.first_year < 2005 || options.first_year > options.last_year) {
    return base::InvalidField("first_year", "must be 2005 or later and not after last_year");
  }
  // Publications of the last year need a quarter of a year before as_of.
  if (DaysFromCivil(options.last_year, 1, 1) + 90 > as_of) {
    return base::InvalidField("last_year", "must begin at least 90 days before as_of");
  }
  return absl::OkStatus();
}

struct CorpusGenerator::State {
  CorpusOptions options;
  int as_of = 0;
  std::vector<uint64_t> field_weights;  // cumulative
  std::vector<int> year_start;          // first day of each publication year, and one past
  std::vector<uint64_t> year_weights;   // cumulative, +12 % a year
  std::vector<uint64_t> cn_zipf;
  std::vector<uint64_t> us_zipf;
  std::vector<std::vector<Applicant>> cn_pool;  // [field][rank]
  std::vector<std::vector<Applicant>> us_pool;
  std::vector<Agency> cn_agencies;
  std::vector<int> cn_agency_city;
  std::vector<Agency> us_firms;

  int64_t next_filing = 0;
  std::optional<Patent> pending;  // the B of the invention just produced

  // The block whose kinds were computed last.
  int64_t cached_block = -1;
  std::array<uint8_t, kBlockSize> cached_slots{};

  uint64_t seed() const { return options.seed; }

  void Init() {
    ParseDay(options.as_of, as_of);
    uint64_t total = 0;
    for (const FieldVocabulary& field : demo::Fields()) {
      total += static_cast<uint64_t>(field.weight);
      field_weights.push_back(total);
    }
    total = 0;
    uint64_t weight = 1'000'000;
    for (int year = options.first_year; year <= options.last_year; ++year) {
      year_start.push_back(DaysFromCivil(year, 1, 1));
      total += weight;
      year_weights.push_back(total);
      weight = weight * 112 / 100;
    }
    year_start.push_back(DaysFromCivil(options.last_year + 1, 1, 1));
    cn_zipf = ZipfTable(kCnPoolSize);
    us_zipf = ZipfTable(kUsPoolSize);
    BuildAgencies();
    BuildPools();
  }

  void BuildAgencies() {
    std::span<const demo::City> cities = demo::Cities();
    std::vector<uint64_t> city_weights;
    uint64_t total = 0;
    for (const auto& city : cities) {
      total += static_cast<uint64_t>(city.weight);
      city_weights.push_back(total);
    }
    for (int index = 0; index < kCnAgencies; ++index) {
      Rng rng(seed(), Stream::kPool, 1'000'000 + static_cast<uint64_t>(index));
      int city = static_cast<int>(PickCumulative(city_weights, rng.Below(total)));
      Agency agency;
      agency.name = rng.Percent(55) ? base::StrCat(cities[static_cast<size_t>(city)].short_name,
                                                   TradeName(rng), "专利代理事务所（普通合伙）")
                                    : base::StrCat(cities[static_cast<size_t>(city)].short_name,
                                                   TradeName(rng), "知识产权代理有限公司");
      for (int agent = 0; agent < 6; ++agent) agency.agents.push_back(ChineseName(rng));
      cn_agencies.push_back(std::move(agency));
      cn_agency_city.push_back(city);
    }
    for (int index = 0; index < kUsFirms; ++index) {
      Rng rng(seed(), Stream::kPool, 2'000'000 + static_cast<uint64_t>(index));
      Agency firm;
      std::string_view first = rng.Pick(demo::EnglishLastNames());
      std::string_view second = rng.Pick(demo::EnglishLastNames());
      firm.name = rng.Percent(60) ? base::StrCat(first, " & ", second, " LLP")
                                  : base::StrCat(first, " ", second, " PLLC");
      for (int agent = 0; agent < 4; ++agent) firm.agents.push_back(EnglishName(rng));
      us_firms.push_back(std::move(firm));
    }
  }

  std::string University(int index, std::span<const demo::City> cities,
                         std::span<const uint64_t> city_weights, int& city) {
    Rng rng(seed(), Stream::kPool, 3'000'000 + static_cast<uint64_t>(index));
    city = static_cast<int>(PickCumulative(city_weights, rng.Below(city_weights.back())));
    std::string_view epithet = rng.Pick(demo::Epithets());
    std::string_view kind = rng.Pick(demo::UniversityKinds());
    return base::StrCat(cities[static_cast<size_t>(city)].short_name, epithet, kind);
  }

  void BuildPools() {
    std::span<const FieldVocabulary> fields = demo::Fields();
    std::span<const demo::City> cities = demo::Cities();
    std::vector<uint64_t> city_weights;
    uint64_t city_total = 0;
    for (const auto& city : cities) {
      city_total += static_cast<uint64_t>(city.weight);
      city_weights.push_back(city_total);
    }
    for (size_t field_index = 0; field_index < fields.size(); ++field_index) {
      const FieldVocabulary& field = fields[field_index];
      std::vector<Applicant> pool;
      pool.reserve(kCnPoolSize);
      for (int rank = 0; rank < kCnPoolSize; ++rank) {
        Rng rng(seed(), Stream::kPool, field_index * 10'000 + static_cast<uint64_t>(rank));
        Applicant applicant;
        applicant.city = static_cast<int>(PickCumulative(city_weights, rng.Below(city_total)));
        const uint64_t roll = rng.Below(100);
        if (rank < 3) {
          applicant.type = roll < 70 ? PartyType::kEnterprise : PartyType::kUniversity;
        } else {
          applicant.type = roll < 66   ? PartyType::kEnterprise
                           : roll < 80 ? PartyType::kUniversity
                           : roll < 88 ? PartyType::kResearchInstitute
                                       : PartyType::kIndividual;
        }
        const demo::City* city = &cities[static_cast<size_t>(applicant.city)];
        switch (applicant.type) {
          case PartyType::kEnterprise: {
            std::string trade = TradeName(rng);
            std::string_view industry = rng.Pick(field.industries);
            std::string_view suffix = rng.Pick(demo::CompanySuffixes());
            uint64_t form = rng.Below(100);
            applicant.name =
                form < 62   ? base::StrCat(city->short_name, trade, industry, suffix)
                : form < 90 ? base::StrCat(city->province_short, trade, industry, suffix)
                            : base::StrCat(trade, industry, "（", city->short_name, "）", suffix);
            break;
          }
          case PartyType::kUniversity: {
            int university_city = 0;
            applicant.name = University(static_cast<int>(rng.Below(kUniversities)), cities,
                                        city_weights, university_city);
            applicant.city = university_city;
            city = &cities[static_cast<size_t>(applicant.city)];
            break;
          }
          case PartyType::kResearchInstitute: {
            std::string_view kind = rng.Pick(demo::InstituteKinds());
            uint64_t form = rng.Below(3);
            applicant.name = form == 0 ? base::StrCat(city->province, field.industries[0], kind)
                             : form == 1
                                 ? base::StrCat(city->short_name, rng.Pick(demo::Epithets()),
                                                field.name.zh, kind)
                                 : base::StrCat(city->short_name, "市", field.name.zh, kind);
            break;
          }
          default:
            applicant.name = ChineseName(rng);
            break;
        }
        std::string_view road = rng.Pick(demo::Roads());
        const int house = rng.Int(1, 3000);
        applicant.address = base::StrCat(city->province, city->name, road, house, "号");
        // An applicant keeps to one agency, preferably in its province.
        applicant.agency = static_cast<int>(rng.Below(kCnAgencies));
        for (int attempt = 0; attempt < 12; ++attempt) {
          int candidate = static_cast<int>(rng.Below(kCnAgencies));
          if (cities[static_cast<size_t>(cn_agency_city[static_cast<size_t>(candidate)])]
                  .province == city->province) {
            applicant.agency = candidate;
            break;
          }
        }
        applicant.team = rng.Next();
        applicant.team_size = rank < 20 ? 40 : (rank < 100 ? 15 : 6);
        if (applicant.type == PartyType::kIndividual) applicant.team_size = 3;
        pool.push_back(std::move(applicant));
      }
      cn_pool.push_back(std::move(pool));

      std::vector<Applicant> us;
      us.reserve(kUsPoolSize);
      std::span<const demo::UsCity> us_cities = demo::UsCities();
      for (int rank = 0; rank < kUsPoolSize; ++rank) {
        Rng rng(seed(), Stream::kPool,
                5'000'000 + field_index * 10'000 + static_cast<uint64_t>(rank));
        Applicant applicant;
        applicant.city = static_cast<int>(rng.Below(us_cities.size()));
        const demo::UsCity& city = us_cities[static_cast<size_t>(applicant.city)];
        const uint64_t roll = rng.Below(100);
        if (roll < 85 || rank < 3) {
          applicant.type = PartyType::kEnterprise;
          static constexpr std::string_view kForms[] = {", Inc.", " LLC", " Corporation", " Corp."};
          std::string_view form = kForms[rng.Below(4)];
          std::string stem = EnglishStem(rng);
          applicant.name = base::StrCat(stem, " ", rng.Pick(field.industries_en), form);
        } else if (roll < 95) {
          applicant.type = PartyType::kUniversity;
          applicant.name = rng.Percent(50)
                               ? base::StrCat("University of ", EnglishStem(rng))
                               : base::StrCat(EnglishStem(rng), " Institute of Technology");
        } else {
          applicant.type = PartyType::kIndividual;
          applicant.name = EnglishName(rng);
        }
        applicant.address = base::StrCat(city.city, ", ", city.state);
        applicant.agency = static_cast<int>(rng.Below(kUsFirms));
        applicant.team = rng.Next();
        applicant.team_size = rank < 20 ? 30 : 8;
        us.push_back(std::move(applicant));
      }
      us_pool.push_back(std::move(us));
    }
  }

  // ---- Plans.

  int FieldOf(int64_t filing) const {
    Rng rng(seed(), Stream::kPlan, static_cast<uint64_t>(filing));
    return static_cast<int>(PickCumulative(field_weights, rng.Below(field_weights.back())));
  }

  int SlotOf(int64_t filing) {
    const int64_t block = filing / kBlockSize;
    if (block != cached_block) {
      std::array<uint8_t, kBlockSize> slots{};
      for (size_t pos = 0; pos < slots.size(); ++pos) slots[pos] = static_cast<uint8_t>(pos);
      Rng rng(seed(), Stream::kBlock, static_cast<uint64_t>(block));
      for (size_t pos = 0; pos + 1 < slots.size(); ++pos) {
        size_t other = pos + rng.Below(slots.size() - pos);
        std::swap(slots[pos], slots[other]);
      }
      cached_slots = slots;
      cached_block = block;
    }
    return cached_slots[static_cast<size_t>(filing % kBlockSize)];
  }

  FilingPlan Plan(int64_t filing) {
    FilingPlan plan;
    plan.filing = filing;
    const int slot = SlotOf(filing);
    plan.kind = kBlockSlots[static_cast<size_t>(slot)];
    const KindSlots slots = SlotsOf(plan.kind);
    const int64_t block = filing / kBlockSize;
    plan.rank = block * slots.count + (slot - slots.first);
    if (IsUs(plan.kind)) plan.us_rank = block * kUsSlotsPerBlock + (slot - kFirstUsSlot);

    Rng rng(seed(), Stream::kPlan, static_cast<uint64_t>(filing));
    plan.field = static_cast<int>(PickCumulative(field_weights, rng.Below(field_weights.back())));
    const size_t year = PickCumulative(year_weights, rng.Below(year_weights.back()));
    const int year_days = year_start[year + 1] - year_start[year];
    // From the 7th of January: snapping back to a publication weekday stays in the year.
    int day = std::min(
        year_start[year] + 6 + static_cast<int>(rng.Below(static_cast<uint64_t>(year_days - 6))),
        as_of);
    switch (plan.kind) {
      case FilingKind::kCnInvention: {
        plan.published = BackToCnPublicationDay(day);
        const bool early = rng.Percent(25);
        plan.filed = early ? plan.published - rng.Int(90, 390) : plan.published - rng.Int(548, 590);
        int decision = plan.filed + rng.Int(730, 1640);
        decision = BackToCnPublicationDay(std::max(decision, plan.published + 120));
        const uint64_t roll = rng.Below(100);
        if (decision <= as_of) {
          plan.decided = decision;
          plan.outcome = roll < 62   ? Outcome::kGranted
                         : roll < 75 ? Outcome::kRejected
                                     : Outcome::kWithdrawn;
        }
        break;
      }
      case FilingKind::kCnUtility:
        plan.published = BackToCnPublicationDay(day);
        plan.filed = plan.published - rng.Int(100, 340);
        break;
      case FilingKind::kCnDesign:
        plan.published = BackToCnPublicationDay(day);
        plan.filed = plan.published - rng.Int(90, 300);
        break;
      case FilingKind::kUsGrant:
        plan.published = BackTo(day, 2);  // Tuesdays
        plan.filed = plan.published - rng.Int(540, 1620);
        plan.us_b1 = rng.Percent(15);
        break;
      case FilingKind::kUsApplication:
        plan.published = BackTo(day, 4);  // Thursdays
        plan.filed = plan.published - rng.Int(548, 568);
        break;
    }
    return plan;
  }

  // ---- Numbers.

  std::string CnApplicationNumber(const FilingPlan& plan) const {
    const int type = plan.kind == FilingKind::kCnInvention ? 1
                     : plan.kind == FilingKind::kCnUtility ? 2
                                                           : 3;
    const uint64_t rank = static_cast<uint64_t>(plan.rank);
    const uint64_t serial =
        (rank / 1'000'000) * 1'000'000 + Scramble(rank % 1'000'000, 1'000'000, seed(), 10 + type);
    std::string digits =
        base::StrCat(YearOf(plan.filed), type, ZeroPad(static_cast<int64_t>(serial), 7));
    absl::StatusOr<char> check = CnApplicationCheckCharacter(digits);
    return base::StrCat(digits, ".", std::string(1, check.ok() ? *check : '0'));
  }

  // The nine digits of a CN first publication (the B of an invention keeps them).
  std::string CnPublicationDigits(const FilingPlan& plan) const {
    const int year = YearOf(plan.published);
    int prefix = 0;
    int salt = 0;
    switch (plan.kind) {
      case FilingKind::kCnInvention:
        prefix = PrefixFor(kInventionPrefixes, year);
        salt = 21;
        break;
      case FilingKind::kCnUtility:
        prefix = PrefixFor(kUtilityPrefixes, year);
        salt = 22;
        break;
      default:
        prefix = PrefixFor(kDesignPrefixes, year);
        salt = 23;
        break;
    }
    const uint64_t rank = static_cast<uint64_t>(plan.rank);
    prefix += 50 * static_cast<int>(rank / 1'000'000);
    const uint64_t serial =
        Scramble(rank % 1'000'000, 1'000'000, seed(), static_cast<uint64_t>(salt));
    return base::StrCat(prefix, ZeroPad(static_cast<int64_t>(serial), 6));
  }

  std::string UsGrantDigits(const FilingPlan& plan) const {
    auto [start, end] = UsGrantRange(YearOf(plan.published));
    const uint64_t size = static_cast<uint64_t>(end - start);
    const uint64_t rank = static_cast<uint64_t>(plan.rank);
    if (rank >= size) return std::to_string(90'000'000 + plan.rank);
    return std::to_string(start + static_cast<int64_t>(Scramble(rank, size, seed(), 31)));
  }

  std::string UsApplicationPublicationDigits(const FilingPlan& plan) const {
    const uint64_t rank = static_cast<uint64_t>(plan.rank);
    const int64_t serial = rank < 400'000
                               ? 1 + static_cast<int64_t>(Scramble(rank, 400'000, seed(), 32))
                               : 1'000'000 + plan.rank;
    return base::StrCat(YearOf(plan.published), ZeroPad(serial, 7));
  }

  std::string UsApplicationNumber(const FilingPlan& plan) const {
    const uint64_t rank = static_cast<uint64_t>(plan.us_rank);
    const int series = UsSeriesCode(YearOf(plan.filed)) + 10 * static_cast<int>(rank / 1'000'000);
    const uint64_t serial = Scramble(rank % 1'000'000, 1'000'000, seed(), 33);
    return base::StrCat(series, ZeroPad(static_cast<int64_t>(serial), 6));
  }

  // What a citation of `plan` names, as of the day `before` (exclusive): the
  // latest publication then. Empty country: nothing was published by then.
  PublicationRef CitableAs(const FilingPlan& plan, int before) const {
    PublicationRef ref;
    if (plan.published >= before) return ref;
    switch (plan.kind) {
      case FilingKind::kCnInvention:
        ref = {"CN", CnPublicationDigits(plan), "A", plan.published};
        if (plan.outcome == Outcome::kGranted && plan.decided < before) {
          ref.kind = "B";
          ref.date = plan.decided;
        }
        break;
      case FilingKind::kCnUtility:
        ref = {"CN", CnPublicationDigits(plan), "U", plan.published};
        break;
      case FilingKind::kCnDesign:
        ref = {"CN", CnPublicationDigits(plan), "S", plan.published};
        break;
      case FilingKind::kUsGrant:
        ref = {"US", UsGrantDigits(plan), plan.us_b1 ? "B1" : "B2", plan.published};
        break;
      case FilingKind::kUsApplication:
        ref = {"US", UsApplicationPublicationDigits(plan), "A1", plan.published};
        break;
    }
    return ref;
  }

  // Up to `wanted` earlier filings of the same field (no designs) published
  // before `plan` was filed.
  void AddCitations(const FilingPlan& plan, int wanted, Citation::By by, Stream stream,
                    std::vector<Citation>& out) {
    if (wanted <= 0 || plan.filing == 0) return;
    Rng rng(seed(), stream, static_cast<uint64_t>(plan.filing));
    std::vector<int64_t> chosen;
    const int max_probes = 60 * wanted + 100;
    for (int probe = 0; probe < max_probes && static_cast<int>(chosen.size()) < wanted; ++probe) {
      const int64_t candidate = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(plan.filing)));
      if (FieldOf(candidate) != plan.field) continue;
      if (std::find(chosen.begin(), chosen.end(), candidate) != chosen.end()) continue;
      const int64_t saved_block = cached_block;
      const auto saved_slots = cached_slots;
      FilingPlan cited = Plan(candidate);
      cached_block = saved_block;
      cached_slots = saved_slots;
      if (cited.kind == FilingKind::kCnDesign) continue;
      PublicationRef ref = CitableAs(cited, plan.filed);
      if (ref.country.empty()) continue;
      chosen.push_back(candidate);
      Citation citation;
      citation.kind = Citation::Kind::kPatent;
      citation.by = by;
      citation.country = std::move(ref.country);
      citation.number = std::move(ref.number);
      citation.kind_code = std::move(ref.kind);
      citation.date = FormatDay(ref.date);
      out.push_back(std::move(citation));
    }
  }

  // ---- Documents.

  const Applicant& DrawApplicant(Rng& rng, bool us, int field) const {
    const std::vector<uint64_t>& zipf = us ? us_zipf : cn_zipf;
    size_t rank = PickCumulative(zipf, rng.Below(zipf.back()));
    const auto& pool = us ? us_pool : cn_pool;
    return pool[static_cast<size_t>(field)][rank];
  }

  Party CnParty(const Applicant& applicant) const {
    const demo::City& city = demo::Cities()[static_cast<size_t>(applicant.city)];
    Party party;
    party.name = applicant.name;
    party.type = applicant.type;
    party.address = applicant.address;
    party.country = "CN";
    party.region_code = std::string(city.code);
    party.postcode = std::string(city.postcode);
    return party;
  }

  Party UsParty(const Applicant& applicant) const {
    Party party;
    party.name = applicant.name;
    party.type = applicant.type;
    party.address = applicant.address;
    party.country = "US";
    return party;
  }

  void AddParties(const FilingPlan& plan, Patent& patent) const {
    Rng rng(seed(), Stream::kParties, static_cast<uint64_t>(plan.filing));
    const bool us = IsUs(plan.kind);
    const Applicant& first = DrawApplicant(rng, us, plan.field);
    patent.applicants.push_back(us ? UsParty(first) : CnParty(first));
    if (!us && rng.Percent(15)) {
      // A co-applicant: a university with a company, or another company.
      for (int attempt = 0; attempt < 8; ++attempt) {
        const Applicant& other = DrawApplicant(rng, false, plan.field);
        if (other.name == first.name || other.type == PartyType::kIndividual) continue;
        if (first.type == PartyType::kEnterprise && other.type == PartyType::kEnterprise &&
            attempt < 4) {
          continue;
        }
        patent.applicants.push_back(CnParty(other));
        break;
      }
    }
    // Inventors: from the applicant's team, distinct.
    const int inventors = first.type == PartyType::kIndividual ? rng.Int(1, 3) : rng.Int(1, 6);
    const uint64_t start = rng.Below(static_cast<uint64_t>(first.team_size));
    if (first.type == PartyType::kIndividual) {
      Party self;
      self.name = first.name;
      self.type = PartyType::kIndividual;
      self.country = us ? "US" : "CN";
      if (us) self.address = first.address;
      patent.inventors.push_back(std::move(self));
    }
    std::vector<std::string> names;
    for (int member = 0; static_cast<int>(patent.inventors.size()) < inventors && member < 12;
         ++member) {
      uint64_t slot =
          (start + static_cast<uint64_t>(member)) % static_cast<uint64_t>(first.team_size);
      Rng person(seed(), Stream::kPool, first.team + slot);
      Party inventor;
      inventor.name = us ? EnglishName(person) : ChineseName(person);
      if (std::find(names.begin(), names.end(), inventor.name) != names.end() ||
          inventor.name == first.name) {
        continue;
      }
      names.push_back(inventor.name);
      inventor.type = PartyType::kIndividual;
      inventor.country = us ? "US" : "CN";
      if (us) {
        const demo::UsCity& city = demo::UsCities()[person.Below(demo::UsCities().size())];
        inventor.address = base::StrCat(city.city, ", ", city.state);
      }
      patent.inventors.push_back(std::move(inventor));
    }
    // Agency: most applicants use one; individuals often do not.
    if (first.type == PartyType::kIndividual ? rng.Percent(40) : rng.Percent(88)) {
      const Agency& agency = us ? us_firms[static_cast<size_t>(first.agency)]
                                : cn_agencies[static_cast<size_t>(first.agency)];
      patent.agency = agency.name;
      const size_t agents = rng.Percent(60) ? 2 : 1;
      const size_t offset = rng.Below(agency.agents.size());
      for (size_t pos = 0; pos < agents; ++pos) {
        patent.agents.push_back(agency.agents[(offset + pos) % agency.agents.size()]);
      }
    }
  }

  void AddClassification(const FilingPlan& plan, const FieldVocabulary& field, Rng& rng,
                         Patent& patent) const {
    const std::string_view main = rng.PickSkewed(field.ipc);
    patent.ipc.push_back({std::string(main), std::string(IpcVersion(main))});
    const int extra = static_cast<int>(rng.Below(4));
    for (int count = 0; count < extra; ++count) {
      std::string_view symbol = rng.Pick(field.ipc);
      bool seen = false;
      for (const auto& existing : patent.ipc) seen = seen || existing.symbol == symbol;
      if (!seen) patent.ipc.push_back({std::string(symbol), std::string(IpcVersion(symbol))});
    }
    patent.ipc_main = patent.ipc.front().symbol;
    if (IsUs(plan.kind)) {
      for (const auto& symbol : patent.ipc) patent.cpc.push_back({symbol.symbol, "2013.01"});
      if (!field.cpc_tags.empty() && rng.Percent(50)) {
        patent.cpc.push_back({std::string(rng.Pick(field.cpc_tags)), "2013.01"});
      }
    }
  }

  std::string DesignVariant(Rng& rng) const {
    static constexpr std::string_view kVariants[] = {
        "", "", "", "（一）", "（二）", "（便携款）", "（标准型）", "（升级版）", "（A款）"};
    return std::string(kVariants[rng.Below(std::size(kVariants))]);
  }

  void AddDesignTexts(const FieldVocabulary& field, Rng& rng, Patent& patent) const {
    const demo::DesignProduct& product = rng.Pick(field.designs);
    patent.title = base::StrCat(product.zh, DesignVariant(rng));
    patent.locarno = std::string(product.locarno);
    static constexpr std::string_view kPoints[] = {"形状", "形状与图案的结合", "形状与色彩的结合"};
    static constexpr std::string_view kViews[] = {"立体图", "主视图", "立体图1"};
    std::string_view point = kPoints[rng.Below(3)];
    std::string_view view = kViews[rng.Below(3)];
    patent.abstract =
        base::StrCat("1．本外观设计产品的名称：", patent.title, "。2．本外观设计产品的用途：用于",
                     field.name.zh, "领域。3．本外观设计产品的设计要点：在于", point,
                     "。4．最能表明设计要点的图片或照片：", view, "。");
    Claim claim;
    claim.number = 1;
    claim.text = base::StrCat("如图片或照片所示的", patent.title, "的外观设计。");
    patent.claims.push_back(std::move(claim));
  }

  // Legal events of a CN application (the same list on its A and its B).
  std::vector<LegalEvent> CnEvents(const FilingPlan& plan, const Patent& patent) const {
    std::vector<LegalEvent> events;
    Rng rng(seed(), Stream::kEvents, static_cast<uint64_t>(plan.filing));
    auto add = [&events](std::string_view code, int day, std::string text) {
      events.push_back({std::string(code), FormatDay(day), std::move(text)});
    };
    int granted = 0;
    if (plan.kind == FilingKind::kCnInvention) {
      add("PB01", plan.published, "公开");
      int examination = plan.published + rng.Int(0, 150);
      if (plan.decided > 0) examination = std::min(examination, plan.decided - 30);
      examination = std::max(examination, plan.filed + 30);
      if (examination <= as_of) add("SE01", examination, "实质审查的生效");
      switch (plan.outcome) {
        case Outcome::kGranted:
          granted = plan.decided;
          add("GR01", granted, "授权");
          break;
        case Outcome::kRejected:
          add("RJ01", plan.decided, "发明专利申请公布后的驳回");
          break;
        case Outcome::kWithdrawn:
          add("WD01", plan.decided, "发明专利申请公布后的视为撤回");
          break;
        case Outcome::kPending:
          break;
      }
    } else {
      granted = plan.published;
      add("GR01", granted, "授权");
    }
    if (granted == 0) return events;

    // The life of the right: the term, an early end for unpaid fees or surrender.
    const std::string application = patent.application_number;
    const int term = plan.kind == FilingKind::kCnInvention     ? 20
                     : plan.kind == FilingKind::kCnUtility     ? 10
                     : plan.filed >= DaysFromCivil(2021, 6, 1) ? 15
                                                               : 10;
    const int expiry = AddYears(plan.filed, term);
    int end =
        std::min(expiry, as_of + 1);  // first day the right no longer exists (or beyond as_of)
    const int lapse_percent = plan.kind == FilingKind::kCnInvention ? 40
                              : plan.kind == FilingKind::kCnUtility ? 65
                                                                    : 60;
    const int granted_year = YearOf(granted) - YearOf(plan.filed);
    std::optional<LegalEvent> closing;
    if (rng.Percent(lapse_percent) && granted_year + 1 < term) {
      const uint64_t spread = static_cast<uint64_t>(term - granted_year - 1);
      const uint64_t one = rng.Below(spread);
      const uint64_t other = rng.Below(spread);
      const int year = granted_year + 1 + static_cast<int>(std::min(one, other));
      const int due = AddYears(plan.filed, year);
      const int announced = due + rng.Int(200, 320);
      if (announced <= as_of && due > granted) {
        end = due;
        closing = LegalEvent{
            "CF01", FormatDay(announced),
            base::StrCat("未缴年费专利权终止 申请日：", FormatDay(plan.filed), " 授权公告日：",
                         FormatDay(granted), " 终止日期：", FormatDay(due))};
      }
    } else if (rng.Percent(3)) {
      const int surrendered = granted + rng.Int(200, 1100);
      if (surrendered < end) {
        end = surrendered;
        closing = LegalEvent{"AV01", FormatDay(surrendered), "专利权的主动放弃"};
      }
    }
    if (!closing.has_value() && expiry <= as_of) {
      closing = LegalEvent{
          "CX01", FormatDay(expiry),
          base::StrCat("专利权有效期届满 申请日：", FormatDay(plan.filed), " 授权公告日：",
                       FormatDay(granted), " 期满终止日期：", FormatDay(expiry))};
    }

    // Transactions while the right lives: a transfer, licences, pledges.
    const int window_start = granted + 30;
    const int window_end = std::min(end, as_of + 1);
    std::string owner = patent.applicants.empty() ? std::string() : patent.applicants[0].name;
    const std::string province_code =
        patent.applicants.empty() || patent.applicants[0].region_code.empty()
            ? std::string("37")
            : patent.applicants[0].region_code.substr(0, 2);
    auto day_in_window = [&](int from) {
      return from + static_cast<int>(rng.Below(static_cast<uint64_t>(window_end - from)));
    };
    auto other_company = [&]() {
      for (int attempt = 0; attempt < 10; ++attempt) {
        const Applicant& candidate = DrawApplicant(rng, false, plan.field);
        if (candidate.type == PartyType::kEnterprise && candidate.name != owner)
          return candidate.name;
      }
      return cn_pool[static_cast<size_t>(plan.field)][0].name;
    };
    if (window_end - window_start > 60) {
      const bool invention = plan.kind == FilingKind::kCnInvention;
      int transfer_day = 0;
      std::string previous_owner = owner;
      if (rng.Percent(invention ? 12 : (plan.kind == FilingKind::kCnUtility ? 8 : 3))) {
        transfer_day = day_in_window(window_start);
        std::string buyer = other_company();
        add("TR01", transfer_day,
            base::StrCat("专利权的转移 专利号：ZL", application, " 登记生效日：",
                         FormatDay(transfer_day), " 变更事项：专利权人 变更前权利人：", owner,
                         " 变更后权利人：", buyer));
        owner = buyer;
      }
      auto owner_on = [&](int day) {
        return transfer_day > 0 && day < transfer_day ? previous_owner : owner;
      };
      if (plan.kind != FilingKind::kCnDesign && rng.Percent(invention ? 6 : 3)) {
        const int recorded = day_in_window(window_start);
        const std::string number =
            base::StrCat("X", YearOf(recorded), province_code,
                         ZeroPad(static_cast<int64_t>(rng.Below(10'000'000)), 7));
        const std::string licensor = owner_on(recorded);
        const std::string licensee = other_company();
        add("EE01", recorded,
            base::StrCat("专利实施许可合同备案的生效 合同备案号：", number, " 让与人：", licensor,
                         " 受让人：", licensee, " 许可种类：", rng.Pick(demo::LicenceKinds()).zh,
                         " 备案日期：", FormatDay(recorded)));
        const int cancelled = recorded + rng.Int(365, 1100);
        if (rng.Percent(40) && cancelled < window_end) {
          add("EC01", cancelled,
              base::StrCat("专利实施许可合同备案的注销 合同备案号：", number, " 让与人：", licensor,
                           " 受让人：", licensee, " 解除日：", FormatDay(cancelled)));
        }
      }
      if (plan.kind != FilingKind::kCnDesign && rng.Percent(invention ? 8 : 5)) {
        const int registered = day_in_window(window_start);
        const std::string number =
            base::StrCat("Y", YearOf(registered), province_code,
                         ZeroPad(static_cast<int64_t>(rng.Below(10'000'000)), 7));
        const std::string pledgor = owner_on(registered);
        std::string bank(rng.Pick(demo::Banks()));
        add("PE01", registered,
            base::StrCat("专利权质押合同登记的生效 专利号：ZL", application, " 登记号：", number,
                         " 登记生效日：", FormatDay(registered), " 出质人：", pledgor, " 质权人：",
                         bank));
        const int released = registered + rng.Int(330, 1100);
        if (rng.Percent(70) && released < window_end) {
          add("PC01", released,
              base::StrCat("专利权质押合同登记的注销 专利号：ZL", application, " 登记号：", number,
                           " 出质人：", pledgor, " 质权人：", bank, " 解除日：",
                           FormatDay(released)));
        }
      }
    }
    if (closing.has_value()) events.push_back(std::move(*closing));
    std::stable_sort(events.begin(), events.end(),
                     [](const LegalEvent& a, const LegalEvent& b) { return a.date < b.date; });
    return events;
  }

  Subject PickSubject(const FieldVocabulary& field, Rng& rng) const {
    const uint64_t roll = rng.Below(100);
    if (field.materials.empty()) return roll < 60 ? Subject::kMethod : Subject::kDevice;
    return roll < 45 ? Subject::kMethod : (roll < 75 ? Subject::kDevice : Subject::kMaterial);
  }

  static bool SoftwareField(const FieldVocabulary& field) {
    static constexpr std::string_view kSoftware[] = {"G06N", "G06F", "H04W", "H02J",
                                                     "B60L", "H01M", "B64U", "F24S"};
    return std::find(std::begin(kSoftware), std::end(kSoftware), field.key) != std::end(kSoftware);
  }

  // The first publication of `plan`, and (CN granted inventions) its B.
  void Produce(const FilingPlan& plan) {
    const FieldVocabulary& field = demo::Fields()[static_cast<size_t>(plan.field)];
    Rng text_rng(seed(), Stream::kText, static_cast<uint64_t>(plan.filing));
    Patent patent;
    const bool us = IsUs(plan.kind);
    patent.country = us ? "US" : "CN";
    patent.language = us ? "en" : "zh";
    patent.application_date = FormatDay(plan.filed);
    patent.publication_date = FormatDay(plan.published);
    patent.family_id = base::StrCat("demo-", seed(), "-", plan.filing);

    switch (plan.kind) {
      case FilingKind::kCnInvention:
        patent.type = DocumentType::kCnInventionApplication;
        patent.kind = "A";
        break;
      case FilingKind::kCnUtility:
        patent.type = DocumentType::kCnUtilityModel;
        patent.kind = "U";
        patent.grant_date = patent.publication_date;
        break;
      case FilingKind::kCnDesign:
        patent.type = DocumentType::kCnDesign;
        patent.kind = "S";
        patent.grant_date = patent.publication_date;
        break;
      case FilingKind::kUsGrant:
        patent.type = DocumentType::kUsUtilityGrant;
        patent.kind = plan.us_b1 ? "B1" : "B2";
        patent.grant_date = patent.publication_date;
        break;
      case FilingKind::kUsApplication:
        patent.type = DocumentType::kUsUtilityApplication;
        patent.kind = "A1";
        break;
    }
    if (us) {
      patent.doc_number = plan.kind == FilingKind::kUsGrant ? UsGrantDigits(plan)
                                                            : UsApplicationPublicationDigits(plan);
      patent.application_number = UsApplicationNumber(plan);
      patent.application_number_original = base::StrCat(patent.application_number.substr(0, 2), "/",
                                                        patent.application_number.substr(2, 3), ",",
                                                        patent.application_number.substr(5));
    } else {
      patent.doc_number = CnPublicationDigits(plan);
      patent.application_number = CnApplicationNumber(plan);
      patent.application_number_original = base::StrCat("CN", patent.application_number);
    }
    patent.publication_number = base::StrCat(patent.country, patent.doc_number, patent.kind);

    if (plan.kind == FilingKind::kCnDesign) {
      AddDesignTexts(field, text_rng, patent);
    } else {
      TextWriter writer(field, us ? Language::kEn : Language::kZh,
                        plan.kind == FilingKind::kCnUtility, text_rng);
      Subject subject =
          plan.kind == FilingKind::kCnUtility ? Subject::kDevice : PickSubject(field, text_rng);
      Texts texts = writer.Write(subject, SoftwareField(field));
      patent.title = std::move(texts.title);
      patent.abstract = std::move(texts.abstract);
      patent.description = std::move(texts.description);
      patent.claims = std::move(texts.claims);
      AddClassification(plan, field, text_rng, patent);
    }
    AddParties(plan, patent);

    // Citations of the first publication.
    {
      Rng count_rng(seed(), Stream::kCitations, static_cast<uint64_t>(plan.filing) ^ (1ULL << 62));
      int wanted = 0;
      Citation::By by = Citation::By::kApplicant;
      switch (plan.kind) {
        case FilingKind::kCnInvention:
          wanted = count_rng.Percent(55) ? 0 : count_rng.Int(1, 3);
          break;
        case FilingKind::kCnUtility:
          wanted = count_rng.Percent(60) ? 0 : count_rng.Int(1, 2);
          break;
        case FilingKind::kCnDesign:
          break;
        case FilingKind::kUsGrant:
          wanted = count_rng.Int(2, 8);
          by = Citation::By::kExaminer;
          break;
        case FilingKind::kUsApplication:
          wanted = count_rng.Int(0, 3);
          break;
      }
      AddCitations(plan, wanted, by, Stream::kCitations, patent.citations);
      if (plan.kind == FilingKind::kUsGrant) {
        // Applicants cite some of these too; and a journal article now and then.
        for (size_t pos = 0; pos < patent.citations.size(); ++pos) {
          if (count_rng.Percent(40)) patent.citations[pos].by = Citation::By::kApplicant;
        }
        if (count_rng.Percent(25)) {
          Citation article;
          article.kind = Citation::Kind::kNonPatent;
          article.by = Citation::By::kApplicant;
          const Term& task = count_rng.Pick(field.tasks);
          const int year = YearOf(plan.filed) - count_rng.Int(1, 8);
          const int first_page = count_rng.Int(1, 900);
          const int last_page = first_page + count_rng.Int(5, 20);
          const int volume = count_rng.Int(5, 60);
          const int issue = count_rng.Int(1, 12);
          std::string_view author = count_rng.Pick(demo::EnglishLastNames());
          article.text =
              base::StrCat(author, " et al., \"", Capitalized(task.en), "\", Journal of ",
                           TitleCase(field.name.en), ", vol. ", volume, ", no. ", issue, ", pp. ",
                           first_page, "-", last_page, ", ", year, ".");
          patent.citations.push_back(std::move(article));
        }
      }
    }

    if (!us) patent.legal_events = CnEvents(plan, patent);

    if (plan.kind == FilingKind::kCnInvention && plan.outcome == Outcome::kGranted) {
      Patent grant = patent;
      grant.kind = "B";
      grant.type = DocumentType::kCnInventionGrant;
      grant.publication_date = FormatDay(plan.decided);
      grant.grant_date = grant.publication_date;
      grant.publication_number = base::StrCat("CN", grant.doc_number, "B");
      grant.citations.clear();
      Rng count_rng(seed(), Stream::kGrantCitations,
                    static_cast<uint64_t>(plan.filing) ^ (1ULL << 62));
      AddCitations(plan, count_rng.Int(1, 6), Citation::By::kExaminer, Stream::kGrantCitations,
                   grant.citations);
      pending = std::move(grant);
    }
    current = std::move(patent);
  }

  Patent current;
};

CorpusGenerator::CorpusGenerator(CorpusOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()) {
  if (!ValidateCorpusOptions(options_).ok()) {
    options_.count = std::clamp<int64_t>(options_.count, 0, kMaxCorpusDocuments);
    int as_of = 0;
    if (!ParseDay(options_.as_of, as_of)) options_.as_of = "2026-11-01";
    ParseDay(options_.as_of, as_of);
    options_.last_year = std::min(options_.last_year, YearOf(as_of - 90));
    options_.last_year = std::max(options_.last_year, 2005);
    options_.first_year = std::clamp(options_.first_year, 2005, options_.last_year);
  }
  state_->options = options_;
  state_->Init();
}

CorpusGenerator::~CorpusGenerator() = default;

Patent CorpusGenerator::Next() {
  ++produced_;
  if (state_->pending.has_value()) {
    Patent grant = std::move(*state_->pending);
    state_->pending.reset();
    return grant;
  }
  FilingPlan plan = state_->Plan(state_->next_filing++);
  state_->Produce(plan);
  return std::move(state_->current);
}

absl::StatusOr<CorpusLoadSummary> LoadCorpus(db::Database& database, const CorpusOptions& options,
                                             const std::function<void(int64_t done)>& progress) {
  IPHUB_RETURN_IF_ERROR(ValidateCorpusOptions(options));
  constexpr size_t kBatchSize = 1000;
  const auto started = std::chrono::steady_clock::now();
  CorpusLoadSummary summary;
  CorpusGenerator generator(options);
  std::vector<Patent> batch;
  batch.reserve(kBatchSize);
  base::Clock& clock = base::SystemClock::Instance();
  while (generator.HasNext()) {
    batch.clear();
    while (generator.HasNext() && batch.size() < kBatchSize) batch.push_back(generator.Next());
    IPHUB_ASSIGN_OR_RETURN(auto conn, database.Acquire());
    db::Transaction tx(*conn);
    IPHUB_RETURN_IF_ERROR(tx.Begin());
    const int64_t now = clock.NowMillis();
    CorpusLoadSummary delta;
    for (const Patent& patent : batch) {
      IPHUB_ASSIGN_OR_RETURN(store::UpsertOutcome outcome, store::UpsertPatent(*conn, patent, now));
      switch (outcome) {
        case store::UpsertOutcome::kInserted:
          ++delta.inserted;
          break;
        case store::UpsertOutcome::kUpdated:
          ++delta.updated;
          break;
        case store::UpsertOutcome::kUnchanged:
          ++delta.unchanged;
          break;
      }
    }
    IPHUB_RETURN_IF_ERROR(tx.Commit());
    summary.documents += static_cast<int64_t>(batch.size());
    summary.inserted += delta.inserted;
    summary.updated += delta.updated;
    summary.unchanged += delta.unchanged;
    if (progress) progress(summary.documents);
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace iphub::patents
