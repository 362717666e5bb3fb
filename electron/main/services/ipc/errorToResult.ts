/**
 * Turns whatever a handler threw into the contract's typed error with a French message for staff.
 * Known errors keep their meaning (store unavailable, Region refused, offline); anything else is
 * INTERNAL with a generic message, the details staying in the log.
 */
import { type ErrorCode, type IpcError } from '../../../../shared/ipc/result';
import { RegionApiError, RegionProtocolError, RegionUnreachableError } from '../region/regionErrors';

export const INTERNAL_MESSAGE = 'Une erreur interne est survenue. Elle a été consignée dans le journal.';

/** Errors that carry their own staff message (the store's StoreOpenError, the settings' refusals). */
export interface FrenchMessageError {
  messageFr: string;
  code?: unknown;
}

export function hasFrenchMessage(error: unknown): error is Error & FrenchMessageError {
  return error instanceof Error && typeof (error as Partial<FrenchMessageError>).messageFr === 'string';
}

/** An error raised on purpose by a handler, with the contract code to answer. */
export class HandlerError extends Error {
  override readonly name = 'HandlerError';
  constructor(
    readonly ipcCode: ErrorCode,
    readonly messageFr: string,
  ) {
    super(ipcCode);
  }
}

function regionApiErrorToIpc(error: RegionApiError): IpcError {
  if (error.status === 401) {
    return {
      code: 'UNAUTHORIZED',
      message: 'La Région a refusé les identifiants de ce poste. Vérifiez l’identifiant et le secret client.',
    };
  }
  if (error.status === 403) {
    return { code: 'FORBIDDEN', message: 'La Région refuse cette opération pour ce poste.' };
  }
  if (error.status === 404) return { code: 'NOT_FOUND', message: 'La Région ne connaît pas cet élément.' };
  if (error.status === 409) {
    return {
      code: 'CONFLICT',
      message: 'Cet élément a changé à la Région entre-temps. Rechargez-le avant de continuer.',
    };
  }
  if (error.status === 400 || error.status === 422) {
    return { code: 'INVALID_INPUT', message: 'La Région a refusé ces données.' };
  }
  return {
    code: 'UNAVAILABLE',
    message: 'Le service de la Région est momentanément indisponible. Réessayez dans quelques minutes.',
  };
}

export function errorToIpc(error: unknown): IpcError {
  if (error instanceof HandlerError) return { code: error.ipcCode, message: error.messageFr };
  if (error instanceof RegionApiError) return regionApiErrorToIpc(error);
  if (error instanceof RegionUnreachableError) {
    return {
      code: 'UNAVAILABLE',
      message: 'Hors ligne : le service de la Région ne répond pas. Vos décisions restent enregistrées sur ce poste.',
    };
  }
  if (error instanceof RegionProtocolError) {
    return {
      code: 'UNAVAILABLE',
      message: 'La Région a envoyé une réponse inattendue. Elle a été consignée dans le journal.',
    };
  }
  // The store's StoreOpenError (and any future error made for staff) brings its own French message.
  if (hasFrenchMessage(error)) return { code: 'UNAVAILABLE', message: error.messageFr };
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

/** The class name only: messages may quote data, class names never do. */
export function errorClassName(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return typeof error;
}
