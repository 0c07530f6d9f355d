-- Technology branches (技术分支) and effects (功效) that analysts tag the patents of a
-- collection with, for its technology × effect matrix (技术功效矩阵). Times are Unix
-- milliseconds.
--
-- A tag belongs to one collection: the same patent may be tagged differently in two
-- collections. Tags are kept only while the patent may be a member: removing a patent from a
-- static collection removes its tags; an auto collection's tags stay when its query stops
-- matching, but the matrix counts members only. Deleting a collection deletes its tags.
CREATE TABLE collection_patent_tags (
  collection_id {{BIGINT}} NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  axis TEXT NOT NULL CHECK (axis IN ('technology', 'effect')),
  -- Trimmed, 1 to 40 characters, one line (checked by the service as well).
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
  tagged_by {{BIGINT}} NOT NULL REFERENCES users(id),
  tagged_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (collection_id, patent_id, axis, label)
);
