// TextEncoder and TextDecoder exist in every runtime Fovea's common code runs in (browsers, Node,
// Electron); the ES library alone does not declare them.
declare global {
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string);
    decode(input?: ArrayBufferView | ArrayBuffer): string;
  }
}
export {};
