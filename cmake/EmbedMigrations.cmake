# Script mode: writes OUT, a C++ source holding the migrations in FILES.
set(entries "")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(f IN LISTS FILES)
  get_filename_component(base "${f}" NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.+)$" _ "${base}")
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "migration ${f} is not named NNNN_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ "${f}" sql)
  string(APPEND entries "    {\"${MODULE}\", ${version}, \"${CMAKE_MATCH_2}\", R\"iphub_sql(${sql})iphub_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${MODULE}/migrations by cmake/EmbedMigrations.cmake. Do not edit.
#include <span>
#include \"iphub/db/migrations.h\"
namespace ${NAMESPACE} {
namespace {
const iphub::db::Migration kMigrations[] = {
${entries}};
}  // namespace
std::span<const iphub::db::Migration> Migrations() { return kMigrations; }
}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
