/**
 * Stage B of the photo checks: face detection with `@vladmandic/human` (blazeface + facemesh + iris)
 * on the tfjs WebAssembly backend, weights loaded from the npm package on disk. No network: the
 * library's `fetch` is replaced, in this worker only, by a reader that serves `file://` URLs under
 * the allowed folders and refuses every other URL. Detection only: no descriptor, no recognition,
 * no comparison between photos (that would be biometric processing of minors' data).
 *
 * Two workarounds for Node (STACK-NOTES « Photo checks »): `human.node-wasm.js` is loaded by file
 * path (its exports map has no such subpath for `require`), and `file://` model URLs are served by
 * the fetch replacement.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config, FaceResult, Human } from '@vladmandic/human';
import { type FaceMeasures } from '../../../../shared/domain/photoRules';
import { type NormalisedImage } from './stageA';

/** Only these models are shipped and loaded (electron-builder.yml unpacks exactly these). */
export const FACE_MODELS = ['blazeface', 'facemesh', 'iris'] as const;

/**
 * Chin-to-crown height over the mesh's chin-to-forehead (facemesh points 152 and 10; point 10 sits
 * at the hairline, the crown is above it): 1.3, read on the sample faces (the adult anthropometric
 * mean menton–vertex / menton–trichion is 1.2–1.3).
 */
export const CROWN_FACTOR = 1.3;
/** Faces smaller than this share of the photo's height are background details, not people. */
export const MIN_FACE_SHARE = 0.08;
const MIN_FACE_SCORE = 0.5;

export interface FaceModelPaths {
  /** Folder holding blazeface.json/.bin, facemesh.*, iris.* */
  modelsDir: string;
  /** Folder holding tfjs-backend-wasm*.wasm */
  wasmDir: string;
  /** `human.node-wasm.js` */
  humanEntry: string;
}

/** In a packaged app, files read by path live in `app.asar.unpacked` (electron-builder `asarUnpack`). */
function unpacked(p: string): string {
  return p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

export function defaultModelPaths(): FaceModelPaths {
  const require = createRequire(import.meta.url);
  const humanDist = path.dirname(require.resolve('@vladmandic/human'));
  const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return {
    modelsDir: unpacked(path.join(humanDist, '..', 'models')),
    wasmDir: unpacked(wasmDist),
    humanEntry: unpacked(path.join(humanDist, 'human.node-wasm.js')),
  };
}

export class RefusedUrlError extends Error {
  override readonly name = 'RefusedUrlError';
}

/**
 * A `fetch` that serves files under `allowedDirs` for `file://` URLs and refuses anything else
 * (http, https, data, paths outside the folders): the face stage can never reach the network.
 */
export function diskOnlyFetch(allowedDirs: string[]): typeof fetch {
  const roots = allowedDirs.map((dir) => path.resolve(dir) + path.sep);
  return async (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) throw new RefusedUrlError(`[photoChecks.face] refused non-file URL`);
    const file = path.resolve(fileURLToPath(url));
    if (!roots.some((root) => file.startsWith(root))) {
      throw new RefusedUrlError('[photoChecks.face] refused file outside the model folders');
    }
    const data = await fs.promises.readFile(file);
    const type = file.endsWith('.json')
      ? 'application/json'
      : file.endsWith('.wasm')
        ? 'application/wasm'
        : 'application/octet-stream';
    return new Response(new Uint8Array(data), { status: 200, headers: { 'content-type': type } });
  };
}

export interface FaceDetector {
  detect(image: NormalisedImage): Promise<FaceMeasures>;
}

/** Loads the models (about 100–200 ms) and returns a detector; throws when they cannot be loaded. */
export async function loadFaceDetector(paths: FaceModelPaths = defaultModelPaths()): Promise<FaceDetector> {
  globalThis.fetch = diskOnlyFetch([paths.modelsDir, paths.wasmDir]);
  const require = createRequire(import.meta.url);
  const lib = require(paths.humanEntry) as { Human: new (config: Partial<Config>) => Human };
  const dir = (p: string): string => pathToFileURL(p).href + '/';
  const human = new lib.Human({
    backend: 'wasm',
    wasmPath: dir(paths.wasmDir),
    modelBasePath: dir(paths.modelsDir),
    debug: false,
    async: true,
    warmup: 'none',
    cacheSensitivity: 0,
    face: {
      enabled: true,
      detector: { enabled: true, rotation: true, maxDetected: 5, minConfidence: 0.3, return: false },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: false },
  } as unknown as Partial<Config>);
  await human.load();
  await human.tf.ready();
  if (human.tf.getBackend() !== 'wasm') throw new Error('[photoChecks.face] wasm backend not available');

  return {
    async detect(image) {
      const tensor = human.tf.tensor3d(new Uint8Array(image.rgb), [image.height, image.width, 3], 'int32');
      try {
        const result = await human.detect(tensor as never);
        return measureFaces(result.face, image.width, image.height);
      } finally {
        tensor.dispose();
      }
    },
  };
}

type Point = readonly number[];
const dist = (a: Point, b: Point): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

/** Eye aspect ratio from facemesh points: lid gap over eye width. */
function eyeOpenness(mesh: Point[]): number {
  const eye = (outer: number, inner: number, upper: number, lower: number): number => {
    const width = dist(mesh[outer]!, mesh[inner]!);
    return width > 0 ? dist(mesh[upper]!, mesh[lower]!) / width : 0;
  };
  return Math.min(eye(33, 133, 159, 145), eye(263, 362, 386, 374));
}

export function measureFaces(faces: FaceResult[], width: number, height: number): FaceMeasures {
  const people = faces.filter((f) => (f.score ?? 0) >= MIN_FACE_SCORE && f.box[3] >= height * MIN_FACE_SHARE);
  if (people.length === 0) return { faceCount: 0, primary: null };
  const face = people.reduce((a, b) => (b.box[2] * b.box[3] > a.box[2] * a.box[3] ? b : a));
  const mesh = face.mesh as Point[];
  let heightPx: number;
  let centreX: number;
  let openness: number | null;
  if (mesh.length >= 468) {
    heightPx = dist(mesh[152]!, mesh[10]!) * CROWN_FACTOR;
    centreX = (mesh[234]![0]! + mesh[454]![0]!) / 2;
    openness = eyeOpenness(mesh);
  } else {
    // No mesh (the mesh model refused the crop): the box spans brows to chin, roughly.
    heightPx = face.box[3] * 1.35;
    centreX = face.box[0] + face.box[2] / 2;
    openness = null;
  }
  const angle = face.rotation?.angle ?? { roll: 0, yaw: 0, pitch: 0 };
  const deg = (rad: number): number => (rad * 180) / Math.PI;
  return {
    faceCount: people.length,
    primary: {
      heightPct: (heightPx / height) * 100,
      centreOffsetPct: ((centreX - width / 2) / width) * 100,
      rollDeg: deg(angle.roll),
      yawDeg: deg(angle.yaw),
      pitchDeg: deg(angle.pitch),
      eyeOpenness: openness,
    },
  };
}
