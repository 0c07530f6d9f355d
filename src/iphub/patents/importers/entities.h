// Named character entities of the SGML/XML DTDs patent offices use (the ISO
// 8879 sets ISOnum, ISOpub, ISOtech, ISOgrk1, ISOlat1 and the HTML names).
// USPTO files reference them through DTDs that are never loaded, so an XML
// parser leaves "&lsqb;" or "&ldquo;" in the text; this turns them into the
// characters they stand for.
#pragma once

#include <string>
#include <string_view>

namespace iphub::patents::importers {

// The character `name` (without '&' and ';') stands for, UTF-8; "" when unknown.
std::string_view EntityText(std::string_view name);

// `text` with every known "&name;" replaced; unknown names are kept as written.
std::string DecodeNamedEntities(std::string_view text);

}  // namespace iphub::patents::importers
