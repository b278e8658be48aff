/** The Learn area's words, English and Simplified Chinese, with the same keys. */
import type { Catalog } from '../../lib/i18n.svelte.js';

const en = {
  'area.title': 'Learn: what a convolutional network does',
  'area.intro':
    'Do by hand, on your own image, what a CNN does: every number below is computed by the same code Fovea uses, so you can check it.',
  'area.contents': 'Contents',

  'sec.dense.title': 'Why dense layers explode',
  'sec.dense.body':
    'A {side}×{side} grayscale photo is {inputs} numbers. A dense layer connects every one of them to every unit: with {units} units that is {dense} parameters in the first layer alone, before the network has learned anything. Try other sizes, colour channels and layer widths.',
  'sec.algorithm.title': 'The convolution algorithm',
  'sec.algorithm.body':
    'A convolution slides a small kernel over the image. At each position it multiplies the kernel with the pixels under it, element by element, and adds the products and the filter’s bias b: Σ wᵢxᵢ + b is one output cell. The player opens on the article’s example, a {f}×{f} kernel over a {n}×{n} matrix whose first window gives {first}; type your own numbers into the matrix and the kernel.',
  'sec.sobel.title': 'Sobel filters and other kernels',
  'sec.sobel.body':
    'The kernel decides what the output responds to. A vertical Sobel kernel weighs the right column against the left, so it answers where brightness changes from left to right: at vertical edges. Pick a kernel or type your own weights and watch the feature map follow.',
  'sec.padding.title': 'Padding and edges',
  'sec.padding.body':
    'Without padding a kernel of size f has only n − f + 1 positions across n pixels, so every layer shrinks the image and the border pixels take part in fewer sums. Zero padding p adds p rings of zeros around the image; the stride s moves the window s pixels at a time. The output side is ⌊(n + 2p − f)/s⌋ + 1, rounded down when the stride does not fit evenly. (The article writes p for the filter size; here f is the filter size and p the padding.)',
  'sec.activations.title': 'Activations: ReLU, sigmoid and tanh',
  'sec.activations.body':
    'After the convolution and its bias comes an activation, applied to every cell. ReLU keeps positive responses and sets negatives to zero. Sigmoid squashes every value into (0, 1), tanh into (−1, 1); far from zero both barely change, so their gradients fade, which is why CNNs use ReLU. Negative values are shown in orange here (and in red in the matrices) so you can see what disappears.',
  'sec.channels.title': 'Conv layers and channels',
  'sec.channels.body':
    'A colour image has three channels. A filter of a conv layer has one kernel per input channel and adds their three responses (plus a bias) into one map. A layer has many filters, and each makes one output channel.',
  'sec.pooling.title': 'Pooling',
  'sec.pooling.body':
    'Pooling shrinks a map by summarizing each {w}×{w} window: max pooling keeps the strongest response, average pooling the mean. Pooled twice, a {before}×{before} map becomes {after}×{after}, yet the edges are still there.',
  'sec.flatten.title': 'Flattening',
  'sec.flatten.body':
    'At the end, the maps are laid out as one long vector for the dense layers that decide the class: position by position, every channel in turn.',
  'sec.shared.title': 'Shared weights and receptive fields',
  'sec.shared.body':
    'One {f}×{f} filter has {parameters} parameters ({f}·{f} + 1), and on a {side}×{side} image all {out}×{out} = {neurons} output neurons share them, where a dense layer needed {dense}. Each neuron sees only a small window, its receptive field; stacking layers makes the field grow.',
  'sec.learned.title': 'Where filters come from',
  'sec.learned.body':
    'Nobody types the kernels of a trained CNN. Its filters start as small random numbers; training shows it labelled photos, measures how wrong its answers are, and backpropagation nudges every weight to make the error smaller. After enough photos the first layer’s filters often look like the hand-made kernels above: edges in one direction, blobs of colour.',
  'sec.pretrained.title': 'Why a pretrained network helps',
  'sec.pretrained.body':
    'A network trained on more than a million photos (ImageNet) has already learned the hierarchy above, with thousands of filters instead of two: its first layer finds edges and changes of colour everywhere, like the Sobel kernels; each block after it combines the maps before it into detectors of larger patterns — corners and textures, then patterns, then parts of things such as eyes, ears or wheels — over ever larger areas at ever lower resolution. Below, your image runs through the MobileNetV2 that ships with Fovea (its blocks up to block 10 keep their ImageNet weights; the later ones were retrained by the nsfwjs project for its own task): the six most varied maps of four of its layers. Started from such a network, a classifier only has to learn how your classes combine parts it already finds, so a few hundred photos and a few seconds reach an accuracy that a network from scratch, which must first learn its edges, does not.',
  'sec.heatmaps.title': 'What the network looks at',
  'sec.heatmaps.body':
    'A trained network can show where it looked. Grad-CAM weighs the last conv layer’s feature maps by how much each raised the predicted class and paints the result over the photo as a heat map, so you can see whether it decided by the cat or by the sofa.',

  'image.group': 'Image',
  'image.choose': 'Image',
  'image.builtins': 'Built-in',
  'image.dataset': 'From a dataset',
  'image.open': 'Open a photo',
  'image.loading': 'Loading…',
  'image.drop': 'or drop one here',
  'image.error': 'This image could not be opened: {reason}',
  'image.vertical-edge': 'Vertical edge',
  'image.horizontal-edge': 'Horizontal edge',
  'image.checkerboard': 'Checkerboard',
  'image.disc': 'Disc',
  'image.shapes': 'Shapes',
  'image.rings': 'Rings',

  'kernel.preset': 'Kernel',
  'kernel.identity': 'Identity',
  'kernel.sobel-vertical': 'Vertical Sobel',
  'kernel.sobel-horizontal': 'Horizontal Sobel',
  'kernel.box': 'Box (average)',
  'kernel.gaussian': 'Gaussian blur',
  'kernel.sharpen': 'Sharpen',
  'kernel.laplacian': 'Laplacian',
  'kernel.custom': 'Custom',
  'kernel.size': 'Size',
  'kernel.weight': 'Weight, row {row}, column {column}',
  'kernel.hint': 'Type numbers or fractions such as 1/9; the map updates as you type.',

  'lab.red': 'Red channel',
  'lab.green': 'Green channel',
  'lab.blue': 'Blue channel',
  'lab.hover': 'Point at the feature map to read its values.',
  'lab.value': 'Output ({x}, {y}) = {value}',
  'lab.stride': 'Stride',
  'lab.padding': 'Padding',
  'lab.same': '“Same” padding',
  'lab.colour': 'Apply to',
  'lab.grayscale': 'Grayscale',
  'lab.channels': 'Each colour channel',
  'lab.size': 'Input {input} → feature map {output}',
  'lab.input': 'Input image',
  'lab.output': 'Feature map',
  'lab.composite': 'Feature map: |response| of red, green and blue',
  'lab.legend':
    'Feature maps: black is 0, white the largest positive response, orange the negative ones.',

  'step.matrix': 'Matrix',
  'step.step-edge': 'Dark | bright edge',
  'step.article': 'The article’s example',
  'step.numbers': 'Mixed numbers',
  'step.typed': 'Typed in',
  'step.articleKernel': 'The article’s kernel',
  'step.bias': 'Bias b',
  'step.cell': 'Input, row {row}, column {column}',
  'step.weight': 'Weight w{i}, row {row}, column {column}',
  'step.typeHint':
    'Click any number of the matrix or the kernel and type your own; fractions such as 1/9 work.',
  'step.biasNote':
    'A filter has one bias b, added at every position: the same b for the whole feature map.',
  'step.pad': 'Zero padding (p = 1)',
  'step.player': 'Player',
  'step.restart': 'Restart',
  'step.back': 'Step back',
  'step.pause': 'Pause',
  'step.play': 'Play',
  'step.next': 'Step',
  'step.speed': 'Speed',
  'step.perSecond': '{n}/s',
  'step.progress': 'Position {n} of {total}',
  'step.input': 'Input (window highlighted)',
  'step.kernel': 'Kernel',
  'step.products': 'Element-wise products',
  'step.output': 'Output',
  'step.sum': 'Output cell ({x}, {y}) is the sum of the products plus the bias:',

  'size.n': 'Input n',
  'size.f': 'Kernel f',
  'size.p': 'Padding p',
  'size.s': 'Stride s',
  'size.padded': 'Padded input: {padded}×{padded}.',
  'size.name.inputSize': 'The input size n',
  'size.name.kernelSize': 'The kernel size f',
  'size.name.padding': 'The padding p',
  'size.name.stride': 'The stride s',
  'size.notWhole': '{name} must be a whole number ≥ {minimum}; got {value}.',
  'size.tooLarge': 'A {f}×{f} kernel does not fit in a {padded}×{padded} padded input.',
  'size.inexact':
    'The stride does not divide n + 2p − f, so the result is rounded down: the last columns are never covered.',
  'size.same':
    '“Same” output: {n}×{n} with a {f}×{f} kernel needs p = {p}, an {padded}×{padded} padded input, and gives {out}×{out}.',

  'param.side': 'Image side',
  'param.channels': 'Channels',
  'param.kernel': 'Kernel size',
  'param.filters': 'Filters',
  'param.widths': 'Dense layer widths',
  'param.dense': 'Dense layers on the pixels',
  'param.inputs': '{side}×{side}×{channels} = {inputs} inputs',
  'param.total': 'Total parameters:',
  'param.badWidths': 'Type the widths as whole numbers, e.g. 128, 256, 1.',
  'param.conv': 'One convolution layer',
  'param.shared':
    'Each filter’s {parameters} parameters are shared by {side}×{side} = {neurons} neurons.',
  'param.ratio': 'The first dense layer has {ratio}× as many parameters.',
  'param.badKernel': 'The kernel must not be larger than the image.',
  'param.presets': 'Fovea’s model presets',
  'param.defaultPreset': 'Fovea default',

  'relu.before': 'Before ReLU',
  'relu.after': 'After ReLU',
  'relu.mapBefore': 'Feature map',
  'relu.mapAfter': 'After ReLU',
  'relu.substitute':
    'The kernel chosen above gives no negative values, so ReLU would change nothing: the maps below use the Laplacian kernel on the same image instead. Pick a kernel with negative weights above to see its own map here.',
  'relu.counts': 'ReLU set {negative} of {total} values ({percent}%) to zero in your feature map.',
  'act.relu': 'ReLU',
  'act.sigmoid': 'Sigmoid',
  'act.tanh': 'Tanh',
  'act.same': 'The same feature map through each activation:',
  'act.scale':
    'Sigmoid and tanh see the map with pixels read as 0–1 (divided by {scale}), the scale a network’s inputs have; ReLU does not care about scale.',

  'channels.filter':
    'With the {f}×{f} kernel on each of red, green and blue, one filter has {weights} weights + 1 bias = {parameters} parameters, and gives this single map:',
  'channels.sum': 'Sum over the three channels',
  'channels.layer':
    'A layer of {k} filters, here {k} hand-made ones on the grayscale image (after ReLU), has {parameters} parameters and outputs {k} channels:',

  'pool.mode': 'Pooling',
  'pool.max': 'Max',
  'pool.average': 'Average',
  'pool.stage0': 'After ReLU',
  'pool.stage1': 'Pooled once',
  'pool.stage2': 'Pooled twice',
  'pool.edges':
    'Choose the vertical Sobel kernel on the vertical edge: after two max poolings the edge is still a bright line, in a {after}×{after} map.',

  'shift.title': 'Shifting the image',
  'shift.dx': 'Shift right (px)',
  'shift.dy': 'Shift down (px)',
  'shift.input': 'Shifted image',
  'shift.map': 'Its feature map (ReLU)',
  'shift.pooled': 'Pooled twice',
  'shift.caption':
    'How much each stage changes when the image moves by ({dx}, {dy}) pixels, ‖Δ‖ / ‖map‖:',
  'shift.feature': 'Feature map',
  'shift.once': 'Pooled once',
  'shift.twice': 'Pooled twice',
  'shift.realigned': 'Feature map moved back by the same shift',
  'shift.note':
    'This is where translation invariance (平移不变性) comes from. Convolution is equivariant: the feature map moves with the image (moved back it matches, apart from the border). Pooling makes the result nearly invariant to small shifts: on shapes and photos the pooled maps change less; a perfectly thin edge that crosses a pooling window is the exception.',

  'shuffle.title': 'Shuffling the pixels',
  'shuffle.body':
    'The parameter count is one reason dense layers fail on images; the other is that flattening throws away which pixels are neighbours. Shuffle the pixels of your image with one fixed permutation and move a dense layer’s weights the same way: its {units} outputs do not change at all, so to a dense layer the shuffled photo is as good as the real one. A convolution reads each pixel with its neighbours: on the shuffled image its map, put back in place, is another map.',
  'shuffle.original': 'Your image',
  'shuffle.shuffled': 'Pixels shuffled',
  'shuffle.convOriginal': 'Convolution of the image ({kernel})',
  'shuffle.convRestored': 'Convolution of the shuffled image, put back in place',
  'shuffle.dense': 'Outputs of a dense layer with {units} units',
  'shuffle.denseOriginal': 'On the image',
  'shuffle.denseShuffled': 'On the shuffled image, weights moved along',
  'shuffle.unit': 'Unit {i}',
  'shuffle.changes': 'Change (‖Δ‖ / ‖output‖): dense layer {dense}, convolution {conv}.',

  'flatten.channel': 'Channel {c}: {name} on the 6×6 numbers, ReLU, 2×2 max pool',
  'flatten.vector': 'The flattened vector',
  'flatten.yours':
    'Your image through the {filters} filters, ReLU and two poolings: {w}×{h}×{c} = {n} numbers. A dense layer of {units} units on them has {parameters} parameters.',
  'flatten.wrapped': 'The vector, wrapped every {n} values',

  'field.depth': 'Layers',
  'field.column': 'Column',
  'field.row': 'Row',
  'field.input': 'Input, with the receptive field',
  'field.map': 'Last map ({names}, Laplacian kernels)',
  'field.rect':
    'Cell ({x}, {y}) sees input columns {left}–{right} and rows {top}–{bottom}: a {size}×{size} field; neighbouring cells are {jump} pixels apart.',

  'learned.watch':
    'See it happen: Watch, in the Train area, replays your latest run, with the first-layer filters at step 0 and at the end, each beside the closest hand-made kernel.',
  'learned.openWatch': 'Open the latest run in Watch',
  'learned.quickRun': 'Train a short run now (about 30 s on the sample)',
  'learned.noRun':
    'No run yet? Start a short one here — a small network for a few epochs on the dataset you picked (two classes with images) — and watch its filters change in Train.',
  'learned.hierarchy':
    'Deeper layers combine what earlier ones found: edges and corners first, then parts, then whole objects. Here two hand-made layers on your image: layer 1 finds vertical and horizontal edges, layer 2 adds them with a bias of {bias} and fires only where both kinds of edge are strong together: at corners, curves and slanted lines, not along a straight vertical or horizontal edge. In Watch, choose your photo as the probe to see the learned layers’ feature maps, layer by layer.',
  'learned.vertical': 'Layer 1: vertical edges',
  'learned.horizontal': 'Layer 1: horizontal edges',
  'learned.corners': 'Layer 2: corners and curves',
  'heatmaps.open': 'Open Grad-CAM in Evaluate',
} as const;

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'area.title': '学习：卷积神经网络在做什么',
  'area.intro':
    '在你自己的图像上，亲手完成 CNN 所做的事：下面每个数字都由 Fovea 使用的同一份代码算出，你可以逐一核对。',
  'area.contents': '目录',

  'sec.dense.title': '全连接层参数为何暴增',
  'sec.dense.body':
    '一张 {side}×{side} 的灰度照片有 {inputs} 个数值。全连接层把每个数连到每个单元：仅第一层用 {units} 个单元就有 {dense} 个参数，而网络还什么都没学。试试其他尺寸、颜色通道和层宽。',
  'sec.algorithm.title': '卷积算法',
  'sec.algorithm.body':
    '卷积让一个小卷积核在图像上滑动。在每个位置，把卷积核与其下方的像素逐元素相乘，再把乘积与滤波器的偏置 b 相加：Σ wᵢxᵢ + b 就是一个输出单元。播放器以原文的例子开始：{f}×{f} 卷积核作用于 {n}×{n} 矩阵，第一个窗口得到 {first}；你也可以在矩阵和卷积核中输入自己的数字。',
  'sec.sobel.title': 'Sobel 滤波器及其他卷积核',
  'sec.sobel.body':
    '卷积核决定输出对什么有反应。垂直 Sobel 核用右列减去左列，所以在亮度从左到右变化的地方（垂直边缘）有反应。选择一个卷积核或输入你自己的权重，看特征图随之变化。',
  'sec.padding.title': '填充与边缘',
  'sec.padding.body':
    '不加填充时，大小为 f 的卷积核在 n 个像素上只有 n − f + 1 个位置，所以每一层都会缩小图像，边缘像素参与计算更少。零填充 p 在图像四周加 p 圈 0；步幅 s 让窗口每次移动 s 个像素。输出边长为 ⌊(n + 2p − f)/s⌋ + 1，步幅不能整除时向下取整。（原文用 p 表示滤波器大小；这里 f 表示滤波器大小，p 表示填充。）',
  'sec.activations.title': '激活函数：ReLU、sigmoid 与 tanh',
  'sec.activations.body':
    '卷积加上偏置之后是激活函数，作用于每个单元。ReLU 保留正的响应，把负值置为零。Sigmoid 把每个值压到 (0, 1) 之间，tanh 压到 (−1, 1) 之间；远离零时两者几乎不再变化，梯度随之消失，所以 CNN 使用 ReLU。这里负值用橙色显示（矩阵中用红色），让你看清哪些被去掉了。',
  'sec.channels.title': '卷积层与通道',
  'sec.channels.body':
    '彩色图像有三个通道。卷积层的一个滤波器对每个输入通道各有一个卷积核，把三个响应（加上偏置）相加成一张图。一层有许多滤波器，每个产生一个输出通道。',
  'sec.pooling.title': '池化',
  'sec.pooling.body':
    '池化把每个 {w}×{w} 窗口概括成一个数来缩小特征图：最大池化保留最强的响应，平均池化取平均值。池化两次后，{before}×{before} 的特征图变为 {after}×{after}，但边缘依然在。',
  'sec.flatten.title': '展平',
  'sec.flatten.body':
    '最后，这些特征图被排成一个长向量，交给决定类别的全连接层：逐个位置，依次列出每个通道。',
  'sec.shared.title': '权重共享与感受野',
  'sec.shared.body':
    '一个 {f}×{f} 滤波器有 {parameters} 个参数（{f}·{f} + 1），在 {side}×{side} 的图像上，全部 {out}×{out} = {neurons} 个输出神经元共享它们，而全连接层需要 {dense} 个。每个神经元只看一个小窗口，即它的感受野；层层堆叠会让感受野变大。',
  'sec.learned.title': '滤波器从哪里来',
  'sec.learned.body':
    '训练好的 CNN 的卷积核不是人输入的。它的滤波器从很小的随机数开始；训练时给它看带标签的照片，衡量它答错了多少，再由反向传播微调每个权重，让误差变小。看过足够多的照片后，第一层的滤波器往往很像上面手工设计的卷积核：某个方向的边缘、成片的颜色。',
  'sec.pretrained.title': '预训练网络为什么有用',
  'sec.pretrained.body':
    '在一百多万张照片（ImageNet）上训练过的网络，已经学会了上面的层次结构，而且用的是成千上万个滤波器而不是两个：它的第一层到处寻找边缘和颜色变化，就像 Sobel 卷积核；之后的每个模块把前面的特征图组合成更大图案的检测器——先是角点和纹理，再是图案，然后是物体的部件，比如眼睛、耳朵或车轮——覆盖的区域越来越大，分辨率越来越低。下面，你的图像经过 Fovea 自带的 MobileNetV2（第 10 块及之前保留 ImageNet 权重；之后的模块由 nsfwjs 项目为它自己的任务重新训练过）：显示它四个层中各自变化最大的六张特征图。从这样的网络出发，分类器只需学会你的类别如何组合它已经能找到的部件，因此几百张照片、几秒钟就能达到从零训练的网络（它得先学会找边缘）达不到的准确率。',
  'sec.heatmaps.title': '网络在看哪里',
  'sec.heatmaps.body':
    '训练好的网络可以显示它看了哪里。Grad-CAM 按最后一个卷积层的每张特征图对预测类别的贡献给它们加权，再把结果作为热力图叠在照片上，让你看出它是凭猫还是凭沙发做出的判断。',

  'image.group': '图像',
  'image.choose': '图像',
  'image.builtins': '内置',
  'image.dataset': '来自数据集',
  'image.open': '打开照片',
  'image.loading': '加载中…',
  'image.drop': '或拖放到这里',
  'image.error': '无法打开这张图像：{reason}',
  'image.vertical-edge': '垂直边缘',
  'image.horizontal-edge': '水平边缘',
  'image.checkerboard': '棋盘格',
  'image.disc': '圆盘',
  'image.shapes': '形状',
  'image.rings': '同心圆',

  'kernel.preset': '卷积核',
  'kernel.identity': '恒等',
  'kernel.sobel-vertical': '垂直 Sobel',
  'kernel.sobel-horizontal': '水平 Sobel',
  'kernel.box': '均值（方框）滤波',
  'kernel.gaussian': '高斯模糊',
  'kernel.sharpen': '锐化',
  'kernel.laplacian': '拉普拉斯',
  'kernel.custom': '自定义',
  'kernel.size': '大小',
  'kernel.weight': '权重，第 {row} 行，第 {column} 列',
  'kernel.hint': '输入数字或分数（如 1/9）；特征图随输入即时更新。',

  'lab.red': '红色通道',
  'lab.green': '绿色通道',
  'lab.blue': '蓝色通道',
  'lab.hover': '把指针移到特征图上可读取数值。',
  'lab.value': '输出 ({x}, {y}) = {value}',
  'lab.stride': '步幅',
  'lab.padding': '填充',
  'lab.same': '“Same” 填充',
  'lab.colour': '应用于',
  'lab.grayscale': '灰度',
  'lab.channels': '每个颜色通道',
  'lab.size': '输入 {input} → 特征图 {output}',
  'lab.input': '输入图像',
  'lab.output': '特征图',
  'lab.composite': '特征图：红、绿、蓝响应的绝对值',
  'lab.legend': '特征图中：黑色为 0，白色为最大的正响应，橙色为负响应。',

  'step.matrix': '矩阵',
  'step.step-edge': '暗 | 亮 边缘',
  'step.article': '原文的例子',
  'step.numbers': '数字矩阵',
  'step.typed': '自行输入',
  'step.articleKernel': '原文的卷积核',
  'step.bias': '偏置 b',
  'step.cell': '输入，第 {row} 行，第 {column} 列',
  'step.weight': '权重 w{i}，第 {row} 行，第 {column} 列',
  'step.typeHint': '点击矩阵或卷积核中的任意数字即可输入自己的数值；也可以输入 1/9 这样的分数。',
  'step.biasNote': '一个滤波器只有一个偏置 b，在每个位置都加上它：整张特征图用同一个 b。',
  'step.pad': '零填充（p = 1）',
  'step.player': '播放器',
  'step.restart': '重新开始',
  'step.back': '后退一步',
  'step.pause': '暂停',
  'step.play': '播放',
  'step.next': '前进一步',
  'step.speed': '速度',
  'step.perSecond': '每秒 {n} 步',
  'step.progress': '第 {n} 个位置，共 {total} 个',
  'step.input': '输入（高亮为窗口）',
  'step.kernel': '卷积核',
  'step.products': '逐元素乘积',
  'step.output': '输出',
  'step.sum': '输出单元 ({x}, {y}) 是这些乘积之和再加上偏置：',

  'size.n': '输入 n',
  'size.f': '卷积核 f',
  'size.p': '填充 p',
  'size.s': '步幅 s',
  'size.padded': '填充后的输入：{padded}×{padded}。',
  'size.name.inputSize': '输入大小 n',
  'size.name.kernelSize': '卷积核大小 f',
  'size.name.padding': '填充 p',
  'size.name.stride': '步幅 s',
  'size.notWhole': '{name}必须是 ≥ {minimum} 的整数；当前为 {value}。',
  'size.tooLarge': '{f}×{f} 的卷积核放不进 {padded}×{padded} 的填充后输入。',
  'size.inexact': '步幅不能整除 n + 2p − f，结果向下取整：最后几列不会被覆盖。',
  'size.same':
    '“Same” 输出：{n}×{n} 配 {f}×{f} 卷积核需要 p = {p}，即 {padded}×{padded} 的填充输入，得到 {out}×{out}。',

  'param.side': '图像边长',
  'param.channels': '通道数',
  'param.kernel': '卷积核大小',
  'param.filters': '滤波器数',
  'param.widths': '全连接层宽度',
  'param.dense': '直接作用于像素的全连接层',
  'param.inputs': '{side}×{side}×{channels} = {inputs} 个输入',
  'param.total': '参数总数：',
  'param.badWidths': '请用整数输入层宽，例如 128, 256, 1。',
  'param.conv': '一个卷积层',
  'param.shared': '每个滤波器的 {parameters} 个参数由 {side}×{side} = {neurons} 个神经元共享。',
  'param.ratio': '第一个全连接层的参数是它的 {ratio} 倍。',
  'param.badKernel': '卷积核不能大于图像。',
  'param.presets': 'Fovea 的模型预设',
  'param.defaultPreset': 'Fovea 默认',

  'relu.before': 'ReLU 之前',
  'relu.after': 'ReLU 之后',
  'relu.mapBefore': '特征图',
  'relu.mapAfter': 'ReLU 之后',
  'relu.substitute':
    '上面选择的卷积核不会产生负值，ReLU 不会改变任何东西：下面的特征图改用同一张图片上的拉普拉斯卷积核。在上面选择带负权重的卷积核，即可在这里看到它自己的特征图。',
  'relu.counts': '在你的特征图中，ReLU 把 {total} 个值中的 {negative} 个（{percent}%）置为零。',
  'act.relu': 'ReLU',
  'act.sigmoid': 'Sigmoid',
  'act.tanh': 'Tanh',
  'act.same': '同一张特征图分别经过三种激活函数：',
  'act.scale':
    'Sigmoid 和 tanh 看到的是把像素读作 0–1（除以 {scale}）后的特征图，这是网络输入的尺度；ReLU 与尺度无关。',

  'channels.filter':
    '把 {f}×{f} 卷积核分别用于红、绿、蓝，一个滤波器有 {weights} 个权重 + 1 个偏置 = {parameters} 个参数，并得到这一张特征图：',
  'channels.sum': '三个通道之和',
  'channels.layer':
    '一层 {k} 个滤波器（这里是作用于灰度图的 {k} 个手工滤波器，已过 ReLU）有 {parameters} 个参数，输出 {k} 个通道：',

  'pool.mode': '池化',
  'pool.max': '最大',
  'pool.average': '平均',
  'pool.stage0': 'ReLU 之后',
  'pool.stage1': '池化一次',
  'pool.stage2': '池化两次',
  'pool.edges':
    '在垂直边缘图像上选择垂直 Sobel 核：两次最大池化后，在 {after}×{after} 的特征图中边缘仍是一条亮线。',

  'shift.title': '平移图像',
  'shift.dx': '向右平移（像素）',
  'shift.dy': '向下平移（像素）',
  'shift.input': '平移后的图像',
  'shift.map': '它的特征图（ReLU）',
  'shift.pooled': '池化两次',
  'shift.caption': '图像平移 ({dx}, {dy}) 像素时，各阶段的变化量 ‖Δ‖ / ‖特征图‖：',
  'shift.feature': '特征图',
  'shift.once': '池化一次',
  'shift.twice': '池化两次',
  'shift.realigned': '特征图按同样的位移移回后',
  'shift.note':
    '这就是平移不变性（translation invariance）的来源。卷积是等变的（equivariant）：特征图随图像一起移动（移回后除边界外完全一致）。池化让结果对小的平移近乎不变：在形状和照片上，池化后的特征图变化更小；一条恰好跨越池化窗口的极细边缘是例外。',

  'shuffle.title': '打乱像素',
  'shuffle.body':
    '参数数量是全连接层不适合图像的一个原因；另一个原因是展平丢掉了哪些像素彼此相邻。用一个固定的排列打乱你图像的像素，并以同样方式移动全连接层的权重：它的 {units} 个输出完全不变——对全连接层来说，打乱的照片和原图一样好。卷积把每个像素和它的邻居一起读：在打乱的图像上，它的特征图即使放回原位，也是另一张图。',
  'shuffle.original': '你的图像',
  'shuffle.shuffled': '像素打乱后',
  'shuffle.convOriginal': '图像的卷积（{kernel}）',
  'shuffle.convRestored': '打乱图像的卷积，放回原位',
  'shuffle.dense': '{units} 个单元的全连接层的输出',
  'shuffle.denseOriginal': '作用于原图',
  'shuffle.denseShuffled': '作用于打乱的图像，权重随之移动',
  'shuffle.unit': '单元 {i}',
  'shuffle.changes': '变化量（‖Δ‖ / ‖输出‖）：全连接层 {dense}，卷积 {conv}。',

  'flatten.channel': '通道 {c}：{name} 作用于 6×6 数字矩阵、ReLU、2×2 最大池化',
  'flatten.vector': '展平后的向量',
  'flatten.yours':
    '你的图像经过 {filters} 个滤波器、ReLU 和两次池化：{w}×{h}×{c} = {n} 个数值。作用于它们的 {units} 单元全连接层有 {parameters} 个参数。',
  'flatten.wrapped': '向量，每 {n} 个值换一行',

  'field.depth': '层',
  'field.column': '列',
  'field.row': '行',
  'field.input': '输入，及其感受野',
  'field.map': '最后一层特征图（{names}，拉普拉斯卷积核）',
  'field.rect':
    '单元 ({x}, {y}) 看到输入的第 {left}–{right} 列、第 {top}–{bottom} 行：{size}×{size} 的感受野；相邻单元相隔 {jump} 个像素。',

  'learned.watch':
    '亲眼看看：“训练”功能区中的“看它学习”会回放你最近一次训练，显示第一层滤波器在第 0 步和结束时的样子，每个旁边是最接近的手工卷积核。',
  'learned.openWatch': '在“看它学习”中打开最近一次训练',
  'learned.quickRun': '现在训练一次短训练（在示例数据上约 30 秒）',
  'learned.noRun':
    '还没有训练过？在这里开始一次短训练——用一个小网络在你选的数据集（两个有图片的类别）上训练几轮——然后在“训练”中看它的滤波器如何变化。',
  'learned.hierarchy':
    '更深的层组合前面各层找到的东西：先是边缘和角点，然后是局部部件，最后是整个物体。这里在你的图像上用两个手工层演示：第 1 层找出垂直和水平边缘，第 2 层把两者相加、再加上 {bias} 的偏置，只在两种边缘同时很强的地方产生响应：角点、曲线和斜线，而不是笔直的垂直或水平边缘上。在“看它学习”中把你的照片选为探测图像，就能逐层看到学到的特征图。',
  'learned.vertical': '第 1 层：垂直边缘',
  'learned.horizontal': '第 1 层：水平边缘',
  'learned.corners': '第 2 层：角点与曲线',
  'heatmaps.open': '在“评估”中打开 Grad-CAM',
};

export const messages: Catalog<Key> = { en, zh };
export type MessageKey = Key;
