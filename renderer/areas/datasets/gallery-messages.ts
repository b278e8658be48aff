import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'dropHere'
  | 'importFolder'
  | 'importFiles'
  | 'uploading'
  | 'importing'
  | 'cancel'
  | 'eta'
  | 'importDone'
  | 'importStopped'
  | 'refused'
  | 'conflicts'
  | 'conflictLine'
  | 'exportRefusals'
  | 'dismiss'
  | 'allClasses'
  | 'noClass'
  | 'allSplits'
  | 'noSplit'
  | 'allStatuses'
  | 'conflictStatus'
  | 'selected'
  | 'selectAll'
  | 'moveTo'
  | 'deleteSelected'
  | 'undo'
  | 'deletedCount'
  | 'emptyGallery'
  | 'train'
  | 'val'
  | 'test'
  | 'splits'
  | 'assignSplits'
  | 'imbalance'
  | 'relabelHint'
  | 'detail'
  | 'size'
  | 'original'
  | 'hash'
  | 'class'
  | 'split'
  | 'close'
  | 'gallery'
  | 'importedCount'
  | 'duplicatesCount'
  | 'refusedCount'
  | 'otherFilesSkipped'
  | 'theDrop'
  | 'noImagesFound'
  | 'whatFoveaLooksFor'
  | 'previewFound'
  | 'previewClass'
  | 'previewLoose'
  | 'leaveWithoutClass'
  | 'newClassNamed'
  | 'previewProblems'
  | 'importNow'
  | 'builtInSample'
  | 'uploadedAs'
  | 'noLongerThere';

export const messages: Catalog<Keys> = {
  en: {
    dropHere: 'Drop folders of photos here (one folder per class), or',
    importFolder: 'Import folder…',
    importFiles: 'Import files…',
    uploading: 'Reading files: {done} of {total}',
    importing: 'Importing {done} of {total} · {rate} images/s',
    cancel: 'Cancel',
    eta: '{s} s left',
    importDone:
      'Imported {imported} · {duplicates} duplicates · {skipped} not images · {failed} refused',
    importStopped: 'The import stopped: {message}',
    refused: 'Refused files',
    conflicts: 'The same image under two classes',
    conflictLine: '{file}: already “{existing}”, found under “{found}”',
    exportRefusals: 'Save the list as text',
    dismiss: 'Dismiss',
    allClasses: 'All classes',
    noClass: 'Without a class',
    allSplits: 'All splits',
    noSplit: 'No split',
    allStatuses: 'Any status',
    conflictStatus: 'Conflicts',
    selected: '{n} selected',
    selectAll: 'Select all',
    moveTo: 'Move to…',
    deleteSelected: 'Delete',
    undo: 'Undo delete ({n})',
    deletedCount: '{n} deleted',
    emptyGallery: 'No images here yet. Drop folders of photos above.',
    train: 'Train',
    val: 'Validation',
    test: 'Test',
    splits: 'Splits',
    assignSplits: 'Assign unassigned images',
    imbalance:
      'The classes are unbalanced ({max} vs {min} images): the network may favour the larger class.',
    relabelHint: 'Drag selected images onto a class, or press 1–9, to relabel them.',
    detail: 'Image',
    size: 'Size',
    original: 'Original file',
    hash: 'SHA-256',
    class: 'Class',
    split: 'Split',
    close: 'Close',
    gallery: 'Images',
    importedCount: 'Imported {n}',
    duplicatesCount: '{n} duplicates',
    refusedCount: '{n} refused',
    otherFilesSkipped: '{n} other files skipped (not an image type)',
    theDrop: 'what was dropped',
    noImagesFound: 'No images found in {where}.',
    whatFoveaLooksFor:
      'Fovea imports image files ({types}), in one folder per class (cats/, dogs/), optionally inside train/, val/ and test/ folders.',
    previewFound: 'Found {n} images in {where}:',
    previewClass: 'class “{name}”: {n} images',
    previewLoose: '{n} images not in a class folder go to',
    leaveWithoutClass: 'no class (label them later)',
    newClassNamed: 'a new class “{name}”',
    previewProblems:
      '{n} files or folders cannot be read or are left out (listed after the import)',
    importNow: 'Import',
    builtInSample: 'the built-in sample ({name}), drawn by Fovea',
    uploadedAs: 'uploaded from this browser as {path}',
    noLongerThere: '{path} (no longer there; the copy in the library is kept)',
  },
  zh: {
    dropHere: '将照片文件夹拖到这里（每个类别一个文件夹），或者',
    importFolder: '导入文件夹…',
    importFiles: '导入文件…',
    uploading: '正在读取文件：{done} / {total}',
    importing: '正在导入 {done} / {total} · 每秒 {rate} 张',
    cancel: '取消',
    eta: '剩余 {s} 秒',
    importDone: '已导入 {imported} · 重复 {duplicates} · 非图片 {skipped} · 拒绝 {failed}',
    importStopped: '导入已停止：{message}',
    refused: '被拒绝的文件',
    conflicts: '同一张图片出现在两个类别中',
    conflictLine: '{file}：已属于“{existing}”，又在“{found}”中出现',
    exportRefusals: '将列表保存为文本',
    dismiss: '关闭',
    allClasses: '所有类别',
    noClass: '未分类',
    allSplits: '所有划分',
    noSplit: '未划分',
    allStatuses: '任意状态',
    conflictStatus: '冲突',
    selected: '已选择 {n} 张',
    selectAll: '全选',
    moveTo: '移动到…',
    deleteSelected: '删除',
    undo: '撤销删除（{n}）',
    deletedCount: '已删除 {n} 张',
    emptyGallery: '这里还没有图片。请将照片文件夹拖到上方。',
    train: '训练',
    val: '验证',
    test: '测试',
    splits: '数据划分',
    assignSplits: '为未划分的图片分配',
    imbalance: '类别不平衡（{max} 对 {min} 张）：网络可能偏向较大的类别。',
    relabelHint: '将选中的图片拖到某个类别上，或按 1–9 键，即可重新标注。',
    detail: '图片',
    size: '尺寸',
    original: '原始文件',
    hash: 'SHA-256',
    class: '类别',
    split: '划分',
    close: '关闭',
    gallery: '图片',
    importedCount: '已导入 {n}',
    duplicatesCount: '重复 {n}',
    refusedCount: '拒绝 {n}',
    otherFilesSkipped: '跳过其他文件 {n} 个（不是图片类型）',
    theDrop: '拖入的内容',
    noImagesFound: '在 {where} 中没有找到图片。',
    whatFoveaLooksFor:
      'Fovea 导入图片文件（{types}），每个类别一个文件夹（cats/、dogs/），也可以放在 train/、val/ 和 test/ 文件夹中。',
    previewFound: '在 {where} 中找到 {n} 张图片：',
    previewClass: '类别“{name}”：{n} 张',
    previewLoose: '不在类别文件夹中的 {n} 张图片归入',
    leaveWithoutClass: '不分类（稍后标注）',
    newClassNamed: '新类别“{name}”',
    previewProblems: '{n} 个文件或文件夹无法读取或未包含在内（导入后列出）',
    importNow: '导入',
    builtInSample: '内置示例（{name}），由 Fovea 绘制',
    uploadedAs: '从此浏览器上传，原名 {path}',
    noLongerThere: '{path}（已不在原处；库中的副本仍保留）',
  },
};
