/**
 * The feature layers of Keras' MobileNetV2 (width 1.0, 224×224), by their Keras names. The
 * bundled network (nsfwjs' copy) and the ImageNet download share this topology and these names.
 */
import type { FeatureLayer } from './backbones.js';

export const kerasMobileNetV2Layers: readonly FeatureLayer[] = [
  { name: 'block_3_expand_relu', side: 56, channels: 144 },
  { name: 'block_6_expand_relu', side: 28, channels: 192 },
  { name: 'block_9_expand_relu', side: 14, channels: 384 },
  { name: 'block_10_expand_relu', side: 14, channels: 384 },
  { name: 'block_12_add', side: 14, channels: 96 },
  { name: 'block_13_expand_relu', side: 14, channels: 576 },
  { name: 'block_16_project_BN', side: 7, channels: 320 },
  { name: 'out_relu', side: 7, channels: 1280 },
];

/** The five layers that scored best on the pets photos with the bundled network (issue 15). */
export const kerasMobileNetV2DefaultLayers: readonly string[] = [
  'block_9_expand_relu',
  'block_10_expand_relu',
  'block_12_add',
  'block_13_expand_relu',
  'block_16_project_BN',
];
