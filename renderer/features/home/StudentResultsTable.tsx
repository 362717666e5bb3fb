import { Table } from '@mantine/core';
import { type StudentSearchHit } from '../../../shared/schemas/domain';
import { fr } from '../../i18n/fr';
import { formatDate } from '../../i18n/format';

function trainingLabel(hit: StudentSearchHit): string {
  const type = hit.trainingType ? fr.training[hit.trainingType] : null;
  const parts = [type, hit.classLabel].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' — ') : fr.home.none;
}

export function StudentResultsTable({ hits }: { hits: StudentSearchHit[] }) {
  const c = fr.home.columns;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder data-testid="search-results">
        <Table.Caption>{fr.home.resultsCaption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{c.lastName}</Table.Th>
            <Table.Th scope="col">{c.firstName}</Table.Th>
            <Table.Th scope="col">{c.birthDate}</Table.Th>
            <Table.Th scope="col">{c.fileNumber}</Table.Th>
            <Table.Th scope="col">{c.cardNumber}</Table.Th>
            <Table.Th scope="col">{c.status}</Table.Th>
            <Table.Th scope="col">{c.training}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {hits.map((hit) => (
            <Table.Tr key={`${hit.kind}:${hit.id}`} data-file-number={hit.fileNumber}>
              <Table.Th scope="row">{hit.lastName}</Table.Th>
              <Table.Td>{hit.firstName}</Table.Td>
              <Table.Td>{formatDate(hit.birthDate)}</Table.Td>
              <Table.Td>{hit.fileNumber}</Table.Td>
              <Table.Td>{hit.cardNumber ?? fr.home.none}</Table.Td>
              <Table.Td>{fr.status[hit.status]}</Table.Td>
              <Table.Td>{trainingLabel(hit)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
