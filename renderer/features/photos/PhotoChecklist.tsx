/** The checks beside the photo, in French, with what was measured; failures first. */
import './photos.css';
import { Alert, Badge, Group, List, Text } from '@mantine/core';
import { type PhotoChecksAnswer, type PhotoVerdict } from '../../../shared/schemas/photoChecks';
import { fr } from '../../i18n/fr';
import { checkDetail, checkLabel, checkValue } from './checkText';

const t = fr.photoChecks;
const ORDER: Record<PhotoVerdict, number> = { fail: 0, warning: 1, pass: 2 };
// Dark enough for a 4.5:1 contrast with white text (RGAA).
const COLOUR: Record<PhotoVerdict, string> = { pass: '#2b7a3d', warning: '#8a5a00', fail: '#b02a37' };
const MARK: Record<PhotoVerdict, string> = { pass: '✓', warning: '!', fail: '✗' };

interface PhotoChecklistProps {
  answer: PhotoChecksAnswer | null;
  loading: boolean;
  failed: boolean;
  compact?: boolean;
}

export function PhotoChecklist({ answer, loading, failed, compact = false }: PhotoChecklistProps) {
  if (loading) return <Text size="sm">{t.loading}</Text>;
  if (failed || answer?.state === 'unavailable') return <Text size="sm">{t.unavailable}</Text>;
  if (!answer || answer.state === 'noPhoto' || !answer.report) return <Text size="sm">{t.noPhoto}</Text>;
  const report = answer.report;
  const checks = [...report.checks].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  const shown = compact ? checks.filter((c) => c.verdict !== 'pass') : checks;
  return (
    <section aria-label={t.checklistTitle} data-testid="photo-checklist" data-overall={report.overall}>
      <Group gap="xs" mb={4}>
        <Text fw={600} size="sm">
          {t.checklistTitle}
        </Text>
        <Badge color={COLOUR[report.overall]} variant="filled" data-testid="photo-checks-overall">
          {t.overall[report.overall]}
        </Badge>
      </Group>
      {report.faceStage === 'unavailable' && (
        <Alert color="yellow" variant="light" p="xs" mb={4}>
          {t.faceStageUnavailable}
        </Alert>
      )}
      <List size="sm" spacing={2} listStyleType="none" ml={0} pl={0}>
        {shown.map((check) => {
          const value = checkValue(check, report);
          const detail = checkDetail(check);
          return (
            <List.Item key={check.id} data-testid={`photo-check-${check.id}`} data-verdict={check.verdict}>
              <span aria-hidden="true" style={{ color: COLOUR[check.verdict], fontWeight: 700, marginRight: 6 }}>
                {MARK[check.verdict]}
              </span>
              <span className="ph-sr-only">{t.verdict[check.verdict]} : </span>
              {checkLabel(check)}
              {value ? ` — ${value}` : ''}
              {detail ? ` (${detail})` : ''}
            </List.Item>
          );
        })}
      </List>
      <Text size="xs" mt={4}>
        {t.advisory}
      </Text>
    </section>
  );
}
