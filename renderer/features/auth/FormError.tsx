import { Alert } from '@mantine/core';
import { fr } from '../../i18n/fr';

/** A refusal from the services, announced to screen readers as it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" title={fr.errors.title} role="alert">
      {message}
    </Alert>
  );
}
