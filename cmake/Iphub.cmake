# Helpers that keep each folder's CMakeLists.txt short and its dependencies explicit.

# iphub_cc_library(NAME SRCS a.cc b.cc DEPS target...)
function(iphub_cc_library NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${NAME} STATIC ${ARG_SRCS})
  target_include_directories(${NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_BINARY_DIR})
  target_link_libraries(${NAME} PUBLIC ${ARG_DEPS})
endfunction()

# iphub_cc_test(NAME SRCS a_test.cc DEPS target...) — a GoogleTest binary registered with CTest.
function(iphub_cc_test NAME)
  if(NOT IPHUB_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${NAME} DISCOVERY_MODE PRE_TEST PROPERTIES ENVIRONMENT
                       "IPHUB_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# iphub_embed_migrations(TARGET NAMESPACE MODULE DIR) adds to TARGET a generated
# source defining `std::span<const iphub::db::Migration> NAMESPACE::Migrations()`
# from DIR/NNNN_name.sql, in version order.
function(iphub_embed_migrations TARGET NAMESPACE MODULE DIR)
  file(GLOB sql_files CONFIGURE_DEPENDS "${DIR}/*.sql")
  list(SORT sql_files)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${MODULE}_migrations.cc")
  # A ';' list would become separate command arguments: pass it joined by '|'.
  string(JOIN "|" joined_files ${sql_files})
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${NAMESPACE} -DMODULE=${MODULE}
            "-DFILES=${joined_files}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding ${MODULE} migrations"
    VERBATIM)
  target_sources(${TARGET} PRIVATE "${out}")
endfunction()

# iphub_embed_file(TARGET NAMESPACE SYMBOL FILE) adds a generated source defining
# `std::string_view NAMESPACE::SYMBOL()` returning FILE's bytes.
function(iphub_embed_file TARGET NAMESPACE SYMBOL FILE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${SYMBOL}_embedded.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${NAMESPACE} -DSYMBOL=${SYMBOL}
            -DFILE=${FILE} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${FILE} ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    COMMENT "Embedding ${FILE}")
  target_sources(${TARGET} PRIVATE "${out}")
endfunction()
