/**
 * Stage A of the photo checks: the file and its pixels, with sharp, from ONE decode.
 *
 * The header is read first (cheap) so a decompression bomb is refused before any pixel is
 * allocated; then one pipeline applies the EXIF orientation, flattens transparency, converts to
 * sRGB and resizes to a fixed height (NORMALISED_HEIGHT) — the Laplacian variance depends on scale,
 * so every photo is measured at the same one. The measuring loops are plain JS over the raw RGB
 * (sharp's `stats()` would read the full-size input again: 0.5 s at 12 MP). The same RGB feeds stage B.
 */
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import {
  NORMALISED_HEIGHT,
  PHOTO_RULES,
  type SniffedFormat,
  type StageAMeasures,
} from '../../../../shared/domain/photoRules';

export interface NormalisedImage {
  /** Packed RGB, 3 bytes a pixel. */
  rgb: Buffer;
  width: number;
  height: number;
}

export interface StageAOutput {
  measures: StageAMeasures;
  /** Pixels for the face stage (null when the image was not decoded). */
  image: NormalisedImage | null;
  /** Oriented size of the original. */
  width: number | null;
  height: number | null;
}

/** Refuses to even open files far past the upload limit: their bytes are never decoded. */
const HARD_DECODE_LIMIT_BYTES = 4 * PHOTO_RULES.maxBytes;

function startsWith(data: Uint8Array, bytes: number[], offset = 0): boolean {
  if (data.length < offset + bytes.length) return false;
  return bytes.every((b, i) => data[offset + i] === b);
}

const ascii = (data: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...data.subarray(from, Math.min(to, data.length)));

/** The real format from the magic bytes: a file's name or announced type proves nothing. */
export function sniffFormat(data: Uint8Array): SniffedFormat {
  if (data.length === 0) return 'empty';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(data, 0, 4) === 'GIF8') return 'gif';
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return 'webp';
  if (ascii(data, 4, 8) === 'ftyp') {
    const brand = ascii(data, 8, 12);
    if (['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'].includes(brand)) return 'heic';
  }
  const head = Buffer.from(data.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^<(\?xml|svg|!DOCTYPE svg)/i.test(head) && /<svg[\s>]/i.test(head)) return 'svg';
  const sample = data.subarray(0, 512);
  let printable = 0;
  for (const byte of sample)
    if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 0xc2) printable += 1;
  return printable / sample.length > 0.95 ? 'text' : 'unknown';
}

function spaceOf(space: string | undefined, channels: number | undefined): 'srgb' | 'cmyk' | 'grayscale' | 'other' {
  if (space === 'cmyk') return 'cmyk';
  if (space === 'b-w' || space === 'grey16' || channels === 1 || channels === 2) return 'grayscale';
  if (space === 'srgb' || space === 'rgb16' || space === 'scrgb') return 'srgb';
  return 'other';
}

export async function runStageA(data: Buffer): Promise<StageAOutput> {
  const format = sniffFormat(data);
  const base: StageAMeasures = { format, bytes: data.length, headerPixels: null, decoded: null, decodeFailure: null };
  const none = { measures: base, image: null, width: null, height: null };
  if (format !== 'jpeg' && format !== 'png') return none;
  if (data.length > HARD_DECODE_LIMIT_BYTES) return { ...none, measures: { ...base, decodeFailure: 'corrupt' } };

  const options = { failOn: 'error' as const, limitInputPixels: PHOTO_RULES.maxPixels };
  let meta: Metadata;
  try {
    // Header only (no pixel is decoded): the pixel count is checked here, before any decode.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    return { ...none, measures: { ...base, decodeFailure: 'corrupt' } };
  }
  const headerPixels = meta.width !== undefined && meta.height !== undefined ? meta.width * meta.height : null;
  if (headerPixels === null) return { ...none, measures: { ...base, decodeFailure: 'corrupt' } };
  if (headerPixels > PHOTO_RULES.maxPixels) return { ...none, measures: { ...base, headerPixels } };

  const rotated = (meta.orientation ?? 1) > 1;
  const swaps = (meta.orientation ?? 1) >= 5;
  const width = swaps ? meta.height! : meta.width!;
  const height = swaps ? meta.width! : meta.height!;

  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(data, options)
      .rotate()
      .resize({ height: NORMALISED_HEIGHT, width: NORMALISED_HEIGHT * 2, fit: 'inside' })
      // A transparent background is judged as the white it shows on most viewers (the stricter reading).
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    return { ...none, measures: { ...base, headerPixels, decodeFailure: 'corrupt' } };
  }
  const rgb = toRgb(raw.data, raw.info.channels);
  const w = raw.info.width;
  const h = raw.info.height;
  const measured = measurePixels(rgb, w, h);
  return {
    measures: {
      ...base,
      headerPixels,
      decoded: {
        width,
        height,
        space: measured.meanChromaPct < 1 ? 'grayscale' : spaceOf(meta.space, meta.channels),
        hasAlpha: meta.hasAlpha === true,
        rotated,
        pages: meta.pages ?? 1,
        clippedHighPct: measured.clippedHighPct,
        clippedLowPct: measured.clippedLowPct,
        centreMeanLuma: measured.centreMeanLuma,
        sharpness: measured.sharpness,
        background: measured.background,
      },
    },
    image: { rgb, width: w, height: h },
    width,
    height,
  };
}

function toRgb(data: Buffer, channels: number): Buffer {
  if (channels === 3) return data;
  const pixels = data.length / channels;
  const out = Buffer.allocUnsafe(pixels * 3);
  for (let i = 0; i < pixels; i += 1) {
    const v = data[i * channels]!;
    out[i * 3] = v;
    out[i * 3 + 1] = channels >= 3 ? data[i * channels + 1]! : v;
    out[i * 3 + 2] = channels >= 3 ? data[i * channels + 2]! : v;
  }
  return out;
}

type PixelMeasures = Pick<
  NonNullable<StageAMeasures['decoded']>,
  'clippedHighPct' | 'clippedLowPct' | 'centreMeanLuma' | 'sharpness' | 'background'
> & { meanChromaPct: number };

/** Sharpness window: fixed size at the normalised scale, where the face is in an ID photo. */
const SHARP_WINDOW = 280;

export function measurePixels(rgb: Buffer, w: number, h: number): PixelMeasures {
  const luma = new Uint8Array(w * h);
  // Chroma (max − min of the channels) tells a grey picture stored as RGB from a colour one.
  let chroma = 0;
  for (let i = 0, p = 0; i < luma.length; i += 1, p += 3) {
    const r = rgb[p]!;
    const g = rgb[p + 1]!;
    const b = rgb[p + 2]!;
    luma[i] = (r * 77 + g * 150 + b * 29) >> 8;
    chroma += Math.max(r, g, b) - Math.min(r, g, b);
  }

  // Exposure on the central region (the face and shoulders), not the background.
  const x0 = Math.floor(w * 0.2);
  const x1 = Math.ceil(w * 0.8);
  const y0 = Math.floor(h * 0.1);
  const y1 = Math.ceil(h * 0.9);
  let high = 0;
  let low = 0;
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) {
      const v = luma[y * w + x]!;
      if (v >= 250) high += 1;
      else if (v <= 5) low += 1;
      sum += v;
      count += 1;
    }
  }

  // Laplacian variance on a fixed window centred where the eyes and nose are.
  const sw = Math.min(SHARP_WINDOW, w - 2);
  const sh = Math.min(SHARP_WINDOW, h - 2);
  const sx = Math.max(1, Math.floor(w / 2 - sw / 2));
  const sy = Math.max(1, Math.min(h - sh - 1, Math.floor(h * 0.45 - sh / 2)));
  let lSum = 0;
  let lSq = 0;
  let lN = 0;
  for (let y = sy; y < sy + sh; y += 1) {
    const row = y * w;
    for (let x = sx; x < sx + sw; x += 1) {
      const i = row + x;
      const lap = luma[i - 1]! + luma[i + 1]! + luma[i - w]! + luma[i + w]! - 4 * luma[i]!;
      lSum += lap;
      lSq += lap * lap;
      lN += 1;
    }
  }
  const lMean = lN > 0 ? lSum / lN : 0;
  const sharpness = lN > 0 ? lSq / lN - lMean * lMean : 0;

  // Background: the top strip and the upper parts of the side strips (shoulders are lower).
  const strip = Math.max(2, Math.round(w * 0.05));
  const top = Math.max(2, Math.round(h * 0.04));
  const sideBottom = Math.round(h * 0.55);
  let bSum = 0;
  let bSq = 0;
  let bSat = 0;
  let bN = 0;
  const take = (x: number, y: number): void => {
    const i = y * w + x;
    const v = luma[i]!;
    const p = i * 3;
    const r = rgb[p]!;
    const g = rgb[p + 1]!;
    const b = rgb[p + 2]!;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    bSum += v;
    bSq += v * v;
    bSat += max === 0 ? 0 : (max - min) / max;
    bN += 1;
  };
  for (let y = 0; y < top; y += 1) for (let x = 0; x < w; x += 1) take(x, y);
  for (let y = top; y < sideBottom; y += 1) {
    for (let x = 0; x < strip; x += 1) take(x, y);
    for (let x = w - strip; x < w; x += 1) take(x, y);
  }
  const bMean = bSum / bN;
  return {
    meanChromaPct: (chroma / luma.length / 255) * 100,
    clippedHighPct: (high / count) * 100,
    clippedLowPct: (low / count) * 100,
    centreMeanLuma: sum / count,
    sharpness,
    background: {
      meanLuma: bMean,
      stdLuma: Math.sqrt(Math.max(0, bSq / bN - bMean * bMean)),
      saturationPct: (bSat / bN) * 100,
    },
  };
}
