import type { Catalog } from '../../lib/i18n.svelte.js';

/** Learn's section on a pretrained network: its controls and the captions of its layers. */
type Keys =
  | 'show'
  | 'again'
  | 'working'
  | 'failed'
  | 'unavailable'
  | 'input'
  | 'layer.Conv1_relu'
  | 'layer.block_3_expand_relu'
  | 'layer.block_6_expand_relu'
  | 'layer.block_13_expand_relu'
  | 'detail'
  | 'map';

export const messages: Catalog<Keys> = {
  en: {
    show: 'Run my image through MobileNetV2',
    again: 'Run the new image through MobileNetV2',
    working: 'The network is looking at your image…',
    failed: 'The maps could not be made: {message}',
    unavailable: 'The pretrained network runs in Fovea’s engine, which this page has not got.',
    input: 'Your image (squashed to {size}×{size} for the network)',
    'layer.Conv1_relu': 'First convolution: edges and colours',
    'layer.block_3_expand_relu': 'Block 3: corners and textures',
    'layer.block_6_expand_relu': 'Block 6: patterns',
    'layer.block_13_expand_relu': 'Block 13: parts of things',
    detail: '{shown} of {channels} maps, each {side}×{side} (the layer is {layerSide}×{layerSide})',
    map: 'Map {channel}',
  },
  zh: {
    show: '让 MobileNetV2 看我的图像',
    again: '让 MobileNetV2 看新的图像',
    working: '网络正在看你的图像……',
    failed: '无法生成特征图：{message}',
    unavailable: '预训练网络在 Fovea 的引擎中运行，此页面没有连接引擎。',
    input: '你的图像（为网络拉伸成 {size}×{size}）',
    'layer.Conv1_relu': '第一个卷积：边缘与颜色',
    'layer.block_3_expand_relu': '第 3 块：角点与纹理',
    'layer.block_6_expand_relu': '第 6 块：图案',
    'layer.block_13_expand_relu': '第 13 块：物体的部件',
    detail:
      '共 {channels} 张特征图中的 {shown} 张，每张 {side}×{side}（该层为 {layerSide}×{layerSide}）',
    map: '特征图 {channel}',
  },
};
