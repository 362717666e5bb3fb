/**
 * Deterministic dataset for the Region API simulator and the benchmarks. Pure: the same options
 * give the same dataset, with no clock and no Math.random, so failures replay exactly.
 */
import {
  type ActiveRequest,
  type Address,
  type Card,
  type Establishment,
  type Photo,
  type Prevalidation,
  type Training,
} from '../../shared/region-api/schemas';
import { BUILTIN_PHOTO_POOL } from './builtinPhotoPool';
import { buildEstablishmentDirectory } from './establishmentDirectory';
import { FIRST_NAMES, LAST_NAMES, RESIDENCE_NAMES, STREET_NAMES, STREET_TYPES } from './frenchNames';
import { TOWNS } from './places';
import { createPrng, type Prng } from './prng';

export interface PhotoMeta {
  sha256: string;
  contentType: 'image/jpeg' | 'image/png';
  bytes: number;
  width: number;
  height: number;
  quality: string;
}

export interface DatasetOptions {
  requests: number;
  cards?: number;
  seed?: number;
  schoolYear?: string;
  photoPool?: PhotoMeta[];
  /**
   * Establishments of the demo client: 2 (default) = the cité scolaire, lycée + LP; 1 = the lycée
   * alone, every request and roster card on it (one feed call per feed when nothing changed).
   */
  demoUaiCount?: 1 | 2;
}

export interface Dataset {
  establishments: Establishment[];
  demoUais: string[];
  requests: ActiveRequest[];
  cards: Card[];
}

const DAY_MS = 86_400_000;

const LYCEE_CLASSES = [
  '2nde générale et technologique',
  '1re générale',
  'Tle générale',
  '1re STMG',
  'Tle STI2D',
  '1re ST2S',
] as const;
const LP_CLASSES = [
  '2nde Bac Pro MELEC',
  '1re Bac Pro Commerce',
  'Tle Bac Pro ASSP',
  'CAP Cuisine 1re année',
  '2nde Bac Pro MSPC',
  'CAP Maçon 2e année',
] as const;
const APPRENTICE_CLASSES = ['CAP Boulanger (apprentissage)', 'BP Coiffure (apprentissage)'] as const;

const STAFF = [
  { staffId: 'cpe-demo-03', displayName: 'Marc Leroy' },
  { staffId: 'secr-demo-01', displayName: 'Nadia Haddad' },
  { staffId: 'secr-demo-02', displayName: 'Sylvie Dequidt' },
] as const;

// Date formatting dominates the generator's time at 100k objects: format each day once.
const dayStrings = new Map<number, string>();

function isoDay(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayStrings.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayStrings.set(day, text);
  }
  return text;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** RFC 3339 in UTC with whole seconds, like the Region's timestamps. */
function iso(ms: number): string {
  const seconds = Math.floor((ms - Math.floor(ms / DAY_MS) * DAY_MS) / 1000);
  return `${isoDay(ms)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}Z`;
}

function parseStartYear(schoolYear: string): number {
  const m = /^([0-9]{4})-([0-9]{4})$/.exec(schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) throw new Error('generateDataset: invalid schoolYear');
  return Number(m[1]);
}

const emailParts = new Map<string, string>();

/** ASCII local part of an e-mail address: « Bénédicte-Anne » → « benedicte-anne ». */
function emailPart(text: string): string {
  let part = emailParts.get(text);
  if (part === undefined) {
    part = foldForEmail(text);
    emailParts.set(text, part);
  }
  return part;
}

function foldForEmail(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function digits(prng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(prng.int(0, 9));
  return out;
}

function letters(prng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String.fromCharCode(65 + prng.int(0, 25));
  return out;
}

/** RNIE, BEA and apprentice shapes, plus some that match none of them (real data has those). */
function makeIne(prng: Prng, apprentice: boolean): string | undefined {
  const roll = prng.next();
  if (roll < 0.3) return undefined;
  if (apprentice) return `${digits(prng, 4)}A${digits(prng, 5)}${letters(prng, 1)}`;
  if (roll < 0.72) return `${digits(prng, 9)}${letters(prng, 2)}`;
  if (roll < 0.94) return `${digits(prng, 10)}${letters(prng, 1)}`;
  return `${letters(prng, 2)}${digits(prng, 9)}`;
}

function makeAddress(prng: Prng, lastName: string): Address {
  const town = prng.pick(TOWNS);
  const line1 = `${prng.int(1, 240)} ${prng.pick(STREET_TYPES)} ${prng.pick(STREET_NAMES)}`.slice(0, 38);
  const address: Address = { line1, postalCode: town.postalCode, city: town.city, country: 'FR' };
  const roll = prng.next();
  if (roll < 0.25) {
    address.apartment = `Bât. ${String.fromCharCode(65 + prng.int(0, 5))}, appt ${prng.int(1, 80)}`;
  } else if (roll < 0.4) {
    address.apartment = `${prng.pick(RESIDENCE_NAMES)}, appt ${prng.int(1, 40)}`;
  } else if (roll < 0.48) {
    // Looks incomplete on purpose: a residence without an apartment number is mail that comes back.
    address.line2 = prng.pick(RESIDENCE_NAMES);
  } else if (roll < 0.52) {
    address.line1 = `${prng.int(1, 40)} résidence ${prng.pick(STREET_NAMES)}`.slice(0, 38);
  }
  if (prng.chance(0.15)) {
    const other = prng.pick(LAST_NAMES).toUpperCase();
    address.mailboxName = (prng.chance(0.5) ? `${lastName.toUpperCase()}-${other}` : other).slice(0, 38);
  }
  return address;
}

interface Identity {
  lastName: string;
  firstName: string;
  birthDate: string;
}

function makeIdentity(prng: Prng, startYear: number): Identity {
  // 14 to 20 years old on 1 September of the school year.
  const sept1 = Date.UTC(startYear, 8, 1);
  const ageDays = prng.int(14 * 365 + 4, 20 * 365 + 360);
  return {
    lastName: prng.pick(LAST_NAMES),
    firstName: prng.pick(FIRST_NAMES),
    birthDate: isoDay(sept1 - ageDays * DAY_MS),
  };
}

function trainingFor(prng: Prng, establishment: Establishment): Training {
  if (establishment.type === 'LP') {
    if (prng.chance(0.08)) return { type: 'APPRENTICE', classLabel: prng.pick(APPRENTICE_CLASSES) };
    return { type: 'LP', classLabel: prng.pick(LP_CLASSES) };
  }
  // ~5 % of lycée requests are really vocational trainings: the staff must redirect them to the LP.
  if (prng.chance(0.05)) return { type: 'LP', classLabel: prng.pick(LP_CLASSES) };
  return { type: 'LYCEE', classLabel: prng.pick(LYCEE_CLASSES) };
}

type SeedStatus = ActiveRequest['status'];
const STATUS_WEIGHTS: ReadonlyArray<readonly [SeedStatus, number]> = [
  ['SUBMITTED', 0.7],
  ['PREVALIDATED', 0.1],
  ['REJECTED', 0.04],
  ['PHOTO_REJECTED', 0.04],
  ['VALIDATED', 0.05],
  ['CARD_IN_PRODUCTION', 0.03],
  ['CARD_SENT', 0.04],
];

function pickStatus(prng: Prng): SeedStatus {
  let roll = prng.next();
  for (const [status, weight] of STATUS_WEIGHTS) {
    if (roll < weight) return status;
    roll -= weight;
  }
  return 'SUBMITTED';
}

function prevalidationFor(prng: Prng, status: SeedStatus, uai: string, decidedMs: number): Prevalidation | null {
  if (status === 'SUBMITTED') return null;
  const base = {
    decidedBy: { ...prng.pick(STAFF) },
    decidedAt: iso(decidedMs),
    establishmentUai: uai,
    recordedAt: iso(decidedMs + prng.int(5, 3600) * 1000),
  };
  if (status === 'REJECTED') {
    const reason = prng.pick(['NOT_ENROLLED', 'IDENTITY_MISMATCH', 'INCOMPLETE_ADDRESS', 'DUPLICATE_REQUEST']);
    return { decision: 'REJECTED', photoVerdict: 'COMPLIANT', reasonCodes: [reason], ...base };
  }
  if (status === 'PHOTO_REJECTED') {
    const reason = prng.pick(['PHOTO_BLURRY', 'PHOTO_BACKGROUND', 'PHOTO_TOO_SMALL', 'PHOTO_MULTIPLE_PEOPLE']);
    return {
      decision: 'APPROVED',
      photoVerdict: 'NON_COMPLIANT',
      reasonCodes: [reason],
      comment: 'Merci de fournir une photo nette sur fond clair et uni.',
      ...base,
    };
  }
  return { decision: 'APPROVED', photoVerdict: 'COMPLIANT', reasonCodes: [], ...base };
}

class CardNumbers {
  private next: number;
  constructor(prng: Prng) {
    this.next = prng.int(100_000, 900_000);
  }
  take(prng: Prng): string {
    this.next += prng.int(1, 9);
    return `4000${String(this.next).padStart(12, '0')}`;
  }
}

export function generateDataset(options: DatasetOptions): Dataset {
  const requestCount = Math.max(0, Math.floor(options.requests));
  const cardCount = Math.max(0, Math.floor(options.cards ?? Math.round(requestCount * 0.4)));
  const schoolYear = options.schoolYear ?? '2026-2027';
  const startYear = parseStartYear(schoolYear);
  const previousYear = `${startYear - 1}-${startYear}`;
  const pool = options.photoPool && options.photoPool.length > 0 ? options.photoPool : BUILTIN_PHOTO_POOL;
  const prng = createPrng(options.seed ?? 1);

  const demoUaiCount = options.demoUaiCount ?? 2;
  if (demoUaiCount !== 1 && demoUaiCount !== 2) throw new Error('generateDataset: demoUaiCount must be 1 or 2');
  const directory = buildEstablishmentDirectory(prng);
  const { establishments } = directory;
  const demoUais = directory.demoUais.slice(0, demoUaiCount);
  const byUai = new Map(establishments.map((e) => [e.uai, e]));
  const demo = demoUais.map((uai) => byUai.get(uai) as Establishment);
  // The LP stays out of `elsewhere` with one UAI too, so both settings draw the same sequence.
  const elsewhere = establishments.filter((e) => !directory.demoUais.includes(e.uai));

  // Online filing opens in May; the earliest requests wait for the new school year.
  const filingStart = Date.UTC(startYear, 4, 15);
  const filingSpanMs = 130 * DAY_MS;
  const cardNumbers = new CardNumbers(prng);
  let fileSeq = prng.int(1, 500);

  const requests: ActiveRequest[] = [];
  const cards: Card[] = [];
  const returningHolders: Array<{ request: ActiveRequest; identity: Identity; ine: string | undefined }> = [];

  for (let i = 0; i < requestCount; i++) {
    const establishment = prng.chance(0.62) ? (demo[0] as Establishment) : ((demo[1] ?? demo[0]) as Establishment);
    const identity = makeIdentity(prng, startYear);
    const training = trainingFor(prng, establishment);
    const ine = makeIne(prng, training.type === 'APPRENTICE');
    const status = pickStatus(prng);
    const submittedMs = filingStart + prng.int(0, filingSpanMs / 1000) * 1000;
    const photoMs = submittedMs + prng.int(0, 3 * 86_400) * 1000;
    const hasPhoto = status !== 'SUBMITTED' || prng.chance(0.94);
    const poolEntry = prng.pick(pool);
    const photo: Photo | null = hasPhoto
      ? {
          id: prng.uuid(),
          sha256: poolEntry.sha256,
          contentType: poolEntry.contentType,
          bytes: poolEntry.bytes,
          width: poolEntry.width,
          height: poolEntry.height,
          uploadedAt: iso(photoMs),
        }
      : null;
    const decidedMs = photoMs + prng.int(1, 20) * DAY_MS + prng.int(0, 36_000) * 1000;
    const prevalidation = prevalidationFor(prng, status, establishment.uai, decidedMs);
    const updatedMs = prevalidation ? decidedMs + prng.int(3600, 10 * 86_400) * 1000 : photoMs;
    fileSeq += prng.int(1, 3);
    const email = `${emailPart(identity.firstName)}.${emailPart(identity.lastName)}${prng.int(1, 999)}@${prng.pick([
      'example.org',
      'example.com',
      'example.net',
    ])}`;
    const request: ActiveRequest = {
      id: prng.uuid(),
      fileNumber: `HDF-${startYear}-${String(fileSeq).padStart(7, '0')}`,
      version: prevalidation ? prng.int(3, 12) : prng.int(1, 9),
      status,
      schoolYear,
      channel: prng.chance(0.9) ? 'ONLINE' : 'ANTENNA',
      submittedAt: iso(submittedMs),
      updatedAt: iso(updatedMs),
      student: {
        lastName: identity.lastName,
        firstName: identity.firstName,
        birthDate: identity.birthDate,
        email,
        ...(ine ? { ine } : {}),
      },
      address: makeAddress(prng, identity.lastName),
      establishmentUai: establishment.uai,
      training,
      photo,
      prevalidation,
      isReturningStudent: false,
    };
    if (status === 'CARD_IN_PRODUCTION' || status === 'CARD_SENT') request.cardNumber = cardNumbers.take(prng);
    else if (prng.chance(0.15)) {
      request.isReturningStudent = true;
      returningHolders.push({ request, identity, ine });
    }
    requests.push(request);
  }

  const cardUpdatedBase = Date.UTC(startYear, 6, 1);
  const pushCard = (card: Card): void => {
    if (cards.length < cardCount) cards.push(card);
  };

  // Returning students first: their card must exist for the roster to make sense.
  for (const { request, identity, ine } of returningHolders) {
    if (cards.length >= cardCount) break;
    pushCard(makeCard(prng, cardNumbers.take(prng), identity, ine, request.establishmentUai, request.training));
  }
  // Cards being produced or sent for this year's requests.
  for (const request of requests) {
    if (cards.length >= cardCount) break;
    if (!request.cardNumber) continue;
    pushCard({
      cardNumber: request.cardNumber,
      fileNumber: request.fileNumber,
      version: prng.int(1, 4),
      status: 'ACTIVE',
      student: {
        lastName: request.student.lastName,
        firstName: request.student.firstName,
        birthDate: request.student.birthDate,
        ...(request.student.ine ? { ine: request.student.ine } : {}),
      },
      establishmentUai: request.establishmentUai,
      lastRevalidatedSchoolYear: schoolYear,
      walletActive: true,
      training: request.training,
      updatedAt: request.updatedAt,
    });
  }
  while (cards.length < cardCount) {
    const establishment = prng.pick(demo);
    const identity = makeIdentity(prng, startYear);
    const training = trainingFor(prng, establishment);
    const ine = makeIne(prng, training.type === 'APPRENTICE');
    pushCard(makeCard(prng, cardNumbers.take(prng), identity, ine, establishment.uai, training));
  }
  return { establishments, demoUais, requests, cards };

  function makeCard(
    rng: Prng,
    cardNumber: string,
    identity: Identity,
    ine: string | undefined,
    uai: string,
    training: Training,
  ): Card {
    const statusRoll = rng.next();
    const status: Card['status'] =
      statusRoll < 0.85 ? 'ACTIVE' : statusRoll < 0.9 ? 'EXPIRED' : statusRoll < 0.95 ? 'LOST' : 'BLOCKED';
    const yearRoll = rng.next();
    const lastRevalidatedSchoolYear =
      yearRoll < 0.75 ? previousYear : yearRoll < 0.95 ? schoolYear : `${startYear - 2}-${startYear - 1}`;
    // Some cards sit on another roster (revalidated elsewhere) or on none.
    const placeRoll = rng.next();
    const establishmentUai = placeRoll < 0.05 ? (rng.pick(elsewhere).uai as string) : placeRoll < 0.08 ? null : uai;
    fileSeq += rng.int(1, 3);
    return {
      cardNumber,
      fileNumber: `HDF-${startYear - 1}-${String(fileSeq).padStart(7, '0')}`,
      version: rng.int(1, 8),
      status,
      student: {
        lastName: identity.lastName,
        firstName: identity.firstName,
        birthDate: identity.birthDate,
        ...(ine ? { ine } : {}),
      },
      establishmentUai,
      lastRevalidatedSchoolYear,
      walletActive: status === 'ACTIVE' && lastRevalidatedSchoolYear === schoolYear,
      training,
      updatedAt: iso(cardUpdatedBase + rng.int(0, 90 * 86_400) * 1000),
    };
  }
}
