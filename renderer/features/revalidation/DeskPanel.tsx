/**
 * The desk: one field for a card number, file number or INE, typed or scanned by a barcode reader
 * (which ends with Enter). A card of the roster opens at once; a number not in it asks for the
 * birth date and the Region (online at once, or recorded for the next sync when offline).
 */
import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { TRAINING_TYPES, type TrainingType } from '../../../shared/region-api/schemas';
import { type CardView, type DeskLookupResult } from '../../../shared/schemas/revalidation';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { CardPanel } from './CardPanel';

export function DeskPanel({ schoolYear }: { schoolYear: string | null }) {
  const api = useApi();
  const t = fr.revalidation;
  const [text, setText] = useState('');
  const [result, setResult] = useState<DeskLookupResult | null>(null);
  const [card, setCard] = useState<CardView | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLInputElement | null>(null);

  async function lookup(value: string) {
    setError(null);
    const answer = await api['cards:lookup']({ text: value });
    if (!answer.ok) {
      setError(t.desk.failed(answer.error.message));
      return;
    }
    setResult(answer.value);
    setCard(answer.value.outcome === 'found' ? answer.value.card : null);
  }

  const problem = result?.outcome === 'invalid' ? result : null;
  const problemText =
    problem === null
      ? null
      : problem.problem === 'CARD_NUMBER_LENGTH'
        ? t.desk.problem.CARD_NUMBER_LENGTH(problem.digits ?? 0)
        : t.desk.problem[problem.problem];

  return (
    <Stack gap="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void lookup(text);
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            ref={fieldRef}
            label={t.desk.fieldLabel}
            description={t.desk.fieldHint}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="desk-field"
            error={problemText ?? undefined}
            style={{ minWidth: '22rem' }}
          />
          <Button type="submit">{t.desk.search}</Button>
        </Group>
      </form>
      {problemText && (
        <Text role="alert" className="visually-hidden" data-testid="desk-problem">
          {problemText}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {result?.outcome === 'notInRoster' && result.kind === 'INE' && (
        <Alert color="orange" data-testid="desk-not-in-roster">
          {t.desk.ineNotInRoster}
        </Alert>
      )}
      {result?.outcome === 'notInRoster' && result.kind !== 'INE' && card === null && (
        <RemoteLookupForm
          kind={result.kind}
          value={result.value}
          onFound={(found) => setCard(found)}
          onMessage={setAnnouncement}
        />
      )}
      {card && (
        <CardPanel
          card={card}
          schoolYear={schoolYear}
          onRecorded={(recorded) => {
            setAnnouncement(t.desk.recorded(recorded.cardNumber, recorded.messageFr));
            if (recorded.outcome === 'RECORDED') {
              // Next student: the field is cleared and focused for the next scan.
              setText('');
              setResult(null);
              setCard(null);
              fieldRef.current?.focus();
            } else {
              void lookup(recorded.cardNumber);
            }
          }}
        />
      )}
      <div role="status" aria-live="polite" data-testid="desk-announcer">
        {announcement}
      </div>
    </Stack>
  );
}

function RemoteLookupForm({
  kind,
  value,
  onFound,
  onMessage,
}: {
  kind: 'CARD_NUMBER' | 'FILE_NUMBER';
  value: string;
  onFound: (card: CardView) => void;
  onMessage: (message: string) => void;
}) {
  const api = useApi();
  const t = fr.revalidation;
  const [birthDate, setBirthDate] = useState('');
  const [training, setTraining] = useState<TrainingType>('LYCEE');
  const [classLabel, setClassLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  async function ask() {
    if (birthDate === '') return;
    setBusy(true);
    const answer = await api['cards:lookupRemote']({
      kind,
      value,
      birthDate,
      training: { type: training, ...(classLabel.trim() !== '' ? { classLabel: classLabel.trim() } : {}) },
    });
    setBusy(false);
    if (!answer.ok) {
      setOutcome(t.desk.failed(answer.error.message));
      return;
    }
    const v = answer.value;
    if (v.outcome === 'found') onFound(v.card);
    const message = v.outcome === 'notFound' ? t.desk.remoteNotFound : (v.lookup.messageFr ?? '');
    setOutcome(message);
    onMessage(message);
  }

  return (
    <form
      data-testid="remote-lookup"
      onSubmit={(event) => {
        event.preventDefault();
        void ask();
      }}
    >
      <Stack gap="xs">
        <Alert color="blue" variant="light" data-testid="desk-not-in-roster">
          {t.desk.notInRoster(value)}
        </Alert>
        <Group align="flex-end" gap="sm">
          <TextInput
            type="date"
            label={t.desk.birthDate}
            value={birthDate}
            required
            onChange={(event) => setBirthDate(event.currentTarget.value)}
          />
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
          <Button type="submit" loading={busy}>
            {t.desk.remoteSearch}
          </Button>
        </Group>
        {outcome && <Text data-testid="remote-outcome">{outcome}</Text>}
      </Stack>
    </form>
  );
}
