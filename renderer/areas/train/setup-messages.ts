import type { Catalog } from '../../lib/i18n.svelte.js';

/** The Train area's setup: field checks, the counts a run would use, a run's own settings. */
type Keys =
  | 'issue.required'
  | 'issue.number'
  | 'issue.whole'
  | 'issue.min'
  | 'issue.above'
  | 'issue.max'
  | 'layerIssue'
  | 'filters'
  | 'units'
  | 'poolSize'
  | 'rate'
  | 'blocked.showingRun'
  | 'blocked.model'
  | 'plan.title'
  | 'plan.counts'
  | 'plan.lent'
  | 'plan.noTest'
  | 'plan.split'
  | 'plan.splitting'
  | 'plan.splitHint'
  | 'dataset'
  | 'runSettings'
  | 'useSettings'
  | 'editDraft'
  | 'noTestImages';

export const messages: Catalog<Keys> = {
  en: {
    'issue.required': '{field} is required',
    'issue.number': '{field} must be a number',
    'issue.whole': '{field} must be a whole number',
    'issue.min': '{field} must be at least {limit}',
    'issue.above': '{field} must be more than {limit}',
    'issue.max': '{field} must be at most {limit}',
    layerIssue: 'Layer {n}: {message}',
    filters: 'Filters',
    units: 'Units',
    poolSize: 'Pool size',
    rate: 'Dropout rate',
    'blocked.showingRun':
      'These are the settings of run {id}: use them again, or edit your recipe, to start a new run',
    'blocked.model': 'The model cannot be built yet (see the layer table)',
    'plan.title': 'Images this run will use',
    'plan.counts': '{train} training · {val} validation · {test} test',
    'plan.lent':
      '{n} of the validation images are lent from training (15% of each class), since the dataset has no validation images',
    'plan.noTest':
      'No test images: once trained, nothing will say how the model does on images it has never seen.',
    'plan.split': 'Split into 80% train, 10% validation, 10% test',
    'plan.splitting': 'Splitting…',
    'plan.splitHint':
      'Re-assigns every image of this dataset, class by class; the same split every time, kept until you change it.',
    dataset: 'Dataset',
    runSettings: 'Settings of run {id} (read-only)',
    useSettings: 'Use these settings again',
    editDraft: 'Edit my recipe',
    noTestImages: 'no test images',
  },
  zh: {
    'issue.required': '{field}为必填项',
    'issue.number': '{field}必须是数字',
    'issue.whole': '{field}必须是整数',
    'issue.min': '{field}至少为 {limit}',
    'issue.above': '{field}必须大于 {limit}',
    'issue.max': '{field}最多为 {limit}',
    layerIssue: '第 {n} 层：{message}',
    filters: '滤波器数',
    units: '单元数',
    poolSize: '池化大小',
    rate: '丢弃率',
    'blocked.showingRun':
      '这是第 {id} 次训练的设置：再次使用这些设置，或编辑自己的方案，才能开始新的训练',
    'blocked.model': '模型还无法构建（见层表）',
    'plan.title': '本次训练将使用的图片',
    'plan.counts': '训练 {train} · 验证 {val} · 测试 {test}',
    'plan.lent': '数据集没有验证图片，因此从训练图片中借出 {n} 张（每类 15%）用于验证',
    'plan.noTest': '没有测试图片：训练后无法得知模型在从未见过的图片上表现如何。',
    'plan.split': '划分为 80% 训练、10% 验证、10% 测试',
    'plan.splitting': '正在划分…',
    'plan.splitHint': '按类别重新划分此数据集的全部图片；每次结果相同，保留到您修改为止。',
    dataset: '数据集',
    runSettings: '第 {id} 次训练的设置（只读）',
    useSettings: '再次使用这些设置',
    editDraft: '编辑我的方案',
    noTestImages: '无测试图片',
  },
};
