import type { FieldOfActionNode, ProcessDetail, ProcessSummary } from '../../../shared/api/processes.ts';
import type { ProcessParts, ProcessRow } from './processes.repo.ts';

export function presentSummary(row: ProcessRow, surveyOpen: boolean): ProcessSummary {
  return {
    slug: row.slug,
    title: row.title,
    city: row.city,
    currentPhase: row.currentPhase,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    surveyOpen,
    retentionUntil: row.retentionUntil,
    status: row.status === 'archived' ? 'archived' : 'public',
  };
}

export function presentFieldTree(fields: ProcessParts['fields']): FieldOfActionNode[] {
  const node = (field: ProcessParts['fields'][number]): FieldOfActionNode => {
    const children = fields.filter((child) => child.parentKey === field.key).map(node);
    return { key: field.key, label: field.label, ...(field.description ? { description: field.description } : {}), ...(children.length ? { children } : {}) };
  };
  return fields.filter((field) => field.parentKey === null).map(node);
}

export function presentDetail(row: ProcessRow, parts: ProcessParts, surveyOpen: boolean): ProcessDetail {
  return {
    ...presentSummary(row, surveyOpen),
    description: row.description,
    languages: row.languages,
    suppressionThreshold: row.suppressionThreshold,
    phases: parts.phases.map((phase) => ({
      nr: phase.nr,
      title: phase.title,
      description: phase.description ?? null,
      startsOn: phase.startsOn,
      endsOn: phase.endsOn,
      status: phase.nr < row.currentPhase ? 'done' : phase.nr === row.currentPhase ? 'current' : 'upcoming',
    })),
    fieldsOfAction: presentFieldTree(parts.fields),
    districts: parts.districts.map((district) => ({
      key: district.key,
      nr: district.nr,
      name: district.name,
      stadtteile: parts.stadtteile
        .filter((stadtteil) => stadtteil.districtId === district.id)
        .map((stadtteil) => ({
          key: stadtteil.key,
          nr: stadtteil.nr,
          name: stadtteil.name,
          nameVariants: stadtteil.nameVariants,
          population: stadtteil.population,
          populationStatus: stadtteil.populationStatus,
          populationSource: stadtteil.populationSource,
          populationDate: stadtteil.populationDate,
        })),
    })),
  };
}
