// Text to UTF-8 as a stream, for the spreadsheet importer: CSV files in
// whatever encoding a Chinese export tool wrote, and the rare XLSX part that is
// not UTF-8. The input arrives in pieces of any size; a character cut by a
// piece boundary is held back until the next piece completes it, so the output
// does not depend on how the input was cut (see kDetect for the one caveat).
//
//   TextDecoder decoder(TextEncoding::kDetect);
//   std::string text;
//   for (std::string_view piece : pieces) {
//     text.clear();
//     const DecodedSpan span = decoder.Decode(piece, text);
//     Parse(text, span);  // text is UTF-8; span says which input bytes it came from
//   }
//   text.clear();
//   Parse(text, decoder.Finish(text));
//
// Never fails: bytes that cannot be decoded become U+FFFD. Memory: the piece
// being decoded, at most 4 held-back bytes, and (kDetect only) a sample of up
// to kDetectSampleBytes. Not thread-safe; one decoder per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "iphub/base/utf8.h"

namespace iphub::patents::importers::internal {

using base::AppendCodePoint;
using base::kReplacementCharacter;
using base::NextCodePoint;

enum class TextEncoding {
  // What a CSV file is in (DecodeText's rules): a UTF-8 BOM → UTF-8; a UTF-16
  // BOM → UTF-16LE/BE; otherwise UTF-8 unless the text is not, in which case
  // GB18030 (GBK, GB2312) — unless it is nearly all valid UTF-8 with a few
  // damaged bytes (at least eight valid multi-byte characters per invalid
  // sequence). ASCII reads the same in all of them, so the choice is made on
  // the first kDetectSampleBytes from the first non-ASCII byte on; for a file
  // whose non-ASCII text fits in that sample it is the whole file's.
  kDetect,
  kUtf8,  // invalid sequences become U+FFFD
  kUtf16Le,
  kUtf16Be,
  kUtf32Le,
  kUtf32Be,
  kLatin1,
};

inline constexpr size_t kDetectSampleBytes = size_t{1} << 20;

// Which input bytes a piece of output came from: [source_begin, source_end)
// in the input as fed (counting from its first byte, BOM included). When
// `aligned`, output byte k is input byte source_begin + k (the input was UTF-8
// and copied unchanged); otherwise only the range is known.
struct DecodedSpan {
  uint64_t source_begin = 0;
  uint64_t source_end = 0;
  bool aligned = false;
};

class TextDecoder {
 public:
  explicit TextDecoder(TextEncoding encoding);
  TextDecoder(TextDecoder&&) noexcept;
  TextDecoder& operator=(TextDecoder&&) noexcept;
  ~TextDecoder();

  // Appends the UTF-8 of the next `bytes` of the input to `out` (never
  // clearing it); bytes that may begin a character the next piece completes
  // are held back, and so is the kDetect sample until it is complete.
  DecodedSpan Decode(std::string_view bytes, std::string& out);

  // The end of the input: appends what was held back (a truncated character
  // becomes U+FFFD).
  DecodedSpan Finish(std::string& out);

 private:
  enum class Mode { kBom, kAscii, kSample, kUtf8, kIconv };
  struct Iconv;

  DecodedSpan Step(std::string_view bytes, bool at_end, std::string& out);
  // Each mode's step: decodes input[pos, …), advancing `pos`; false when it
  // needs more input (the rest of input is held back).
  bool StepBom(std::string_view input, size_t& pos, bool at_end, bool& aligned);
  void StepAscii(std::string_view input, size_t& pos, std::string& out);
  bool StepSample(std::string_view input, size_t& pos, bool at_end);
  bool StepUtf8(std::string_view input, size_t& pos, bool at_end, std::string& out, bool& aligned);
  bool StepIconv(std::string_view input, size_t& pos, bool at_end, std::string& out);
  void UseIconv(const char* from, size_t unit);

  Mode mode_ = Mode::kBom;
  std::unique_ptr<Iconv> iconv_;
  std::string held_;        // input bytes held back for the next piece
  std::string joined_;      // held_ + the next piece
  uint64_t converted_ = 0;  // input bytes decoded (or dropped) so far
};

}  // namespace iphub::patents::importers::internal
