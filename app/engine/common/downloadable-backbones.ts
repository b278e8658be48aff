/**
 * ImageNet MobileNets Google publishes as TF.js Layers models, downloaded into the library on
 * first use (services/node/backbone-download.ts). Only Layers models are listed: Fovea folds and
 * truncates a Layers model (engine/node/folded-network.ts). Google publishes MobileNetV3 for TF.js
 * only as graph models (TF Hub / Kaggle, `tfjs-model/imagenet/mobilenet_v3_*`), which carry no
 * layer names to take features from, so it is not offered.
 *
 * Checksums of these files are not known here (no network to measure them): the download is
 * checked against model.json's own byte sizes, and `files` lists a checksum where one is known.
 */
import type { Backbone } from './backbones.js';
import { kerasMobileNetV2DefaultLayers, kerasMobileNetV2Layers } from './mobilenet-layers.js';

const keepsApacheWeights = {
  licence: 'Apache-2.0',
  holder: 'The TensorFlow Authors',
} as const;

/** Keras Applications' MobileNetV2 without its top, as Teachable Machine loads it. */
export const imageNetMobileNetV2: Backbone = {
  id: 'mobilenet-v2-imagenet',
  origin: 'download',
  name: 'MobileNetV2, ImageNet (download)',
  description:
    'Keras Applications MobileNetV2 (width 1.0, 224×224, without its classifier) with all of ' +
    'its ImageNet weights, as Google publishes it for Teachable Machine. Downloaded once (about ' +
    '9 MB) into the library, then used offline.',
  inputSize: 224,
  inputScaling: { min: -1, max: 1 },
  layers: kerasMobileNetV2Layers,
  defaultLayers: kerasMobileNetV2DefaultLayers,
  parameters: 2_257_984,
  licences: [
    {
      part: 'MobileNetV2 and its ImageNet weights (Keras Applications)',
      ...keepsApacheWeights,
      source: 'https://github.com/keras-team/keras-applications',
    },
  ],
  source:
    'https://storage.googleapis.com/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.00_224_no_top/',
  download: {
    url: 'https://storage.googleapis.com/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.00_224_no_top/model.json',
    approximateBytes: 9_100_000,
  },
};

/** The TF.js team's MobileNetV1 (width 1.0, 224×224), classifier included. */
export const imageNetMobileNetV1: Backbone = {
  id: 'mobilenet-v1-imagenet',
  origin: 'download',
  name: 'MobileNetV1, ImageNet (download)',
  description:
    'MobileNetV1 (width 1.0, 224×224) trained on ImageNet, converted to TF.js by the TensorFlow.js ' +
    'team (the model of their transfer-learning examples). Downloaded once (about 17 MB) into the ' +
    'library, then used offline.',
  inputSize: 224,
  inputScaling: { min: -1, max: 1 },
  layers: [
    { name: 'conv_pw_3_relu', side: 56, channels: 128 },
    { name: 'conv_pw_5_relu', side: 28, channels: 256 },
    { name: 'conv_pw_7_relu', side: 14, channels: 512 },
    { name: 'conv_pw_9_relu', side: 14, channels: 512 },
    { name: 'conv_pw_11_relu', side: 14, channels: 512 },
    { name: 'conv_pw_12_relu', side: 7, channels: 1024 },
    { name: 'conv_pw_13_relu', side: 7, channels: 1024 },
  ],
  defaultLayers: ['conv_pw_11_relu', 'conv_pw_13_relu'],
  parameters: 4_253_864,
  licences: [
    {
      part: 'MobileNetV1 and its ImageNet weights (TensorFlow models, converted for TF.js)',
      ...keepsApacheWeights,
      source: 'https://github.com/tensorflow/tfjs-models',
    },
  ],
  source: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/',
  download: {
    url: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_1.0_224/model.json',
    approximateBytes: 17_000_000,
  },
};

export const downloadableBackbones: readonly Backbone[] = [
  imageNetMobileNetV2,
  imageNetMobileNetV1,
];
