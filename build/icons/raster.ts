import { PNG } from "pngjs";

/** An RGBA image with straight (not premultiplied) alpha, as pngjs reads and writes it. */
export type Image = PNG;

export function blank(size: number): Image {
  return new PNG({ width: size, height: size });
}

/**
 * Area-average downscale to a square `size`: each output pixel is the mean of the
 * source area it covers (fractional edges weighted), computed on premultiplied
 * colour so transparent pixels do not bleed dark fringes into the edge.
 */
export function downscale(src: Image, size: number): Image {
  if (src.width !== src.height) throw new Error(`the source icon must be square, not ${src.width}×${src.height}`);
  if (size > src.width)
    throw new Error(`cannot make a ${size}px icon from a ${src.width}px source: use a larger source`);
  const out = blank(size);
  const scale = src.width / size;
  for (let oy = 0; oy < size; oy++) {
    const y0 = oy * scale;
    const y1 = y0 + scale;
    for (let ox = 0; ox < size; ox++) {
      const x0 = ox * scale;
      const x1 = x0 + scale;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let area = 0;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const w = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
          const i = (sy * src.width + sx) * 4;
          const alpha = src.data[i + 3] / 255;
          r += src.data[i] * alpha * w;
          g += src.data[i + 1] * alpha * w;
          b += src.data[i + 2] * alpha * w;
          a += alpha * w;
          area += w;
        }
      }
      const o = (oy * size + ox) * 4;
      out.data[o] = a > 0 ? Math.round(r / a) : 0;
      out.data[o + 1] = a > 0 ? Math.round(g / a) : 0;
      out.data[o + 2] = a > 0 ? Math.round(b / a) : 0;
      out.data[o + 3] = Math.round((a / area) * 255);
    }
  }
  return out;
}

export function encode(image: Image): Buffer {
  return PNG.sync.write(image);
}

export function decode(bytes: Buffer): Image {
  return PNG.sync.read(bytes);
}

/** Coverage of a shape at a pixel from its signed distance (negative inside), anti-aliased over one pixel. */
export function coverage(distance: number): number {
  return Math.min(1, Math.max(0, 0.5 - distance));
}

export function forEachPixel(image: Image, fn: (x: number, y: number, index: number) => void): void {
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) fn(x + 0.5, y + 0.5, (y * image.width + x) * 4);
  }
}
