import type { Catalog } from '../../lib/i18n.svelte.js';

/** The Train area's Compare view: the ladder of runs, and the four-rung climb. */
type Keys =
  | 'viewTrain'
  | 'viewCompare'
  | 'title'
  | 'intro'
  | 'climb'
  | 'climbHint'
  | 'scratchEpochs'
  | 'cancel'
  | 'rungState.waiting'
  | 'rungState.running'
  | 'rungState.completed'
  | 'rungState.failed'
  | 'rungState.stopped'
  | 'rungState.skipped'
  | 'rung.scratch'
  | 'rung.scratchAugmented'
  | 'rung.pretrainedHead'
  | 'rung.pretrainedFineTuned'
  | 'embedding'
  | 'training'
  | 'choose'
  | 'noRuns'
  | 'noneChosen'
  | 'valCurves'
  | 'trainCurves'
  | 'seriesLabel'
  | 'run'
  | 'start'
  | 'test'
  | 'validation'
  | 'wallTime'
  | 'epochs'
  | 'status'
  | 'seconds';

export const messages: Catalog<Keys> = {
  en: {
    viewTrain: 'Set up and train',
    viewCompare: 'Compare runs (the ladder)',
    title: 'The ladder: runs of this dataset side by side',
    intro:
      'Each rung borrows more: a network from scratch, the same with augmented images, a head on a pretrained network, and that network with its last blocks fine-tuned. Curves share one epoch axis; the table puts the best test accuracy first.',
    climb: 'Run the ladder',
    climbHint: 'Trains the four rungs on this dataset one after another.',
    scratchEpochs: 'Epochs of the from-scratch rungs',
    cancel: 'Cancel the ladder',
    'rungState.waiting': 'waiting',
    'rungState.running': 'running',
    'rungState.completed': 'completed',
    'rungState.failed': 'failed',
    'rungState.stopped': 'stopped',
    'rungState.skipped': 'skipped',
    'rung.scratch': 'from scratch',
    'rung.scratchAugmented': 'from scratch + augmentation',
    'rung.pretrainedHead': 'pretrained head',
    'rung.pretrainedFineTuned': 'pretrained + fine-tuned',
    embedding: 'embedding {done} of {total}',
    training: 'epoch {epoch} of {epochs}',
    choose: 'Runs to compare',
    noRuns: 'No finished runs yet: train some, or run the ladder.',
    noneChosen: 'Choose runs above to compare them.',
    valCurves: 'Validation accuracy',
    trainCurves: 'Training accuracy',
    seriesLabel: 'Run {id} · {rung}',
    run: 'Run',
    start: 'Start',
    test: 'Test accuracy',
    validation: 'Validation accuracy',
    wallTime: 'Wall time',
    epochs: 'Epochs',
    status: 'Status',
    seconds: '{s} s',
  },
  zh: {
    viewTrain: '设置并训练',
    viewCompare: '比较训练（阶梯）',
    title: '阶梯：并排比较此数据集的训练',
    intro:
      '每一级借用得更多：从零训练的网络、加上数据增强的同一网络、预训练网络上的输出头，以及微调了最后几个模块的预训练网络。曲线共用一条轮数轴；表格把测试准确率最高的放在最前。',
    climb: '运行阶梯',
    climbHint: '在此数据集上依次训练四级。',
    scratchEpochs: '从零训练各级的轮数',
    cancel: '取消阶梯',
    'rungState.waiting': '等待中',
    'rungState.running': '运行中',
    'rungState.completed': '已完成',
    'rungState.failed': '失败',
    'rungState.stopped': '已停止',
    'rungState.skipped': '已跳过',
    'rung.scratch': '从零开始',
    'rung.scratchAugmented': '从零开始 + 数据增强',
    'rung.pretrainedHead': '预训练 + 输出头',
    'rung.pretrainedFineTuned': '预训练 + 微调',
    embedding: '嵌入 {done} / {total}',
    training: '第 {epoch} / {epochs} 轮',
    choose: '要比较的训练',
    noRuns: '还没有完成的训练：先训练几次，或运行阶梯。',
    noneChosen: '在上方选择要比较的训练。',
    valCurves: '验证准确率',
    trainCurves: '训练准确率',
    seriesLabel: '第 {id} 次 · {rung}',
    run: '训练',
    start: '起点',
    test: '测试准确率',
    validation: '验证准确率',
    wallTime: '用时',
    epochs: '轮数',
    status: '状态',
    seconds: '{s} 秒',
  },
};
