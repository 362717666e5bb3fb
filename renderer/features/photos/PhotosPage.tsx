/**
 * « Photos »: the requests to review whose photo fails or warns in the automatic checks (failures
 * first), with the background checking's progress; each opens the photo viewer (photo, template
 * overlay, checklist). Deciding stays in the pre-validation workspace, where the verdict is pre-filled.
 */
import { Alert, Button, Modal, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { type RefObject, useCallback, useEffect, useState } from 'react';
import { type z } from 'zod';
import { type PhotoData } from '../../../shared/ipc/contract';
import { type PhotoCheckStatus, type PhotoFlaggedList } from '../../../shared/schemas/photoChecks';
import { fr } from '../../i18n/fr';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { useApi } from '../../transport/ApiContext';
import { PhotoViewer } from './PhotoViewer';
import { usePhotoChecks } from './usePhotoChecks';
import './photos.css';

type Photo = z.infer<typeof PhotoData>;
type Verdict = 'fail' | 'warning' | 'any';
const STATUS_REFRESH_MS = 3_000;

interface PhotosPageProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function PhotosPage({ headingRef }: PhotosPageProps) {
  const t = fr.photoChecks.page;
  const api = useApi();
  const [verdict, setVerdict] = useState<Verdict>('fail');
  const [list, setList] = useState<PhotoFlaggedList | null>(null);
  const [failed, setFailed] = useState(false);
  const [status, setStatus] = useState<PhotoCheckStatus | null>(null);
  const [open, setOpen] = useState<{ requestId: string; name: string; photo: Photo | null } | null>(null);
  const checks = usePhotoChecks(open?.requestId ?? null, open !== null);

  const load = useCallback(async () => {
    const [flagged, progress] = await Promise.all([
      api['photos:flagged']({ verdict, limit: 200 }),
      api['photos:checkStatus'](),
    ]);
    setFailed(!flagged.ok);
    if (flagged.ok) setList(flagged.value);
    if (progress.ok) setStatus(progress.value);
  }, [api, verdict]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- state set once the services answer (external data)
    void load();
    // The background checks keep running after a sync: the list follows them while they do.
    const timer = window.setInterval(() => void load(), STATUS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  const openPhoto = async (requestId: string, name: string) => {
    const result = await api['photos:get']({ requestId });
    setOpen({ requestId, name, photo: result.ok ? result.value : null });
  };

  return (
    <Stack gap="md" data-testid="photos-page">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {t.title}
      </Title>
      <Text>{t.intro}</Text>
      {status && (
        <Text size="sm" role="status" data-testid="photo-check-progress">
          {t.progress(status.pending, status.checkedSinceStart)}
        </Text>
      )}
      <div>
        <Text component="label" id="photos-filter-label" size="sm" fw={600}>
          {t.filter}
        </Text>
        <SegmentedControl
          aria-labelledby="photos-filter-label"
          value={verdict}
          onChange={(value) => setVerdict(value as Verdict)}
          data={[
            { value: 'fail', label: t.filterFail },
            { value: 'warning', label: t.filterWarning },
            { value: 'any', label: t.filterAny },
          ]}
        />
      </div>
      {failed && <Alert color="red">{t.loadFailed}</Alert>}
      {list && list.items.length === 0 && <Text>{t.empty}</Text>}
      {list && list.items.length > 0 && (
        <>
          <Text size="sm">{t.count(list.items.length, list.total)}</Text>
          <Table striped withTableBorder data-testid="photos-flagged">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t.columns.file}</Table.Th>
                <Table.Th scope="col">{t.columns.name}</Table.Th>
                <Table.Th scope="col">{t.columns.submitted}</Table.Th>
                <Table.Th scope="col">{t.columns.result}</Table.Th>
                <Table.Th scope="col">{t.columns.problems}</Table.Th>
                <Table.Th scope="col">{t.columns.action}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((item) => {
                const name = `${item.firstName} ${item.lastName}`;
                const problems = [...item.failing, ...item.warnings].map((id) => fr.photoChecks.check[id]);
                return (
                  <Table.Tr key={item.requestId} data-request-id={item.requestId}>
                    <Table.Td>{item.fileNumber}</Table.Td>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>{formatDateTime(item.submittedAt)}</Table.Td>
                    <Table.Td>{fr.photoChecks.overall[item.overall]}</Table.Td>
                    <Table.Td>{problems.join(' ; ')}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="outline"
                        aria-label={t.open(name)}
                        onClick={() => void openPhoto(item.requestId, name)}
                      >
                        {t.openShort}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {list.total > list.items.length && <Text size="sm">{formatNumber(list.total - list.items.length)} …</Text>}
        </>
      )}
      <Modal
        transitionProps={{ duration: 0 }}
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? fr.photoChecks.viewer.title(open.name) : ''}
        size="90%"
        centered
        closeButtonProps={{ 'aria-label': fr.photoChecks.viewer.close }}
      >
        {open?.photo ? (
          <PhotoViewer name={open.name} photo={open.photo} checks={checks} returning={false} />
        ) : (
          <Text>{fr.photoChecks.noPhoto}</Text>
        )}
      </Modal>
    </Stack>
  );
}
