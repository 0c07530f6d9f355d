// Simplified Chinese of a collection's technology and effect tags and its technology × effect
// matrix (views/collections/CollectionPatentTags.vue, CollectionMatrix.vue): `collectionTags.*`
// in zh-CN.ts. collectionTags.en.ts has the same keys (its type is this object's).

const collectionTagsZh = {
  technology: '技术分支',
  effect: '功效',
  column: '技术功效标引',
  none: '未标引',
  edit: '标引',
  editTitle: '标引 {number}',
  technologyPlaceholder: '选择或输入技术分支',
  effectPlaceholder: '选择或输入功效',
  limits: '每类最多 {max} 个标签，每个不超过 {chars} 个字；回车添加新标签',
  tooLong: '标签不能超过 {chars} 个字',
  tooMany: '每类最多 {max} 个标签',
  save: '保存',
  cancel: '取消',
  saved: '已保存 {number} 的标引',
  matrix: {
    title: '技术功效矩阵',
    hint: '行为技术分支，列为功效，数字为同时标引二者的专利件数；点击图或表中的单元格查看专利',
    rowsBy: '技术轴',
    rowsTags: '技术分支标签',
    rowsIpc: 'IPC 小类',
    chart: '图',
    table: '表',
    summary: '已标引 {tagged} 件，未标引 {untagged} 件',
    summaryIpc: '已标引功效 {tagged} 件，未标引功效 {untagged} 件',
    empty: '还没有标引：在上方专利列表中为专利标引技术分支和功效',
    emptyIpc: '还没有标引功效的专利',
    corner: '技术 / 功效',
    rowTotal: '件数',
    cellTitle: '{technology} × {effect}：{count} 件',
    close: '关闭',
    loadFailed: '矩阵读取失败：{detail}',
    reload: '刷新',
  },
}

export type CollectionTagsMessages = typeof collectionTagsZh
export default collectionTagsZh
