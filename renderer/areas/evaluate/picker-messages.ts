import type { Catalog } from '../../lib/i18n.svelte.js';

/** The Evaluate area's pickers: the dataset, and each run with its test accuracy and status. */
type Keys = 'dataset' | 'runOption' | 'testAccuracy' | 'noTestImages' | 'stopped' | 'completed';

export const messages: Catalog<Keys> = {
  en: {
    dataset: 'Dataset',
    runOption: 'Run {id} · {model} · {result} · {status}',
    testAccuracy: 'test {v}',
    noTestImages: 'no test images',
    stopped: 'stopped early',
    completed: 'completed',
  },
  zh: {
    dataset: '数据集',
    runOption: '第 {id} 次训练 · {model} · {result} · {status}',
    testAccuracy: '测试 {v}',
    noTestImages: '无测试图片',
    stopped: '提前停止',
    completed: '已完成',
  },
};
