/** The keyboard shortcuts, listed on `?` and from the help button. */
import { Kbd, Modal, Table } from '@mantine/core';
import { fr } from '../../i18n/fr';

export function HelpOverlay({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = fr.prevalidation.help;
  return (
    <Modal
      transitionProps={{ duration: 0 }}
      opened={opened}
      onClose={onClose}
      title={t.title}
      size="lg"
      closeButtonProps={{ 'aria-label': t.close }}
    >
      <Table data-testid="shortcut-help">
        <Table.Caption>{t.caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t.key}</Table.Th>
            <Table.Th scope="col">{t.action}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {t.items.map(([key, action]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">
                <Kbd>{key}</Kbd>
              </Table.Th>
              <Table.Td>{action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
