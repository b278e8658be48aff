"""Loads an ONNX model in two clients Fovea did not write, and prints one JSON line.

- the official checker: onnx.checker.check_model(model, full_check=True) (Debian's python3-onnx);
- OpenCV's dnn module: cv2.dnn.readNetFromONNX, then a forward pass (Debian's python3-opencv).

Usage: python3 onnx_clients.py MODEL.onnx INPUT.f32 N,H,W,C
INPUT.f32 holds the float32 input, little-endian, in the model's layout (NHWC for Fovea's
exports). Prints {"checker": "ok", "opencv": [[...], ...]} with OpenCV's outputs per image.
"""
import json
import sys

import cv2
import numpy as np
import onnx


def main():
    model_path, input_path, shape = sys.argv[1], sys.argv[2], sys.argv[3]
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    dims = [int(side) for side in shape.split(",")]
    batch = np.fromfile(input_path, dtype="<f4").reshape(dims)
    net = cv2.dnn.readNetFromONNX(model_path)
    outputs = []
    # One image at a time: OpenCV 4.6 fixes the batch of a graph with a symbolic one at 1.
    for image in batch:
        net.setInput(image[np.newaxis])
        outputs.append(net.forward().reshape(-1).tolist())
    print(json.dumps({"checker": "ok", "opencv": outputs}))


if __name__ == "__main__":
    main()
