# Script mode: writes OUT, a C++ source returning FILE's bytes from NAMESPACE::SYMBOL().
# The content goes in as hex so any byte (and any length) is safe.
file(READ "${FILE}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUT}.tmp" "// Generated from ${FILE} by cmake/EmbedFile.cmake. Do not edit.
#include <string_view>
namespace ${NAMESPACE} {
namespace {
const char kData[] = {${bytes} 0};
}  // namespace
std::string_view ${SYMBOL}() { return std::string_view(kData, sizeof(kData) - 1); }
}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
