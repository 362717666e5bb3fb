/**
 * Everything staff check before deciding: identity and age, contact, full postal address (with a
 * visible warning when it may not be deliverable), establishment and training, the returning
 * student's previous card, the photo (large, zoomable) and this request's decision history.
 */
import { Alert, Badge, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { type RequestDetail } from '../../../shared/ipc/contract';
import { fr } from '../../i18n/fr';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { type Photo } from './useRequestDetail';
import { PhotoChecklist } from '../photos/PhotoChecklist';
import { PhotoViewer } from '../photos/PhotoViewer';
import { type PhotoPrefill } from '../photos/prefillPhotoVerdict';
import { type PhotoChecksState } from '../photos/usePhotoChecks';

interface RequestDetailPanelProps {
  detail: RequestDetail;
  photo: Photo | null;
  photoLoading: boolean;
  establishmentName: (uai: string) => string;
  zoomOpen: boolean;
  onZoom: (open: boolean) => void;
  photoChecks: PhotoChecksState;
  photoPrefill: PhotoPrefill | null;
}

function photoSrc(photo: Photo): string {
  return `data:${photo.contentType};base64,${photo.base64}`;
}

export function RequestDetailPanel({
  detail,
  photo,
  photoLoading,
  establishmentName,
  zoomOpen,
  onZoom,
  photoChecks,
  photoPrefill,
}: RequestDetailPanelProps) {
  const t = fr.prevalidation.detail;
  const { request } = detail;
  const name = `${request.student.firstName} ${request.student.lastName}`;
  const address = request.address;
  const training = request.training.classLabel
    ? `${fr.training[request.training.type]} — ${request.training.classLabel}`
    : fr.training[request.training.type];

  return (
    <Stack gap="sm" data-testid="request-detail" data-request-id={request.id} data-file-number={request.fileNumber}>
      <Group justify="space-between" align="start" wrap="nowrap">
        <div>
          <Title order={3} id="detail-title">
            {name}
          </Title>
          <Text size="sm">
            {t.fileNumber} : {request.fileNumber} · {t.status} : {fr.status[request.status]}
          </Text>
        </div>
        <Group gap={4}>
          {request.isReturningStudent && (
            <Badge color="#1c5d99" variant="filled" data-testid="returning-badge">
              {t.returning}
            </Badge>
          )}
          {detail.localState !== 'SYNCED' && (
            <Badge color="#495057" variant="filled">
              {fr.prevalidation.localState[detail.localState]}
            </Badge>
          )}
        </Group>
      </Group>

      <Group align="start" wrap="nowrap" gap="md">
        <div style={{ flex: '0 0 45%' }}>
          <Text fw={600} size="sm">
            {t.photo}
          </Text>
          {request.photo === null ? (
            <Text size="sm">{t.noPhoto}</Text>
          ) : photo ? (
            <>
              <img
                src={photoSrc(photo)}
                alt={t.photoAlt(name)}
                className="pv-photo"
                data-testid="request-photo"
                width={photo.width}
                height={photo.height}
                style={{ width: '100%', height: 'auto' }}
              />
              <Button size="compact-sm" variant="outline" mt={4} onClick={() => onZoom(true)}>
                {t.zoom}
              </Button>
              <div style={{ marginTop: 8 }}>
                <PhotoChecklist {...photoChecks} compact />
                {photoPrefill && (
                  <Text size="sm" mt={4} data-testid="photo-prefill-note">
                    {fr.photoChecks.prefilled(
                      photoPrefill.photoVerdict === 'COMPLIANT'
                        ? fr.photoChecks.verdictCompliant
                        : fr.photoChecks.verdictNonCompliant,
                    )}
                  </Text>
                )}
              </div>
            </>
          ) : (
            <Text size="sm">{photoLoading ? t.photoLoading : t.photoNotCached}</Text>
          )}
        </div>
        <dl style={{ margin: 0, flex: 1, minWidth: 0 }}>
          <Text component="dt" fw={600} size="sm">
            {t.identity}
          </Text>
          <Text component="dd" size="sm" ml={0}>
            {t.birth(formatDate(request.student.birthDate), formatNumber(detail.age))}
            {request.student.ine ? ` · ${t.ine} ${request.student.ine}` : ''}
          </Text>
          <Text component="dt" fw={600} size="sm">
            {t.email}
          </Text>
          <Text component="dd" size="sm" ml={0} style={{ overflowWrap: 'anywhere' }}>
            {request.student.email}
          </Text>
          <Text component="dt" fw={600} size="sm">
            {t.address}
          </Text>
          <Text component="dd" size="sm" ml={0} data-testid="request-address">
            {address.mailboxName && (
              <>
                {t.mailbox(address.mailboxName)}
                <br />
              </>
            )}
            {address.apartment && (
              <>
                {t.apartment(address.apartment)}
                <br />
              </>
            )}
            {address.line1}
            <br />
            {address.line2 && (
              <>
                {address.line2}
                <br />
              </>
            )}
            {address.postalCode} {address.city} {address.country !== 'FR' ? address.country : ''}
          </Text>
          <Text component="dt" fw={600} size="sm">
            {t.establishment}
          </Text>
          <Text component="dd" size="sm" ml={0}>
            {establishmentName(request.establishmentUai)}
          </Text>
          <Text component="dt" fw={600} size="sm">
            {t.training}
          </Text>
          <Text component="dd" size="sm" ml={0}>
            {training}
          </Text>
          <Text component="dt" fw={600} size="sm">
            {t.submittedAt}
          </Text>
          <Text component="dd" size="sm" ml={0}>
            {formatDateTime(request.submittedAt)}
          </Text>
        </dl>
      </Group>

      {detail.addressWarnings.length > 0 && (
        <Alert color="yellow" variant="light" title={t.addressIncomplete} data-testid="address-warning">
          <List size="sm">
            {detail.addressWarnings.map((warning) => (
              <List.Item key={warning}>{t.addressWarnings[warning]}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      {request.isReturningStudent && (
        <Text size="sm" data-testid="previous-card">
          {detail.previousCard
            ? t.previousCard(detail.previousCard.cardNumber, fr.status[detail.previousCard.status])
            : t.noPreviousCard}
        </Text>
      )}

      <section aria-labelledby="history-title">
        <Title order={4} id="history-title">
          {t.history}
        </Title>
        {detail.decisions.length === 0 ? (
          <Text size="sm">{t.noHistory}</Text>
        ) : (
          <List size="sm" data-testid="decision-history">
            {detail.decisions.map((decision) => (
              <List.Item key={decision.id}>
                {t.historyItem(
                  fr.prevalidation.outcome[decision.decision],
                  decision.decidedBy.displayName,
                  formatDateTime(decision.decidedAt),
                  fr.prevalidation.outboxState[decision.state],
                )}
                {decision.messageFr ? ` — ${decision.messageFr}` : ''}
              </List.Item>
            ))}
          </List>
        )}
      </section>

      <Modal
        transitionProps={{ duration: 0 }}
        opened={zoomOpen && photo !== null}
        onClose={() => onZoom(false)}
        title={t.zoomTitle}
        size="90%"
        centered
        closeButtonProps={{ 'aria-label': fr.prevalidation.help.close }}
      >
        {photo && <PhotoViewer name={name} photo={photo} checks={photoChecks} returning={request.isReturningStudent} />}
      </Modal>
    </Stack>
  );
}
