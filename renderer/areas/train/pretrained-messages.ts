import type { Catalog } from '../../lib/i18n.svelte.js';
import { mobileNetV2 } from '../../../app/engine/common/backbones.js';

/** The Train area's start (pretrained or from scratch), the head's recipe and its summary. */
type Keys =
  | 'startFrom'
  | 'startPretrained'
  | 'recommended'
  | 'startScratch'
  | 'pretrainedHint'
  | 'scratchHint'
  | 'aboutBackbone'
  | 'licences'
  | 'licenceLine'
  | 'headRecipe'
  | 'hidden'
  | 'dropout'
  | 'weightDecay'
  | 'flipEmbeddings'
  | 'fineTune'
  | 'headEpochs'
  | 'fromScratchOnly'
  | 'network'
  | 'part'
  | 'detail'
  | 'backboneFrozen'
  | 'backboneTrained'
  | 'blocksRange'
  | 'noBlocks'
  | 'unknownCounts'
  | 'features'
  | 'featureLayer'
  | 'featureWidth'
  | 'head'
  | 'headLayer'
  | 'headDropout'
  | 'trainedTotal'
  | 'embedding'
  | 'embeddingLeft'
  | 'mobilenet-v2.name'
  | 'mobilenet-v2.description'
  | 'mobilenet-v2.licence.0'
  | 'mobilenet-v2.licence.1';

export const messages: Catalog<Keys> = {
  en: {
    startFrom: 'Start from',
    startPretrained: 'pretrained {name}',
    recommended: 'recommended',
    startScratch: 'from scratch',
    pretrainedHint:
      'Reuses the features a network learned on more than a million photos; only a small head learns your classes. Accurate with few images, and trained in seconds once the images are embedded.',
    scratchHint:
      'Every weight learns from your images alone: slower and less accurate on few photos, and the way to watch a CNN learn.',
    aboutBackbone: 'What this network is',
    licences: 'Licences',
    licenceLine: '{part}: {licence}, {holder}',
    headRecipe: 'Recipe of the head',
    hidden: 'Hidden units (0 = linear head)',
    dropout: 'Dropout before the hidden layer',
    weightDecay: 'Weight decay',
    flipEmbeddings: 'Add flipped images',
    fineTune: 'Fine-tune the last blocks (0 = frozen)',
    headEpochs: 'Epochs of the head',
    fromScratchOnly:
      'The layer editor and pixel augmentation (shift, rotation, zoom, brightness, contrast) belong to training from scratch: a pretrained start keeps the backbone’s layers and trains a head on their features.',
    network: 'Network',
    part: 'Part',
    detail: 'What it is',
    backboneFrozen: 'Backbone, frozen',
    backboneTrained: 'Backbone, fine-tuned',
    blocksRange: '{first} … {last}',
    noBlocks: 'none',
    unknownCounts: 'not counted for this backbone',
    features: 'Features',
    featureLayer: '{name} ({side}×{side}×{channels}, pooled)',
    featureWidth: '{n} features, concatenated',
    head: 'Head',
    headLayer: 'dense {inputs} → {units}, {activation}',
    headDropout: ', dropout {rate} on its input',
    trainedTotal: 'Trained {trained} of {total} parameters',
    embedding: 'Embedding images with {name}: {done} of {total} ({cached} from the cache)',
    embeddingLeft: '· about {seconds} s left',
    // The bundled backbone's own words, from the registry, so English never drifts from it.
    'mobilenet-v2.name': mobileNetV2.name,
    'mobilenet-v2.description': mobileNetV2.description,
    'mobilenet-v2.licence.0': mobileNetV2.licences[0]?.part ?? '',
    'mobilenet-v2.licence.1': mobileNetV2.licences[1]?.part ?? '',
  },
  zh: {
    startFrom: '起点',
    startPretrained: '预训练的 {name}',
    recommended: '推荐',
    startScratch: '从零开始',
    pretrainedHint:
      '沿用一个网络在一百多万张照片上学到的特征，只让一个小的输出头学习您的类别。图片少也能准确；图片嵌入完成后几秒即可训练好。',
    scratchHint: '每个权重都只从您的图片中学习：图片少时更慢、更不准确，但可以看到 CNN 如何学习。',
    aboutBackbone: '这个网络是什么',
    licences: '许可证',
    licenceLine: '{part}：{licence}，{holder}',
    headRecipe: '输出头的训练方案',
    hidden: '隐藏单元数（0 = 线性输出头）',
    dropout: '隐藏层前的丢弃率',
    weightDecay: '权重衰减',
    flipEmbeddings: '加入翻转的图片',
    fineTune: '微调最后几个模块（0 = 冻结）',
    headEpochs: '输出头的轮数',
    fromScratchOnly:
      '层编辑器和像素增强（平移、旋转、缩放、亮度、对比度）只用于从零训练：预训练起点保留骨干网络的层，只在其特征上训练输出头。',
    network: '网络',
    part: '部分',
    detail: '内容',
    backboneFrozen: '骨干网络（冻结）',
    backboneTrained: '骨干网络（微调）',
    blocksRange: '{first} … {last}',
    noBlocks: '无',
    unknownCounts: '此骨干网络不计数',
    features: '特征',
    featureLayer: '{name}（{side}×{side}×{channels}，池化）',
    featureWidth: '{n} 个特征，拼接',
    head: '输出头',
    headLayer: '全连接 {inputs} → {units}，{activation}',
    headDropout: '，输入丢弃率 {rate}',
    trainedTotal: '训练 {trained} / {total} 个参数',
    embedding: '正在用 {name} 嵌入图片：{done} / {total}（{cached} 张来自缓存）',
    embeddingLeft: '· 约剩 {seconds} 秒',
    'mobilenet-v2.name': 'MobileNetV2（内置）',
    'mobilenet-v2.description':
      'Keras 的 MobileNetV2（宽度 1.0，224×224），取自 nsfwjs 软件包。block_10 及之前的模块保留 Keras Applications 的 ImageNet 权重，未作改动；block_11 到 block_16、Conv_1 和输出头由 nsfwjs 重新训练，用于它自己的五个类别。权重以 8 位量化存储。一个纯净的 ImageNet MobileNet 应能给出更好一些的特征。',
    'mobilenet-v2.licence.0': '转换并重新训练后的网络（结构、block_11–16 和输出头）',
    'mobilenet-v2.licence.1': 'MobileNetV2 的 ImageNet 权重（block_10 及之前）',
  },
};
