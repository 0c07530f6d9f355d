// The document-term matrix of an index snapshot, read straight from the
// segments' postings (no document is decompressed or analysed again): one row
// per live document, one column per vocabulary term, TF-IDF weights, rows of
// unit length.
//
//   IPHUB_ASSIGN_OR_RETURN(TermMatrix matrix,
//                          BuildTermMatrix(*snapshot, {.fields = {{title, 2.0},
//                          {abstract, 1.0}}}));
//   matrix.matrix.row(r);   // the document with global id matrix.documents[r]
//
// A term's weighted frequency in a document is the sum over the given text
// fields of (occurrences × field weight); a term is the same feature in every
// field. The vocabulary keeps the feature terms (vocabulary.h: IsFeatureTerm)
// held by at least `min_document_frequency` documents and by at most
// `max_document_fraction` of all documents, and of the documents written
// mostly in the term's script (CJK or not): words in every other document only
// blur the topics, and counting per script keeps English function words out of
// a mostly Chinese corpus. The terms left out for being too common are kept as
// the vocabulary's common terms (word boundaries for explanations). Of the
// rest it keeps the `max_terms` held by most documents.
//
// How: the term dictionaries of every (segment, field) are merged in sorted
// order; each distinct term's postings are read once, mapped to rows (deleted
// documents skipped) and summed in a scratch array. Terms whose document
// frequencies add up to less than the minimum are skipped without reading
// their postings. Memory: the kept matrix entries (12 bytes each) and a few
// bytes per document.
#ifndef IPHUB_ENGINE_SIMILAR_TERM_MATRIX_H_
#define IPHUB_ENGINE_SIMILAR_TERM_MATRIX_H_

#include <atomic>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/engine/index/index.h"
#include "iphub/engine/schema.h"
#include "iphub/engine/similar/factorization.h"
#include "iphub/engine/similar/vocabulary.h"

namespace iphub::engine::similar {

struct TermMatrixOptions {
  std::vector<WeightedField> fields{};
  uint32_t min_document_frequency = 2;
  double max_document_fraction = 0.5;
  uint32_t max_terms = 100000;
};

struct TermMatrix {
  Vocabulary vocabulary;
  std::vector<uint32_t> documents;  // row -> global id in the snapshot, ascending
  SparseMatrix matrix;              // documents × vocabulary
};

// InvalidArgument if a field is not a text field of the snapshot's schema;
// Cancelled when `cancelled` becomes true; ResourceExhausted past 2^31 entries.
absl::StatusOr<TermMatrix> BuildTermMatrix(const index::Snapshot& snapshot, const Schema& schema,
                                           const TermMatrixOptions& options,
                                           const std::atomic<bool>* cancelled = nullptr);

}  // namespace iphub::engine::similar

#endif  // IPHUB_ENGINE_SIMILAR_TERM_MATRIX_H_
