#include "iphub/patents/importers/entities.h"

#include <gtest/gtest.h>

namespace iphub::patents::importers {
namespace {

TEST(Entities, DecodesTheNamesUsptoFilesUse) {
  // The most frequent names in the shared USPTO samples, and some from each set.
  EXPECT_EQ(DecodeNamedEntities("&lsqb;0001&rsqb; The"), "[0001] The");
  EXPECT_EQ(DecodeNamedEntities("a &ldquo;luminous intensity&rdquo;"), "a “luminous intensity”");
  EXPECT_EQ(DecodeNamedEntities("Min&minus;20 nm&lt;t&lt;Min&plus;20 nm"), "Min−20 nm<t<Min+20 nm");
  EXPECT_EQ(DecodeNamedEntities("90&deg; &plusmn;5&times;10"), "90° ±5×10");
  EXPECT_EQ(DecodeNamedEntities("&Dgr;T &lgr; &mgr;m &PHgr; &ohgr;"), "ΔT λ μm Φ ω");
  EXPECT_EQ(DecodeNamedEntities("&frac15; &frac12; &infin; &isin; &yen;"), "⅕ ½ ∞ ∈ ¥");
  EXPECT_EQ(DecodeNamedEntities("a&emsp;b&ensp;c"), "a b c");
  EXPECT_EQ(DecodeNamedEntities("M&uuml;ller &ouml; &Beta; &theta; &thgr;"), "Müller ö Β θ θ");
}

TEST(Entities, LeavesUnknownAndBrokenReferencesAsWritten) {
  EXPECT_EQ(DecodeNamedEntities("&nosuchname; & AT&T &;"), "&nosuchname; & AT&T &;");
  EXPECT_EQ(DecodeNamedEntities("trailing &amp"), "trailing &amp");
  EXPECT_EQ(DecodeNamedEntities(""), "");
  EXPECT_EQ(EntityText("lsqb"), "[");
  EXPECT_EQ(EntityText("LSQB"), "");  // names are case-sensitive
}

}  // namespace
}  // namespace iphub::patents::importers
