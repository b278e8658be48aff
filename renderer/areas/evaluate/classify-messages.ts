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
  | 'dismiss'
  | 'notSure'
  | 'notSureOf'
  | 'calibration'
  | 'showCalibration'
  | 'threshold'
  | 'thresholdHint'
  | 'useTemperature'
  | 'coverage'
  | 'noneKept'
  | 'save'
  | 'useDefault'
  | 'isDefault'
  | 'reliability'
  | 'confidence'
  | 'accuracy'
  | 'loading'
  | 'noValidation';

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
    notSure: 'Not sure (none of these)',
    notSureOf: 'not sure',
    calibration: 'Confidence and "none of these"',
    showCalibration: 'Show calibration',
    threshold: 'Threshold',
    thresholdHint: 'Predictions whose top probability is below the threshold read "not sure".',
    useTemperature: 'Temperature scaling fitted on validation (T = {t})',
    coverage:
      'At {threshold}: {share} of the {total} test images are above it, {accuracy} of them right.',
    noneKept: 'At {threshold}: no test image is above it.',
    save: 'Save',
    useDefault: 'Use the default',
    isDefault: 'default, chosen on {n} validation images',
    reliability:
      'Reliability diagram: accuracy of the test images in each confidence bin; the diagonal is a perfectly calibrated model.',
    confidence: 'confidence',
    accuracy: 'accuracy',
    loading: 'Predicting the validation and test splits…',
    noValidation:
      'The dataset has no validation images: the default threshold is 0 and no temperature can be fitted. Put some images in the validation split to choose them from data.',
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
    notSure: '不确定（都不是）',
    notSureOf: '不确定',
    calibration: '置信度与“都不是”',
    showCalibration: '显示校准',
    threshold: '阈值',
    thresholdHint: '最高概率低于阈值的预测显示为“不确定”。',
    useTemperature: '使用在验证集上拟合的温度缩放（T = {t}）',
    coverage: '阈值 {threshold}：{total} 张测试图片中有 {share} 高于阈值，其中 {accuracy} 正确。',
    noneKept: '阈值 {threshold}：没有测试图片高于阈值。',
    save: '保存',
    useDefault: '使用默认值',
    isDefault: '默认值，根据 {n} 张验证图片选出',
    reliability: '可靠性图：每个置信度区间内测试图片的准确率；对角线表示完全校准的模型。',
    confidence: '置信度',
    accuracy: '准确率',
    loading: '正在预测验证集和测试集…',
    noValidation:
      '数据集没有验证图片：默认阈值为 0，也无法拟合温度。把一些图片放进验证集，才能根据数据选择它们。',
  },
};
