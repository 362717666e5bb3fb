/** The administrator's section: staff accounts, the idle lock delay and the audit log. */
import { Stack, Title } from '@mantine/core';
import { type RefObject } from 'react';
import { fr } from '../../i18n/fr';
import { useChannel } from '../../transport/ApiContext';
import { AuditPanel } from './AuditPanel';
import { IdleLockPanel } from './IdleLockPanel';
import { StaffPanel } from './StaffPanel';

export function AdminPage({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const staff = useChannel('staff:list');
  return (
    <Stack gap="xl">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {fr.admin.title}
      </Title>
      <StaffPanel staff={staff} />
      <IdleLockPanel />
      <AuditPanel staff={staff.data?.items ?? []} />
    </Stack>
  );
}
