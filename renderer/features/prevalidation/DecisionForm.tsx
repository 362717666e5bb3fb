/**
 * The decision: pre-validate, reject with the Region's reasons, or redirect to another UAI (the
 * establishment sharing the site first), with the photo verdict and an optional comment. Controlled
 * by the workspace so the keyboard shortcuts and the form drive the same state.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, type RefObject, useEffect, useMemo, useState } from 'react';
import { type EstablishmentT, type ReasonT } from '../../../shared/schemas/domain';
import { fr } from '../../i18n/fr';
import { useApi } from '../../transport/ApiContext';
import { type DecisionFormState, type FormErrors, type Outcome } from './decisionForm';

const TARGET_SEARCH_DEBOUNCE_MS = 200;

interface DecisionFormProps {
  form: DecisionFormState;
  errors: FormErrors;
  prevalidationReasons: ReasonT[];
  photoReasons: ReasonT[];
  sibling: EstablishmentT | null;
  currentUai: string;
  saving: boolean;
  onChange: (form: DecisionFormState) => void;
  onSubmit: () => void;
  targetRef: RefObject<HTMLInputElement | null>;
  submitLabel?: string;
}

function toggle(codes: string[], code: string, on: boolean): string[] {
  return on ? [...codes.filter((c) => c !== code), code] : codes.filter((c) => c !== code);
}

export function DecisionForm({
  form,
  errors,
  prevalidationReasons,
  photoReasons,
  sibling,
  currentUai,
  saving,
  onChange,
  onSubmit,
  targetRef,
  submitLabel,
}: DecisionFormProps) {
  const api = useApi();
  const t = fr.prevalidation.form;
  const [targetSearch, setTargetSearch] = useState('');
  const [found, setFound] = useState<EstablishmentT[]>([]);

  useEffect(() => {
    if (form.decision !== 'REDIRECTED') return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      void api['reference:establishments']({ query: targetSearch.slice(0, 100) }).then((result) => {
        if (!cancelled && result.ok) setFound(result.value.items);
      });
    }, TARGET_SEARCH_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [api, targetSearch, form.decision]);

  const targetOptions = useMemo(() => {
    const options: { value: string; label: string }[] = [];
    if (sibling) options.push({ value: sibling.uai, label: t.sibling(sibling.name, sibling.uai) });
    for (const e of found) {
      if (e.uai === currentUai || e.uai === sibling?.uai) continue;
      options.push({ value: e.uai, label: t.establishmentOption(e.name, e.city, e.uai) });
    }
    if (form.targetUai && !options.some((o) => o.value === form.targetUai)) {
      options.push({ value: form.targetUai, label: form.targetUai });
    }
    return options;
  }, [sibling, found, currentUai, form.targetUai, t]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form onSubmit={submit} aria-labelledby="decision-title" noValidate data-testid="decision-form">
      <Stack gap="sm">
        <Title order={3} id="decision-title">
          {t.label}
        </Title>
        <Radio.Group
          label={t.decision}
          value={form.decision}
          onChange={(value) => onChange({ ...form, decision: value as Outcome })}
        >
          <Group gap="md" mt={4}>
            <Radio value="APPROVED" label={t.approve} />
            <Radio value="REJECTED" label={t.reject} />
            <Radio value="REDIRECTED" label={t.redirect} />
          </Group>
        </Radio.Group>

        <div>
          <Text id="photo-verdict-label" size="sm" fw={500}>
            {t.photoVerdict}
          </Text>
          <SegmentedControl
            aria-labelledby="photo-verdict-label"
            value={form.photoVerdict}
            onChange={(value) => onChange({ ...form, photoVerdict: value as DecisionFormState['photoVerdict'] })}
            data={[
              { value: 'COMPLIANT', label: t.compliant },
              { value: 'NON_COMPLIANT', label: t.nonCompliant },
            ]}
          />
        </div>

        {form.photoVerdict === 'NON_COMPLIANT' && (
          <Checkbox.Group
            label={t.photoReasons}
            value={form.photoReasonCodes}
            error={errors.photoReasonCodes}
            onChange={(value) => onChange({ ...form, photoReasonCodes: value })}
          >
            <Stack gap={4} mt={4}>
              {photoReasons.map((reason) => (
                <Checkbox key={reason.code} value={reason.code} label={reason.labelFr} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}

        {form.decision !== 'APPROVED' && (
          <Checkbox.Group
            label={t.reasons}
            value={form.reasonCodes}
            error={errors.reasonCodes}
            withAsterisk
            data-testid="reason-group"
          >
            <Stack gap={4} mt={4}>
              {prevalidationReasons.map((reason, index) => (
                <Checkbox
                  key={reason.code}
                  value={reason.code}
                  checked={form.reasonCodes.includes(reason.code)}
                  onChange={(event) =>
                    onChange({
                      ...form,
                      reasonCodes: toggle(form.reasonCodes, reason.code, event.currentTarget.checked),
                    })
                  }
                  label={index < 9 ? t.reasonNumbered(index + 1, reason.labelFr) : reason.labelFr}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        )}

        {form.decision === 'REDIRECTED' && (
          <Select
            ref={targetRef}
            label={t.target}
            description={t.targetHint}
            withAsterisk
            searchable
            clearable
            data={targetOptions}
            value={form.targetUai}
            searchValue={targetSearch}
            onSearchChange={setTargetSearch}
            onChange={(value) => onChange({ ...form, targetUai: value })}
            error={errors.targetUai}
            filter={({ options }) => options}
            data-testid="target-select"
          />
        )}

        <Textarea
          label={t.comment}
          description={t.commentCount(form.comment.length)}
          value={form.comment}
          autosize
          minRows={2}
          maxRows={5}
          error={errors.comment}
          onChange={(event) => onChange({ ...form, comment: event.currentTarget.value })}
        />

        {errors.form && (
          <Alert color="red" variant="light" role="alert">
            {errors.form}
          </Alert>
        )}

        <Group>
          <Button type="submit" loading={saving}>
            {submitLabel ?? t.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
