import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'title'
  | 'noDataset'
  | 'noRuns'
  | 'run'
  | 'evaluating'
  | 'testImages'
  | 'accuracy'
  | 'loss'
  | 'class'
  | 'precision'
  | 'recall'
  | 'support'
  | 'confusion'
  | 'actual'
  | 'predicted'
  | 'cellImages'
  | 'close'
  | 'mistakes'
  | 'noMistakes'
  | 'relabel'
  | 'delete'
  | 'deleted'
  | 'undo'
  | 'heatmap'
  | 'opacity'
  | 'tryImage'
  | 'dropHere'
  | 'pick'
  | 'export'
  | 'exportTfjs'
  | 'exportOnnx'
  | 'exportDataset'
  | 'exporting'
  | 'exportDone'
  | 'download'
  | 'verified'
  | 'notVerified'
  | 'dismiss'
  | 'skipped';

export const messages: Catalog<Keys> = {
  en: {
    title: 'Evaluate a trained model',
    noDataset: 'Choose a dataset in the Datasets area first.',
    noRuns: 'No finished run with a saved model yet: train one in the Train area.',
    run: 'Run',
    evaluating: 'Evaluating…',
    testImages: '{n} test images',
    accuracy: 'Accuracy',
    loss: 'Loss',
    class: 'Class',
    precision: 'Precision',
    recall: 'Recall',
    support: 'Images',
    confusion: 'Confusion matrix (click a cell to see its images)',
    actual: 'Actual',
    predicted: 'Predicted',
    cellImages: '{actual} predicted as {predicted}',
    close: 'Close',
    mistakes: 'Mistakes, worst first',
    noMistakes: 'No mistakes on the test split.',
    relabel: 'Relabel as…',
    delete: 'Delete',
    deleted: '{n} deleted (kept for a day; Undo brings them back)',
    undo: 'Undo',
    heatmap: 'Where the network looked (Grad-CAM, {layer})',
    opacity: 'Heat map opacity',
    tryImage: 'Try an image',
    dropHere: 'Drop an image here, or',
    pick: 'choose one…',
    export: 'Export',
    exportTfjs: 'TensorFlow.js model',
    exportOnnx: 'ONNX model',
    exportDataset: 'Dataset (ImageFolder)',
    exporting: 'Exporting and checking…',
    exportDone: 'Exported {n} files.',
    download: 'Download {name}',
    verified:
      'Checked: same top class on {same} of {n} test images, largest probability difference {diff}.',
    notVerified: 'The check FAILED: {same} of {n} test images agree, largest difference {diff}.',
    dismiss: 'Dismiss',
    skipped: '{n} test images have a class the model does not know and were left out.',
  },
  zh: {
    title: '评估训练好的模型',
    noDataset: '请先在“数据集”中选择一个数据集。',
    noRuns: '还没有保存了模型的已完成训练：请先在“训练”中训练一个。',
    run: '训练记录',
    evaluating: '正在评估…',
    testImages: '{n} 张测试图片',
    accuracy: '准确率',
    loss: '损失',
    class: '类别',
    precision: '精确率',
    recall: '召回率',
    support: '图片数',
    confusion: '混淆矩阵（点击单元格查看图片）',
    actual: '实际',
    predicted: '预测',
    cellImages: '{actual} 被预测为 {predicted}',
    close: '关闭',
    mistakes: '错误，按损失从高到低',
    noMistakes: '测试集上没有错误。',
    relabel: '改标为…',
    delete: '删除',
    deleted: '已删除 {n} 张（保留一天，可撤销）',
    undo: '撤销',
    heatmap: '网络关注的区域（Grad-CAM，{layer}）',
    opacity: '热力图不透明度',
    tryImage: '试一张图片',
    dropHere: '把图片拖到这里，或',
    pick: '选择一张…',
    export: '导出',
    exportTfjs: 'TensorFlow.js 模型',
    exportOnnx: 'ONNX 模型',
    exportDataset: '数据集（ImageFolder）',
    exporting: '正在导出并检查…',
    exportDone: '已导出 {n} 个文件。',
    download: '下载 {name}',
    verified: '已检查：{n} 张测试图片中 {same} 张的最高类别相同，最大概率差 {diff}。',
    notVerified: '检查失败：{n} 张测试图片中只有 {same} 张一致，最大差 {diff}。',
    dismiss: '关闭',
    skipped: '{n} 张测试图片的类别是模型不认识的，已略过。',
  },
};
