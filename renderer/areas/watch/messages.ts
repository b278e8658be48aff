import type { Catalog } from '../../lib/i18n.svelte.js';

type Keys =
  | 'title'
  | 'intro'
  | 'waiting'
  | 'filters'
  | 'firstLayer'
  | 'deeperLayer'
  | 'handMade'
  | 'learned'
  | 'similarity'
  | 'negated'
  | 'featureMaps'
  | 'probe'
  | 'probeHint'
  | 'modelProbe'
  | 'pickImage'
  | 'dropFile'
  | 'timeline'
  | 'live'
  | 'play'
  | 'snapshot'
  | 'noSnapshots'
  | 'field'
  | 'dismiss'
  | 'layer'
  | 'lossByStep'
  | 'step'
  | 'train'
  | 'preset.identity'
  | 'preset.sobel-vertical'
  | 'preset.sobel-horizontal'
  | 'preset.box'
  | 'preset.gaussian'
  | 'preset.sharpen'
  | 'preset.laplacian';

export const messages: Catalog<Keys> = {
  en: {
    title: 'Watch it learn',
    intro: 'Filters and feature maps, live while training and replayable afterwards.',
    waiting: 'Filters appear here once training starts.',
    filters: 'Filters',
    firstLayer: 'Layer {n}: {filters} RGB filters, {size}×{size}',
    deeperLayer: 'Layer {n}: {filters} filters × {channels} input channels, {size}×{size}',
    handMade: 'Learned beside hand-made (grayscale)',
    learned: 'Filter {n}',
    similarity: '{name}, similarity {v}',
    negated: '(inverted)',
    featureMaps: 'Feature maps',
    probe: 'Probe image',
    probeHint: 'Click a feature-map pixel to outline what it sees in the probe image.',
    modelProbe:
      'Feature maps of the trained model for this image (the timeline shows the stored ones).',
    pickImage: 'Dataset image',
    dropFile: 'Drop or choose a photo',
    timeline: 'Timeline',
    live: 'Live',
    play: 'Replay',
    snapshot: 'Step {step} · epoch {epoch}',
    noSnapshots: 'No snapshots stored for this run.',
    field: 'Receptive field {w}×{h} px',
    dismiss: 'Dismiss',
    layer: 'Layer {n}',
    lossByStep: 'Loss (step)',
    step: 'Step',
    train: 'Train',
    'preset.identity': 'Identity',
    'preset.sobel-vertical': 'Vertical Sobel',
    'preset.sobel-horizontal': 'Horizontal Sobel',
    'preset.box': 'Box blur',
    'preset.gaussian': 'Gaussian',
    'preset.sharpen': 'Sharpen',
    'preset.laplacian': 'Laplacian',
  },
  zh: {
    title: '看它学习',
    intro: '训练时实时显示卷积核与特征图，训练结束后可以回放。',
    waiting: '开始训练后，卷积核会显示在这里。',
    filters: '卷积核',
    firstLayer: '第 {n} 层：{filters} 个 RGB 卷积核，{size}×{size}',
    deeperLayer: '第 {n} 层：{filters} 个卷积核 × {channels} 个输入通道，{size}×{size}',
    handMade: '学到的与手工设计的（灰度）',
    learned: '卷积核 {n}',
    similarity: '{name}，相似度 {v}',
    negated: '（反相）',
    featureMaps: '特征图',
    probe: '探测图片',
    probeHint: '点击特征图上的像素，在探测图片上标出它的感受野。',
    modelProbe: '训练好的模型对这张图片的特征图（时间线上显示的是保存的快照）。',
    pickImage: '数据集图片',
    dropFile: '拖入或选择一张照片',
    timeline: '时间线',
    live: '实时',
    play: '回放',
    snapshot: '第 {step} 步 · 第 {epoch} 轮',
    noSnapshots: '这次训练没有保存快照。',
    field: '感受野 {w}×{h} 像素',
    dismiss: '关闭',
    layer: '第 {n} 层',
    lossByStep: '损失（步）',
    step: '步',
    train: '训练',
    'preset.identity': '恒等',
    'preset.sobel-vertical': '垂直 Sobel',
    'preset.sobel-horizontal': '水平 Sobel',
    'preset.box': '均值模糊',
    'preset.gaussian': '高斯',
    'preset.sharpen': '锐化',
    'preset.laplacian': '拉普拉斯',
  },
};
