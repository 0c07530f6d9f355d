// English of a collection's technology and effect tags and its technology × effect matrix:
// `collectionTags.*` in en.ts, the same keys as collectionTags.zh-CN.ts (its type makes a missing
// key a compile error).
import type { CollectionTagsMessages } from './collectionTags.zh-CN'

const collectionTagsEn: CollectionTagsMessages = {
  technology: 'Technology',
  effect: 'Effect',
  column: 'Technology and effect tags',
  none: 'Not tagged',
  edit: 'Tag',
  editTitle: 'Tag {number}',
  technologyPlaceholder: 'Choose or type technology branches',
  effectPlaceholder: 'Choose or type effects',
  limits: 'At most {max} labels per axis, each at most {chars} characters; press Enter to add a new one',
  tooLong: 'A label may have at most {chars} characters',
  tooMany: 'At most {max} labels per axis',
  save: 'Save',
  cancel: 'Cancel',
  saved: 'Tags of {number} saved',
  matrix: {
    title: 'Technology × effect matrix',
    hint: 'Rows are technology branches, columns effects; each number counts the patents tagged with both. Click a cell in the chart or the table to see its patents',
    rowsBy: 'Technology axis',
    rowsTags: 'Technology tags',
    rowsIpc: 'IPC subclass',
    chart: 'Chart',
    table: 'Table',
    summary: '{tagged} patent(s) tagged, {untagged} not tagged',
    summaryIpc: '{tagged} patent(s) tagged with effects, {untagged} without',
    empty: 'Nothing tagged yet: tag the patents in the list above with technology branches and effects',
    emptyIpc: 'No patent is tagged with effects yet',
    corner: 'Technology / effect',
    rowTotal: 'Patents',
    cellTitle: '{technology} × {effect}: {count} patent(s)',
    close: 'Close',
    loadFailed: 'Could not read the matrix: {detail}',
    reload: 'Refresh',
  },
}

export default collectionTagsEn
