import type { Catalog } from '../lib/i18n.svelte.js';

type Keys =
  | 'datasets'
  | 'learn'
  | 'train'
  | 'evaluate'
  | 'language'
  | 'areas'
  | 'connecting'
  | 'webMode'
  | 'damaged';

export const messages: Catalog<Keys> = {
  en: {
    datasets: 'Datasets',
    learn: 'Learn',
    train: 'Train',
    evaluate: 'Evaluate',
    language: 'Language',
    areas: 'Areas',
    connecting: 'Connecting to Fovea…',
    webMode: 'Web mode',
    damaged:
      'This library is damaged ({problem}). It is open read-only and training is off: export each dataset (Evaluate ▸ Export ▸ Dataset, or `fovea export --format dataset --dataset NAME --out DIR`) and import it into a new library.',
  },
  zh: {
    datasets: '数据集',
    learn: '学习',
    train: '训练',
    evaluate: '评估',
    language: '语言',
    areas: '功能区',
    connecting: '正在连接 Fovea…',
    webMode: '网页模式',
    damaged:
      '此资料库已损坏（{problem}）。它以只读方式打开，训练已停用：请导出每个数据集（评估 ▸ 导出 ▸ 数据集，或 `fovea export --format dataset --dataset NAME --out DIR`），再导入到新的资料库。',
  },
};
