/** One returning student's card at the desk: identity, numbers, state, wallet, and the revalidation form. */
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { TRAINING_TYPES, type TrainingType } from '../../../shared/region-api/schemas';
import { type CardView, type RecordResult } from '../../../shared/schemas/revalidation';
import { fr } from '../../i18n/fr';
import { formatDate } from '../../i18n/format';
import { useApi } from '../../transport/ApiContext';

interface CardPanelProps {
  card: CardView;
  schoolYear: string | null;
  /** Called with the result once a revalidation was asked (recorded, already done or refused). */
  onRecorded: (result: RecordResult) => void;
}

export function CardPanel({ card, schoolYear, onRecorded }: CardPanelProps) {
  const api = useApi();
  const t = fr.revalidation;
  const { row, wallet } = card;
  const [training, setTraining] = useState<TrainingType>(row.trainingType ?? 'LYCEE');
  const [classLabel, setClassLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submitRef = useRef<HTMLButtonElement | null>(null);
  const due = row.eligibility === 'DUE';

  // At the desk the next key after a scan is Enter on « Revalider »: focus it when the card is due.
  useEffect(() => {
    if (due) submitRef.current?.focus();
  }, [due, row.cardNumber]);

  async function revalidate() {
    setBusy(true);
    setError(null);
    const result = await api['revalidations:record']({
      cardNumber: row.cardNumber,
      training: { type: training, ...(classLabel.trim() !== '' ? { classLabel: classLabel.trim() } : {}) },
    });
    setBusy(false);
    if (!result.ok) {
      setError(t.desk.failed(result.error.message));
      return;
    }
    onRecorded(result.value);
  }

  // Dark shades: white 11 px bold text needs a 4.5:1 contrast (RGAA).
  const eligibilityColor = due ? '#0b4f8a' : row.eligibility === 'ALREADY_THIS_YEAR' ? '#1b5e20' : '#a61e1e';
  return (
    <Card withBorder padding="md" data-testid="reval-card" data-card-number={row.cardNumber}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {row.lastName} {row.firstName}
          </Title>
          <Badge color={eligibilityColor} data-testid="reval-eligibility">
            {t.eligibility[row.eligibility]}
          </Badge>
        </Group>
        <dl className="reval-facts">
          <dt>{t.card.cardNumber}</dt>
          <dd>{row.cardNumber}</dd>
          <dt>{t.card.fileNumber}</dt>
          <dd>{row.fileNumber}</dd>
          <dt>{t.card.birthDate}</dt>
          <dd>{formatDate(row.birthDate)}</dd>
          <dt>{t.card.status}</dt>
          <dd>{t.status[row.status]}</dd>
          <dt>{t.card.lastYear}</dt>
          <dd>{row.lastRevalidatedSchoolYear ?? t.card.never}</dd>
          <dt>{t.card.lastClass}</dt>
          <dd>
            {row.trainingType ? fr.training[row.trainingType] : '—'}
            {row.classLabel ? ` — ${row.classLabel}` : ''}
          </dd>
          <dt>{t.card.establishment}</dt>
          <dd>{row.establishmentUai ?? '—'}</dd>
          <dt>{t.card.wallet}</dt>
          <dd data-testid="reval-wallet">
            {wallet.credited && wallet.validity
              ? t.card.walletActive(formatDate(wallet.validity.from), formatDate(wallet.validity.to))
              : t.card.walletInactive}
          </dd>
        </dl>
        {row.local !== 'NONE' && <Text size="sm">{t.card.local[row.local]}</Text>}
        {card.revalidation?.messageFr && <Text size="sm">{card.revalidation.messageFr}</Text>}
        {!due && (
          <Alert color={row.eligibility === 'ALREADY_THIS_YEAR' ? 'green' : 'orange'} variant="light">
            <span data-testid="reval-eligibility-message">{eligibilityMessage(row.eligibility)}</span>
          </Alert>
        )}
        {due && schoolYear && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void revalidate();
            }}
          >
            <Group align="flex-end" gap="sm">
              <NativeSelect
                label={t.form.training}
                value={training}
                onChange={(event) => setTraining(event.currentTarget.value as TrainingType)}
                data={TRAINING_TYPES.map((type) => ({ value: type, label: fr.training[type] }))}
              />
              <TextInput
                label={t.form.classLabel}
                value={classLabel}
                maxLength={60}
                onChange={(event) => setClassLabel(event.currentTarget.value)}
              />
              <Button type="submit" ref={submitRef} loading={busy} data-testid="reval-submit">
                {t.form.submit(schoolYear)}
              </Button>
            </Group>
          </form>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** The staff-facing sentence for a card that cannot be revalidated now (what the student must do). */
export function eligibilityMessage(eligibility: CardView['row']['eligibility']): string {
  return fr.revalidation.eligibilityDetail[eligibility];
}
