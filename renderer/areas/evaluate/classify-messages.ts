import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'title'
  | 'hint'
  | 'chooseFolder'
  | 'chooseFiles'
  | 'uploading'
  | 'classifying'
  | 'cancel'
  | 'summary'
  | 'cancelled'
  | 'file'
  | 'class'
  | 'probability'
  | 'inLibrary'
  | 'notInLibrary'
  | 'thumbnail'
  | 'exportCsv'
  | 'exportJson'
  | 'refused'
  | 'showAll'
  | 'dismiss';

export const messages: Catalog<Keys> = {
  en: {
    title: 'Classify a folder',
    hint: 'Drop a folder or many images here: the chosen run classifies every image. Nothing is added to the dataset.',
    chooseFolder: 'Choose a folder…',
    chooseFiles: 'Choose images…',
    uploading: 'Uploading {done} of {total} files…',
    classifying: 'Classifying {done} of {total} files…',
    cancel: 'Cancel',
    summary: '{n} images classified, {refused} refused.',
    cancelled: 'Cancelled: {n} images classified before the stop.',
    file: 'File',
    class: 'Class',
    probability: 'Probability',
    inLibrary: 'In the library',
    notInLibrary: 'new',
    thumbnail: 'Image',
    exportCsv: 'Export CSV',
    exportJson: 'Export JSON',
    refused: '{n} files refused',
    showAll: 'Show all {n} rows',
    dismiss: 'Dismiss',
  },
  zh: {
    title: '分类整个文件夹',
    hint: '把文件夹或多张图片拖到这里：所选的训练会给每张图片分类。不会向数据集添加任何内容。',
    chooseFolder: '选择文件夹…',
    chooseFiles: '选择图片…',
    uploading: '正在上传第 {done} / {total} 个文件…',
    classifying: '正在分类第 {done} / {total} 个文件…',
    cancel: '取消',
    summary: '已分类 {n} 张图片，拒绝 {refused} 个文件。',
    cancelled: '已取消：停止前分类了 {n} 张图片。',
    file: '文件',
    class: '类别',
    probability: '概率',
    inLibrary: '已在库中',
    notInLibrary: '新图片',
    thumbnail: '图片',
    exportCsv: '导出 CSV',
    exportJson: '导出 JSON',
    refused: '{n} 个文件被拒绝',
    showAll: '显示全部 {n} 行',
    dismiss: '关闭',
  },
};
