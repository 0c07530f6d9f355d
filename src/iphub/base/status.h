// Status helpers shared by every layer: early-return macros and the
// "offending field" payload that the HTTP layer turns into a problem body.
//
//   absl::StatusOr<Org> Load(Connection& c, int64_t id) {
//     IPHUB_ASSIGN_OR_RETURN(auto result, c.Query("SELECT ... WHERE id = $1", {id}));
//     if (result.rows.empty()) return absl::NotFoundError("organization not found");
//     ...
//   }
//
//   if (name.empty()) return base::InvalidField("name", "must not be empty");
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define IPHUB_STATUS_CONCAT_INNER_(a, b) a##b
#define IPHUB_STATUS_CONCAT_(a, b) IPHUB_STATUS_CONCAT_INNER_(a, b)

// Returns from the current function if `expr` (an absl::Status) is not OK.
// (The variable name is unique per use, so nested uses, e.g. inside a lambda
// passed to another, do not shadow each other.)
#define IPHUB_RETURN_IF_ERROR(expr) \
  IPHUB_RETURN_IF_ERROR_IMPL_(IPHUB_STATUS_CONCAT_(iphub_status_, __COUNTER__), expr)
#define IPHUB_RETURN_IF_ERROR_IMPL_(status, expr) \
  do {                                            \
    ::absl::Status status = (expr);               \
    if (!status.ok()) return status;              \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status,
// otherwise moves the value into `lhs` (which may be a declaration).
#define IPHUB_ASSIGN_OR_RETURN(lhs, rexpr) \
  IPHUB_ASSIGN_OR_RETURN_IMPL_(IPHUB_STATUS_CONCAT_(iphub_statusor_, __COUNTER__), lhs, rexpr)

#define IPHUB_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

// Programmer-error assertion; never used for input validation.
#ifdef NDEBUG
#define IPHUB_DCHECK(cond) \
  do {                     \
  } while (false && (cond))
#else
#include <cassert>
#define IPHUB_DCHECK(cond) assert(cond)
#endif

namespace iphub::base {

// Payload key under which the name of the offending input field is stored.
inline constexpr std::string_view kFieldPayloadKey = "iphub/field";

// An InvalidArgument status naming the offending input field, e.g.
// InvalidField("uscc", "check character is 'X', expected '3'").
absl::Status InvalidField(std::string_view field, std::string_view detail);

// Attaches `field` to any status (returns a copy).
absl::Status WithField(absl::Status status, std::string_view field);

// The field recorded by InvalidField/WithField, if any.
std::optional<std::string> FieldOf(const absl::Status& status);

// Payload key of a character position in the offending input (a query's
// syntax error): the HTTP layer adds it to the problem body as "position".
inline constexpr std::string_view kPositionPayloadKey = "iphub/position";
absl::Status WithPosition(absl::Status status, size_t position);
std::optional<size_t> PositionOf(const absl::Status& status);

}  // namespace iphub::base
