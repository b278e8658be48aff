import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'defaultPreset'
  | 'title'
  | 'noDataset'
  | 'model'
  | 'preset'
  | 'custom'
  | 'layer'
  | 'output'
  | 'parameters'
  | 'total'
  | 'remove'
  | 'addLayer'
  | 'recipe'
  | 'epochs'
  | 'batchSize'
  | 'learningRate'
  | 'optimizer'
  | 'patience'
  | 'schedule'
  | 'schedule.constant'
  | 'schedule.cosine'
  | 'restoreBest'
  | 'augment'
  | 'flip'
  | 'shift'
  | 'rotation'
  | 'zoom'
  | 'brightness'
  | 'contrast'
  | 'start'
  | 'pause'
  | 'resume'
  | 'stop'
  | 'status'
  | 'epochOf'
  | 'eta'
  | 'speed'
  | 'backend'
  | 'loss'
  | 'accuracy'
  | 'step'
  | 'epoch'
  | 'train'
  | 'validation'
  | 'runs'
  | 'noRuns'
  | 'run'
  | 'valAccuracy'
  | 'testAccuracy'
  | 'dismiss'
  | 'images'
  | 'invalidModel'
  | 'state.preparing'
  | 'state.training'
  | 'state.paused'
  | 'state.completed'
  | 'state.failed'
  | 'state.stopped'
  | 'state.interrupted'
  | 'state.idle'
  | 'interruptedAt'
  | 'continueRun'
  | 'confusion'
  | 'actual'
  | 'predicted';

export const messages: Catalog<Keys> = {
  en: {
    defaultPreset: 'Fovea default',
    title: 'Train a network',
    noDataset: 'Choose a dataset with at least two classes of images in the Datasets area first.',
    model: 'Model',
    preset: 'Preset',
    custom: 'Custom',
    layer: 'Layer',
    output: 'Output',
    parameters: 'Parameters',
    total: 'Total',
    remove: 'Remove',
    addLayer: 'Add layer…',
    recipe: 'Recipe',
    epochs: 'Epochs',
    batchSize: 'Batch size',
    learningRate: 'Learning rate',
    optimizer: 'Optimizer',
    patience: 'Stop early after (epochs without improvement, 0 = never)',
    schedule: 'Learning-rate schedule',
    'schedule.constant': 'Constant',
    'schedule.cosine': 'Cosine decay to 0',
    restoreBest: 'End with the epoch of lowest validation loss (otherwise the last)',
    augment: 'Augmentation',
    flip: 'Flip',
    shift: 'Shift',
    rotation: 'Rotation (°)',
    zoom: 'Zoom',
    brightness: 'Brightness',
    contrast: 'Contrast',
    start: 'Start training',
    pause: 'Pause',
    resume: 'Resume',
    stop: 'Stop',
    status: 'Status',
    epochOf: 'Epoch {epoch} of {epochs}',
    eta: '{s} s left',
    speed: '{n} images/s',
    backend: 'on {name}',
    loss: 'Loss',
    accuracy: 'Accuracy',
    step: 'Step',
    epoch: 'Epoch',
    train: 'training',
    validation: 'validation',
    runs: 'Runs',
    noRuns: 'No runs yet.',
    run: 'Run {id}',
    valAccuracy: 'validation {v}',
    testAccuracy: 'test {v}',
    dismiss: 'Dismiss',
    images: '{train} train · {val} validation · {test} test images',
    invalidModel: 'This model cannot be built:',
    'state.preparing': 'Preparing',
    'state.training': 'Training',
    'state.paused': 'Paused',
    'state.completed': 'Completed',
    'state.failed': 'Failed',
    'state.stopped': 'Stopped',
    'state.interrupted': 'Interrupted',
    'state.idle': 'Idle',
    interruptedAt: 'Interrupted at epoch {epoch} of {epochs} —',
    continueRun: 'Resume',
    confusion: 'Confusion matrix (test images)',
    actual: 'actual',
    predicted: 'predicted',
  },
  zh: {
    defaultPreset: 'Fovea 默认',
    title: '训练网络',
    noDataset: '请先在“数据集”中选择一个至少包含两类图片的数据集。',
    model: '模型',
    preset: '预设',
    custom: '自定义',
    layer: '层',
    output: '输出',
    parameters: '参数',
    total: '合计',
    remove: '移除',
    addLayer: '添加层…',
    recipe: '训练方案',
    epochs: '轮数',
    batchSize: '批大小',
    learningRate: '学习率',
    optimizer: '优化器',
    patience: '提前停止（多少轮没有改进后停止，0 表示从不）',
    schedule: '学习率调度',
    'schedule.constant': '恒定',
    'schedule.cosine': '余弦衰减到 0',
    restoreBest: '结束时使用验证损失最低那一轮的权重（否则用最后一轮）',
    augment: '数据增强',
    flip: '翻转',
    shift: '平移',
    rotation: '旋转（度）',
    zoom: '缩放',
    brightness: '亮度',
    contrast: '对比度',
    start: '开始训练',
    pause: '暂停',
    resume: '继续',
    stop: '停止',
    status: '状态',
    epochOf: '第 {epoch} / {epochs} 轮',
    eta: '剩余 {s} 秒',
    speed: '每秒 {n} 张',
    backend: '后端 {name}',
    loss: '损失',
    accuracy: '准确率',
    step: '步',
    epoch: '轮',
    train: '训练',
    validation: '验证',
    runs: '训练记录',
    noRuns: '还没有训练记录。',
    run: '第 {id} 次训练',
    valAccuracy: '验证 {v}',
    testAccuracy: '测试 {v}',
    dismiss: '关闭',
    images: '训练 {train} · 验证 {val} · 测试 {test} 张图片',
    invalidModel: '无法构建此模型：',
    'state.preparing': '准备中',
    'state.training': '训练中',
    'state.paused': '已暂停',
    'state.completed': '已完成',
    'state.failed': '失败',
    'state.stopped': '已停止',
    'state.interrupted': '已中断',
    'state.idle': '空闲',
    interruptedAt: '在第 {epoch} 轮（共 {epochs} 轮）中断 —',
    continueRun: '继续训练',
    confusion: '混淆矩阵（测试图片）',
    actual: '实际',
    predicted: '预测',
  },
};
