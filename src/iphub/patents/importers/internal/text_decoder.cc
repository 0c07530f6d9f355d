#include "iphub/patents/importers/internal/text_decoder.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <utility>

namespace iphub::patents::importers::internal {

namespace {

// The bytes a UTF-8 sequence starting with `lead` may take (NextCodePoint
// never looks further).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

// glibc iconv: a conversion descriptor and the width of the code unit to skip
// past an invalid sequence.
struct TextDecoder::Iconv {
  Iconv(iconv_t handle_in, size_t unit_in) : handle(handle_in), unit(unit_in) {}
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  ~Iconv() { ::iconv_close(handle); }

  iconv_t handle;
  size_t unit;
};

TextDecoder::TextDecoder(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kDetect:
      mode_ = Mode::kBom;
      break;
    case TextEncoding::kUtf8:
      mode_ = Mode::kUtf8;
      break;
    case TextEncoding::kUtf16Le:
      UseIconv("UTF-16LE", 2);
      break;
    case TextEncoding::kUtf16Be:
      UseIconv("UTF-16BE", 2);
      break;
    case TextEncoding::kUtf32Le:
      UseIconv("UTF-32LE", 4);
      break;
    case TextEncoding::kUtf32Be:
      UseIconv("UTF-32BE", 4);
      break;
    case TextEncoding::kLatin1:
      UseIconv("ISO-8859-1", 1);
      break;
  }
}

TextDecoder::TextDecoder(TextDecoder&&) noexcept = default;
TextDecoder& TextDecoder::operator=(TextDecoder&&) noexcept = default;
TextDecoder::~TextDecoder() = default;

// Without the converter (glibc built without it) the bytes are taken as UTF-8.
void TextDecoder::UseIconv(const char* from, size_t unit) {
  const iconv_t handle = ::iconv_open("UTF-8", from);
  if (handle == reinterpret_cast<iconv_t>(-1)) {
    mode_ = Mode::kUtf8;
    return;
  }
  iconv_ = std::make_unique<Iconv>(handle, unit);
  mode_ = Mode::kIconv;
}

DecodedSpan TextDecoder::Decode(std::string_view bytes, std::string& out) {
  return Step(bytes, /*at_end=*/false, out);
}

DecodedSpan TextDecoder::Finish(std::string& out) { return Step({}, /*at_end=*/true, out); }

DecodedSpan TextDecoder::Step(std::string_view bytes, bool at_end, std::string& out) {
  std::string_view input = bytes;
  if (!held_.empty()) {
    joined_.assign(held_);
    joined_.append(bytes);
    held_.clear();
    input = joined_;
  }
  DecodedSpan span{.source_begin = converted_, .source_end = converted_, .aligned = true};
  size_t pos = 0;
  bool go_on = true;
  while (go_on && pos < input.size()) {
    switch (mode_) {
      case Mode::kBom:
        go_on = StepBom(input, pos, at_end, span.aligned);
        span.source_begin = converted_ + pos;  // nothing was decoded before a BOM
        break;
      case Mode::kAscii:
        StepAscii(input, pos, out);
        break;
      case Mode::kSample:
        go_on = StepSample(input, pos, at_end);
        break;
      case Mode::kUtf8:
        go_on = StepUtf8(input, pos, at_end, out, span.aligned);
        break;
      case Mode::kIconv:
        span.aligned = false;
        go_on = StepIconv(input, pos, at_end, out);
        break;
    }
  }
  held_.assign(input.substr(pos));
  converted_ += pos;
  span.source_end = converted_;
  return span;
}

bool TextDecoder::StepBom(std::string_view input, size_t& pos, bool at_end, bool& aligned) {
  const std::string_view rest = input.substr(pos);
  if (rest.size() < 3 && !at_end) return false;
  if (rest.starts_with("\xEF\xBB\xBF")) {
    pos += 3;
    mode_ = Mode::kUtf8;
  } else if (rest.starts_with("\xFF\xFE")) {
    pos += 2;
    aligned = false;
    UseIconv("UTF-16LE", 2);
  } else if (rest.starts_with("\xFE\xFF")) {
    pos += 2;
    aligned = false;
    UseIconv("UTF-16BE", 2);
  } else {
    mode_ = Mode::kAscii;
  }
  return true;
}

void TextDecoder::StepAscii(std::string_view input, size_t& pos, std::string& out) {
  const size_t start = pos;
  while (pos < input.size() && static_cast<unsigned char>(input[pos]) < 0x80) ++pos;
  out.append(input.substr(start, pos - start));
  if (pos < input.size()) mode_ = Mode::kSample;
}

bool TextDecoder::StepSample(std::string_view input, size_t& pos, bool at_end) {
  const size_t available = input.size() - pos;
  if (available < kDetectSampleBytes && !at_end) return false;
  const std::string_view sample = input.substr(pos, kDetectSampleBytes);
  // A sample that ends before the input does may cut a character: the last
  // three bytes are not judged.
  const bool whole = available <= kDetectSampleBytes;
  size_t multibyte = 0;
  size_t invalid = 0;
  size_t at = 0;
  while (at < sample.size() && (whole || sample.size() - at >= 4)) {
    if (static_cast<unsigned char>(sample[at]) < 0x80) {
      ++at;
      continue;
    }
    if (NextCodePoint(sample, at) < 0) {
      ++invalid;
    } else {
      ++multibyte;
    }
  }
  // UTF-8 with a few damaged bytes stays UTF-8; GBK text is rarely valid UTF-8
  // for more than a few characters in a row.
  if (invalid == 0 || multibyte >= 8 * invalid) {
    mode_ = Mode::kUtf8;
  } else {
    UseIconv("GB18030", 1);
  }
  return true;
}

bool TextDecoder::StepUtf8(std::string_view input, size_t& pos, bool at_end, std::string& out,
                           bool& aligned) {
  size_t run = pos;  // start of the valid bytes not yet appended
  bool complete = true;
  while (pos < input.size()) {
    const auto lead = static_cast<unsigned char>(input[pos]);
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    if (pos + SequenceLength(lead) > input.size() && !at_end) {
      complete = false;  // the next piece may complete it
      break;
    }
    const size_t start = pos;
    if (NextCodePoint(input, pos) < 0) {
      out.append(input.substr(run, start - run));
      out += kReplacementCharacter;
      run = pos;
      aligned = false;
    }
  }
  out.append(input.substr(run, pos - run));
  return complete;
}

// An invalid sequence becomes U+FFFD and the conversion goes on `unit` bytes
// later; a truncated one at the end of the input becomes U+FFFD.
bool TextDecoder::StepIconv(std::string_view input, size_t& pos, bool at_end, std::string& out) {
  char* in = const_cast<char*>(input.data() + pos);
  size_t in_left = input.size() - pos;
  char buffer[16384];
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof(buffer);
    const size_t result = ::iconv(iconv_->handle, &in, &in_left, &out_ptr, &out_left);
    const int error = errno;
    out.append(buffer, sizeof(buffer) - out_left);
    if (result != static_cast<size_t>(-1) || error == E2BIG) continue;
    // A character cut by the end of this piece (never more than a few bytes).
    if (error == EINVAL && !at_end && in_left <= 8) {
      pos = input.size() - in_left;
      return false;
    }
    out += kReplacementCharacter;
    if (error == EINVAL && at_end) break;
    const size_t skip = std::min(iconv_->unit, in_left);
    in += skip;
    in_left -= skip;
    ::iconv(iconv_->handle, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
  }
  pos = input.size();
  return true;
}

}  // namespace iphub::patents::importers::internal
