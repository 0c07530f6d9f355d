// Applicant names as statistics count them: the usual spellings of one applicant
// (half- or full-width, spacing, case, brackets, punctuation, spelled-out or
// abbreviated company forms) normalise to one readable name, shown in charts.
//
//   NormalizeApplicantName("华为技术（深圳）股份有限公司")  →  "华为技术(深圳)有限公司"
//   NormalizeApplicantName("华为 技术(深圳)有限责任公司")   →  "华为技术(深圳)有限公司"
//   NormalizeApplicantName("Sony Corporation")            →  "SONY CORP"
//   NormalizeApplicantName("Huawei Technologies Co.,Ltd.") →  "HUAWEI TECHNOLOGIES CO LTD"
//   NormalizeApplicantName(" ,. ")                        →  ""   (callers skip it)
//
// What is merged, in the order it is applied:
//  1. Characters. Full-width ASCII (U+FF01..U+FF5E) becomes ASCII: Ａ→A, １→1,
//     （→(, ，→, ＆→&. Brackets （）【】〔〕〖〗[]{} become ( ); 。 and ｡ are ".";
//     dashes ‐‑‒–—― and − are "-"; ’ and ‘ are "'". Whitespace is every ASCII space
//     or control character, U+3000 and the other Unicode spaces; double quotes
//     (" “ ”) separate words as a space does. Zero-width
//     characters (U+200B..U+200D, U+2060, U+FEFF), direction marks, variation
//     selectors and the soft hyphen are dropped without separating anything.
//  2. Letters. Latin letters are upper-cased and lose their accents ("Société" →
//     "SOCIETE", "ß" → "SS", as text::FoldWord folds them). Other scripts are kept.
//  3. Dots and commas are separators and vanish, except: single letters joined by
//     dots are one word ("S.A." → "SA", "K. K." → "KK", "J.P. MORGAN" → "JP
//     MORGAN"), and a dot between two digits with no space beside it stays ("3.0").
//     So "CO., LTD.", "CO.,LTD", "CO. LTD" and "CO LTD" are all "CO LTD".
//  4. Brackets. Unmatched brackets and empty pairs ("()", "( , )") are dropped.
//  5. Edges. Punctuation at the start or end ("&", "-", "'", "/", "、", …) is
//     dropped; a bracket pair at an edge ("(株)…") is kept.
//  6. Latin legal forms at the end of the name are abbreviated, word by word:
//     COMPANY→CO, LIMITED→LTD, CORPORATION→CORP, INCORPORATED→INC,
//     AKTIENGESELLSCHAFT→AG, AKTIEBOLAG(ET)→AB; and phrases: PUBLIC LIMITED
//     COMPANY→PLC, LIMITED LIABILITY COMPANY→LLC, LIMITED LIABILITY
//     PARTNERSHIP→LLP, LIMITED PARTNERSHIP→LP, KABUSHIKI KAISHA→KK (also at the
//     start of the name), GESELLSCHAFT MIT BESCHRÄNKTER HAFTUNG→GMBH, SOCIÉTÉ
//     ANONYME→SA, SOCIETÀ PER AZIONI→SPA, NAAMLOZE VENNOOTSCHAP→NV, BESLOTEN
//     VENNOOTSCHAP→BV. The trailing run also passes over the forms already short
//     (CO LTD CORP INC KK AG AB GMBH SA NV BV PLC LLC LLP LP KG OY OYJ SPA SRL SAS
//     SARL SE PTY PTE BHD SDN) and "&" ("GMBH & CO KG"). Only spellings of one form
//     merge: "SONY CORP" = "SONY CORPORATION", but "X CO LTD", "X LTD" and "X CORP"
//     stay three names. Legal words elsewhere are left alone ("LIMITED BRANDS INC"),
//     and so is a form followed by anything but words ("SONY CORPORATION (JP)").
//  7. Spacing. A space is kept (one) only between two Latin/other-script words,
//     a word and a bracket on its outer side ("SONY (CHINA) CO LTD"), and around
//     "&" ("AT & T"). Every space touching a CJK character (text::IsCjk, plus CJK
//     radicals and enclosed CJK such as ㈱) goes, so Chinese names hold no spaces
//     ("华为 技术有限公司" = "华为技术有限公司", "TCL 科技" = "TCL科技"); none is kept
//     inside brackets, around "-" ("HEWLETT-PACKARD") or around other punctuation
//     ("A/S", "L'OREAL").
//  8. Chinese company forms. 股份有限公司 and 有限责任公司 (and the traditional
//     有限責任公司) become 有限公司, anywhere in the name ("…股份有限公司北京分公司"
//     too; matched after the rules above, so "股份 有限公司" merges as well), and
//     集團 becomes 集团. Statistics merge them on purpose: a patent landscape
//     counts the applicant, not its legal form, and the registered form changes
//     over a company's life (有限公司 → 股份有限公司 before listing). No other
//     traditional characters are converted, and nothing is abbreviated or
//     expanded: universities and institutes keep their names (北京大学 ≠ 北大).
//
// The result is "" when nothing but spaces and punctuation is left (callers skip
// such names). Bytes that are not well-formed UTF-8 become U+FFFD, one per byte,
// so the result is always valid UTF-8 (two garbled names of the same length may
// then merge; importers decode GBK and the like before this runs).
//
// The result is deterministic and idempotent:
// NormalizeApplicantName(NormalizeApplicantName(x)) == NormalizeApplicantName(x).
// Thread-safe; one pass over the code points plus passes over the few tokens.
#pragma once

#include <string>
#include <string_view>

namespace iphub::patents {

// The name under which statistics count an applicant (see above): the same for
// the usual spellings of one name, "" for a name without letters or CJK.
std::string NormalizeApplicantName(std::string_view name);

// True when a and b normalise to the same non-empty name. Two names that both
// normalise to "" are not the same applicant.
bool SameApplicant(std::string_view a, std::string_view b);

}  // namespace iphub::patents
