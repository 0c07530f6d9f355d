#include "iphub/engine/similar/term_matrix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <string_view>

#include "iphub/base/strings.h"
#include "iphub/engine/similar/internal/utf8.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::similar {
namespace {

// One term dictionary being merged: a text field of one segment.
struct Source {
  const index::SegmentView* segment = nullptr;
  uint32_t field = 0;
  double weight = 1;
  uint32_t ordinal = 0;
  uint32_t end = 0;
  size_t order = 0;  // breaks ties between equal terms, so sums add up in one order

  std::string_view term() const { return segment->reader->Term(field, ordinal); }
};

// Scripts, for the document-frequency cap: CJK terms and all others (Latin
// words, numbers with letters).
enum Script : uint8_t { kCjkScript = 1, kOtherScript = 2 };

Script ScriptOf(std::string_view term) {
  size_t offset = 0;
  return text::IsCjk(internal::NextCodePoint(term, offset)) ? kCjkScript : kOtherScript;
}

struct LaterTerm {
  bool operator()(const Source* a, const Source* b) const {
    const std::string_view ta = a->term(), tb = b->term();
    if (ta != tb) return tb < ta;
    return b->order < a->order;
  }
};

}  // namespace

absl::StatusOr<TermMatrix> BuildTermMatrix(const index::Snapshot& snapshot, const Schema& schema,
                                           const TermMatrixOptions& options,
                                           const std::atomic<bool>* cancelled) {
  for (const WeightedField& field : options.fields) {
    if (field.field >= schema.size() || schema.field(field.field).kind != FieldKind::kText) {
      return absl::InvalidArgumentError(
          base::StrCat("field ", field.field, " is not a text field of the index"));
    }
    if (!(field.weight > 0) || !std::isfinite(field.weight)) {
      return absl::InvalidArgumentError(
          base::StrCat("the weight of field ", schema.field(field.field).name, " must be > 0"));
    }
  }

  TermMatrix out;
  constexpr uint32_t kNoRow = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> row_of(snapshot.max_doc(), kNoRow);
  for (const index::SegmentView& segment : snapshot.segments()) {
    for (uint32_t local = 0; local < segment.reader->doc_count(); ++local) {
      if (segment.deleted->Contains(local)) continue;
      row_of[segment.base + local] = static_cast<uint32_t>(out.documents.size());
      out.documents.push_back(segment.base + local);
    }
  }
  const uint32_t rows = static_cast<uint32_t>(out.documents.size());

  std::vector<Source> sources;
  for (const index::SegmentView& segment : snapshot.segments()) {
    for (const WeightedField& field : options.fields) {
      const uint32_t count = segment.reader->TermCount(field.field);
      if (count == 0) continue;
      sources.push_back({.segment = &segment,
                         .field = field.field,
                         .weight = field.weight,
                         .end = count,
                         .order = sources.size()});
    }
  }
  std::priority_queue<Source*, std::vector<Source*>, LaterTerm> queue;
  for (Source& source : sources) queue.push(&source);

  // Candidate columns, in term order.
  std::vector<std::string> terms;
  std::vector<uint32_t> document_frequency;
  std::vector<Script> term_script;
  std::vector<uint64_t> column_start = {0};
  std::vector<uint32_t> entry_rows;
  std::vector<float> entry_frequency;
  // Per row, the weighted occurrences of CJK and of other feature terms: which
  // script the document is mostly written in.
  std::vector<double> cjk_mass(rows, 0.0), other_mass(rows, 0.0);
  std::vector<std::string> common;  // held by too many documents

  // Held by more than this share of all documents: more than the share of those
  // of its script too (checked at the end).
  const double max_documents = options.max_document_fraction * rows;
  std::vector<double> sum(rows, 0.0);
  std::vector<uint32_t> touched;
  std::vector<Source*> group;
  uint64_t seen_terms = 0;
  while (!queue.empty()) {
    if (++seen_terms % 4096 == 0 && cancelled != nullptr && cancelled->load()) {
      return absl::CancelledError("building the term matrix was cancelled");
    }
    group.clear();
    const std::string_view term = queue.top()->term();
    while (!queue.empty() && queue.top()->term() == term) {
      group.push_back(queue.top());
      queue.pop();
    }
    uint64_t upper_bound = 0;  // counts deleted documents, and documents once per field
    for (const Source* source : group) {
      upper_bound += source->segment->reader->DocFrequency(source->field, source->ordinal);
    }
    if (upper_bound >= options.min_document_frequency && IsFeatureTerm(term)) {
      for (const Source* source : group) {
        index::PostingCursor cursor =
            source->segment->reader->Postings(source->field, source->ordinal);
        while (cursor.Next()) {
          const uint32_t row = row_of[source->segment->base + cursor.doc()];
          if (row == kNoRow) continue;  // deleted
          if (sum[row] == 0) touched.push_back(row);
          sum[row] += source->weight * cursor.frequency();
        }
      }
      const size_t frequency = touched.size();
      if (frequency >= options.min_document_frequency) {
        const Script script = ScriptOf(term);
        std::vector<double>& mass = script == kCjkScript ? cjk_mass : other_mass;
        for (uint32_t row : touched) mass[row] += sum[row];
        if (static_cast<double>(frequency) > max_documents) {
          common.emplace_back(term);
        } else {
          std::sort(touched.begin(), touched.end());
          for (uint32_t row : touched) {
            entry_rows.push_back(row);
            entry_frequency.push_back(static_cast<float>(sum[row]));
          }
          terms.emplace_back(term);
          document_frequency.push_back(static_cast<uint32_t>(frequency));
          term_script.push_back(script);
          column_start.push_back(entry_rows.size());
        }
      }
      for (uint32_t row : touched) sum[row] = 0;
      touched.clear();
    }
    for (Source* source : group) {
      if (++source->ordinal < source->end) queue.push(source);
    }
  }
  if (entry_rows.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError("the term matrix has more than 2^31 entries");
  }

  // Not held by more than the share of the documents written mostly in its
  // script: English function words stay out of a mostly Chinese corpus, and
  // the reverse.
  std::vector<uint8_t> dominant(rows);
  uint64_t script_rows[3] = {0, 0, 0};
  for (uint32_t row = 0; row < rows; ++row) {
    dominant[row] = cjk_mass[row] >= other_mass[row] ? kCjkScript : kOtherScript;
    ++script_rows[dominant[row]];
  }
  std::vector<uint32_t> kept;
  for (uint32_t column = 0; column < terms.size(); ++column) {
    uint64_t in_script = 0;
    for (uint64_t at = column_start[column]; at < column_start[column + 1]; ++at) {
      in_script += dominant[entry_rows[at]] == term_script[column];
    }
    if (static_cast<double>(in_script) <=
        options.max_document_fraction * static_cast<double>(script_rows[term_script[column]])) {
      kept.push_back(column);
    } else {
      common.push_back(terms[column]);
    }
  }
  std::sort(common.begin(), common.end());
  // The most widespread terms, if there are too many.
  if (kept.size() > options.max_terms) {
    std::stable_sort(kept.begin(), kept.end(), [&](uint32_t a, uint32_t b) {
      return document_frequency[a] > document_frequency[b];
    });
    kept.resize(options.max_terms);
    std::sort(kept.begin(), kept.end());
  }

  std::vector<std::string> vocabulary_terms;
  std::vector<float> idf;
  std::vector<int> outer = {0};
  std::vector<int> inner;
  std::vector<float> values;
  std::vector<double> norm(rows, 0.0);
  for (uint32_t column : kept) {
    vocabulary_terms.push_back(std::move(terms[column]));
    idf.push_back(InverseDocumentFrequency(document_frequency[column], rows));
    for (uint64_t at = column_start[column]; at < column_start[column + 1]; ++at) {
      const float value = TermWeight(entry_frequency[at], idf.back());
      inner.push_back(static_cast<int>(entry_rows[at]));
      values.push_back(value);
      norm[entry_rows[at]] += static_cast<double>(value) * value;
    }
    outer.push_back(static_cast<int>(inner.size()));
  }
  for (size_t at = 0; at < values.size(); ++at) {
    values[at] = static_cast<float>(values[at] / std::sqrt(norm[inner[at]]));
  }
  const Eigen::Map<const Eigen::SparseMatrix<float, Eigen::ColMajor, int>> columns(
      rows, static_cast<Eigen::Index>(vocabulary_terms.size()),
      static_cast<Eigen::Index>(values.size()), outer.data(), inner.data(), values.data());
  out.matrix = columns;
  out.vocabulary = Vocabulary(std::move(vocabulary_terms), std::move(idf), std::move(common));
  return out;
}

}  // namespace iphub::engine::similar
