#include "iphub/patents/importers/entities.h"

#include <algorithm>
#include <array>
#include <utility>

namespace iphub::patents::importers {
namespace {

// Sorted by name (checked by the test). Spaces (emsp, ensp, thinsp, nbsp)
// become a plain space so that whitespace collapses as around other text.
// Source: ISO 8879:1986 Annex D entity sets as the USPTO and W3C publish them.
constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
    {"AElig", "Æ"},  {"Aacute", "Á"},  {"Agr", "Α"},     {"Agrave", "À"}, {"Alpha", "Α"},
    {"Aring", "Å"},  {"Auml", "Ä"},    {"Beta", "Β"},    {"Bgr", "Β"},    {"Ccedil", "Ç"},
    {"Chi", "Χ"},    {"Dagger", "‡"},  {"Delta", "Δ"},   {"Dgr", "Δ"},    {"EEgr", "Η"},
    {"Eacute", "É"}, {"Egr", "Ε"},     {"Epsilon", "Ε"}, {"Eta", "Η"},    {"Gamma", "Γ"},
    {"Ggr", "Γ"},    {"Igr", "Ι"},     {"Iota", "Ι"},    {"KHgr", "Χ"},   {"Kappa", "Κ"},
    {"Kgr", "Κ"},    {"Lambda", "Λ"},  {"Lgr", "Λ"},     {"Mgr", "Μ"},    {"Mu", "Μ"},
    {"Ngr", "Ν"},    {"Ntilde", "Ñ"},  {"Nu", "Ν"},      {"OHgr", "Ω"},   {"Oacute", "Ó"},
    {"Ogr", "Ο"},    {"Omega", "Ω"},   {"Omicron", "Ο"}, {"Oslash", "Ø"}, {"Ouml", "Ö"},
    {"PHgr", "Φ"},   {"PSgr", "Ψ"},    {"Pgr", "Π"},     {"Phi", "Φ"},    {"Pi", "Π"},
    {"Prime", "″"},  {"Psi", "Ψ"},     {"Rgr", "Ρ"},     {"Rho", "Ρ"},    {"Sgr", "Σ"},
    {"Sigma", "Σ"},  {"THgr", "Θ"},    {"Tau", "Τ"},     {"Tgr", "Τ"},    {"Theta", "Θ"},
    {"Uacute", "Ú"}, {"Ugr", "Υ"},     {"Upsilon", "Υ"}, {"Uuml", "Ü"},   {"Xgr", "Ξ"},
    {"Xi", "Ξ"},     {"Zeta", "Ζ"},    {"Zgr", "Ζ"},     {"aacute", "á"}, {"acute", "´"},
    {"aelig", "æ"},  {"af", "\u2061"}, {"agr", "α"},     {"agrave", "à"}, {"alpha", "α"},
    {"amp", "&"},    {"ang", "∠"},     {"apos", "'"},    {"aring", "å"},  {"ast", "*"},
    {"asymp", "≈"},  {"auml", "ä"},    {"beta", "β"},    {"bgr", "β"},    {"bsol", "\\"},
    {"bull", "•"},   {"ccedil", "ç"},  {"cent", "¢"},    {"chi", "χ"},    {"circ", "^"},
    {"colon", ":"},  {"comma", ","},   {"commat", "@"},  {"copy", "©"},   {"dagger", "†"},
    {"darr", "↓"},   {"deg", "°"},     {"delta", "δ"},   {"dgr", "δ"},    {"divide", "÷"},
    {"dollar", "$"}, {"eacute", "é"},  {"eegr", "η"},    {"egr", "ε"},    {"egrave", "è"},
    {"emsp", " "},   {"ensp", " "},    {"epsilon", "ε"}, {"equals", "="}, {"equiv", "≡"},
    {"eta", "η"},    {"euml", "ë"},    {"excl", "!"},    {"frac12", "½"}, {"frac13", "⅓"},
    {"frac14", "¼"}, {"frac15", "⅕"},  {"frac18", "⅛"},  {"frac23", "⅔"}, {"frac34", "¾"},
    {"gamma", "γ"},  {"ge", "≥"},      {"ggr", "γ"},     {"grave", "`"},  {"gt", ">"},
    {"half", "½"},   {"harr", "↔"},    {"hellip", "…"},  {"horbar", "―"}, {"hyphen", "‐"},
    {"iacute", "í"}, {"igr", "ι"},     {"infin", "∞"},   {"int", "∫"},    {"iota", "ι"},
    {"isin", "∈"},   {"iuml", "ï"},    {"kappa", "κ"},   {"kgr", "κ"},    {"khgr", "χ"},
    {"lambda", "λ"}, {"larr", "←"},    {"lcub", "{"},    {"ldquo", "“"},  {"le", "≤"},
    {"lgr", "λ"},    {"lowbar", "_"},  {"lpar", "("},    {"lsqb", "["},   {"lsquo", "‘"},
    {"lt", "<"},     {"mdash", "—"},   {"mgr", "μ"},     {"micro", "µ"},  {"middot", "·"},
    {"minus", "−"},  {"mu", "μ"},      {"nabla", "∇"},   {"nbsp", " "},   {"ndash", "–"},
    {"ne", "≠"},     {"ngr", "ν"},     {"ntilde", "ñ"},  {"nu", "ν"},     {"num", "#"},
    {"oacute", "ó"}, {"ogr", "ο"},     {"ohgr", "ω"},    {"omega", "ω"},  {"omicron", "ο"},
    {"oslash", "ø"}, {"ouml", "ö"},    {"para", "¶"},    {"part", "∂"},   {"percnt", "%"},
    {"period", "."}, {"perp", "⊥"},    {"pgr", "π"},     {"phgr", "φ"},   {"phi", "φ"},
    {"pi", "π"},     {"plus", "+"},    {"plusmn", "±"},  {"pound", "£"},  {"prime", "′"},
    {"prop", "∝"},   {"psgr", "ψ"},    {"psi", "ψ"},     {"quest", "?"},  {"quot", "\""},
    {"radic", "√"},  {"rarr", "→"},    {"rcub", "}"},    {"rdquo", "”"},  {"reg", "®"},
    {"rgr", "ρ"},    {"rho", "ρ"},     {"rpar", ")"},    {"rsqb", "]"},   {"rsquo", "’"},
    {"sect", "§"},   {"semi", ";"},    {"sgr", "σ"},     {"sigma", "σ"},  {"sol", "/"},
    {"sum", "∑"},    {"sup1", "¹"},    {"sup2", "²"},    {"sup3", "³"},   {"szlig", "ß"},
    {"tau", "τ"},    {"tgr", "τ"},     {"theta", "θ"},   {"thetas", "θ"}, {"thgr", "θ"},
    {"thinsp", " "}, {"tilde", "˜"},   {"times", "×"},   {"trade", "™"},  {"uacute", "ú"},
    {"uarr", "↑"},   {"ugr", "υ"},     {"upsilon", "υ"}, {"uuml", "ü"},   {"verbar", "|"},
    {"xgr", "ξ"},    {"xi", "ξ"},      {"yen", "¥"},     {"zeta", "ζ"},   {"zgr", "ζ"},
};

}  // namespace

std::string_view EntityText(std::string_view name) {
  const auto* end = std::end(kEntities);
  const auto* found =
      std::lower_bound(std::begin(kEntities), end, name,
                       [](const std::pair<std::string_view, std::string_view>& entry,
                          std::string_view key) { return entry.first < key; });
  if (found == end || found->first != name) return {};
  return found->second;
}

std::string DecodeNamedEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) break;
    out.append(text.substr(pos, amp - pos));
    const size_t semi = text.find(';', amp + 1);
    if (semi != std::string_view::npos && semi - amp - 1 <= 12 && semi > amp + 1) {
      const std::string_view replacement = EntityText(text.substr(amp + 1, semi - amp - 1));
      if (!replacement.empty()) {
        out.append(replacement);
        pos = semi + 1;
        continue;
      }
    }
    out.push_back('&');
    pos = amp + 1;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace iphub::patents::importers
