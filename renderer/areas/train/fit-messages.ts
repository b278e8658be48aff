import type { Catalog } from '../../lib/i18n.svelte.js';

/** How a photo becomes the model's square input: the recipe's choice, its preview, a run's. */
type Keys =
  | 'fit'
  | 'fit.squash'
  | 'fit.crop'
  | 'fit.pad'
  | 'fit.hint.squash'
  | 'fit.hint.crop'
  | 'fit.hint.pad'
  | 'preview'
  | 'previewAt'
  | 'previewEmpty'
  | 'previewFailed';

export const messages: Catalog<Keys> = {
  en: {
    fit: 'Photo to input',
    'fit.squash': 'Squash',
    'fit.crop': 'Centre crop',
    'fit.pad': 'Pad',
    'fit.hint.squash': 'The whole photo, stretched to a square.',
    'fit.hint.crop': 'The largest centred square; the edges of the longer side are cut off.',
    'fit.hint.pad': 'The whole photo, unstretched, with black bars.',
    preview: 'What the network sees ({size}×{size})',
    previewAt: 'How the photo fits the square (the network sees it at {size}×{size})',
    previewEmpty: 'Import photos to see how each choice turns one into the network’s input.',
    previewFailed: 'The preview could not be made: {message}',
  },
  zh: {
    fit: '照片变为输入',
    'fit.squash': '拉伸',
    'fit.crop': '居中裁剪',
    'fit.pad': '填充',
    'fit.hint.squash': '整张照片，拉伸成正方形。',
    'fit.hint.crop': '居中的最大正方形；长边两端被裁掉。',
    'fit.hint.pad': '整张照片，不拉伸，加黑边。',
    preview: '网络看到的图像（{size}×{size}）',
    previewAt: '照片如何变成正方形（网络看到的是 {size}×{size}）',
    previewEmpty: '导入照片后，可查看每种方式如何把照片变成网络的输入。',
    previewFailed: '无法生成预览：{message}',
  },
};
