import type { FieldOfActionNode, Phase } from '../../shared/api/processes.ts';
import { htmlLang } from '../../shared/languages.ts';
import { ApiError } from '../api.ts';
import { currentLanguage, tx, txAttributes } from '../i18n/index.ts';
import { fillParts } from '../i18n/translate.ts';
import { InText } from '../ui/CityName.tsx';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { WholeWords } from '../ui/WholeWords.tsx';
import { formatDay, t, tn, withLanguage } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { ReceiptLookup } from './ReceiptLookup.tsx';

const PHASE_STATUS = { done: 'phaseDone', current: 'phaseCurrent', upcoming: 'phaseUpcoming' } as const;

/**
 * A heading that quotes the German word residents meet on the city's signs and forms, „Райони міста (Stadtteile)“: the word
 * marked German, left to right, so a screen reader on the Ukrainian or Arabic page speaks it as German (WCAG 3.1.2).
 */
function quotingGerman(message: string, word: string) {
  const at = message.indexOf(word);
  if (at < 0 || htmlLang(currentLanguage.value) === 'de') return message;
  return (
    <>
      {message.slice(0, at)}
      <bdi lang="de" dir="ltr">
        {word}
      </bdi>
      {message.slice(at + word.length)}
    </>
  );
}

function FieldList({ fields }: { fields: FieldOfActionNode[] }) {
  return (
    <ul>
      {fields.map((field) => (
        <li key={field.key}>
          <span {...txAttributes(field.label)}>{tx(field.label)}</span>
          {field.children && <FieldList fields={field.children} />}
        </li>
      ))}
    </ul>
  );
}

/** When a phase runs, as far as the admin set it: „1. März 2027 bis 30. Juni 2027“, „ab …“, „bis …“; nothing without dates. */
function phaseDates({ startsOn, endsOn }: Phase): string | null {
  if (startsOn && endsOn) return t('phaseFromTo', { from: formatDay(startsOn), to: formatDay(endsOn) });
  if (startsOn) return t('phaseFrom', { date: formatDay(startsOn) });
  return endsOn ? t('phaseUntil', { date: formatDay(endsOn) }) : null;
}

export function ProcessPage({ slug }: { slug: string }) {
  const { data: process, error, loading } = useApi('GET /api/processes/:slug', { params: { slug } });
  const released = useApi('GET /api/processes/:slug/snapshots', { params: { slug } });
  if (loading) {
    return (
      <PublicLayout title={t('processTitle')}>
        <Loading label={t('loading')} />
      </PublicLayout>
    );
  }
  if (error || !process) {
    return (
      <PublicLayout title={t('processTitle')}>
        <ErrorNotice error={error instanceof ApiError && error.status === 404 ? t('processNotFound') : t('loadFailed')} />
      </PublicLayout>
    );
  }
  const current = process.phases.find((phase) => phase.status === 'current');
  return (
    <PublicLayout title={tx(process.title)} city={process.city}>
      <h1 {...txAttributes(process.title)}>{tx(process.title)}</h1>
      <p class="process-description" {...txAttributes(process.description)}>
        {tx(process.description)}
      </p>
      {process.surveyOpen ? (
        <div class="actions">
          <a class="button large" href={withLanguage(`/p/${process.slug}/umfrage`)}>
            <WholeWords text={t('takePart')} />
          </a>
        </div>
      ) : (
        // An archived process's survey does not open again: „gerade nicht geöffnet“ told residents to come back.
        <p class="notice">{process.status === 'archived' ? t('processArchived') : t('surveyNotOpen')}</p>
      )}
      {released.data && released.data.length > 0 && (
        <>
          <h2>{t('results')}</h2>
          <p>
            <a class="button secondary" href={withLanguage(`/p/${process.slug}/ergebnisse`)}>
              {t('toResults')}
            </a>
          </p>
        </>
      )}
      <h2>{t('whereWeStand')}</h2>
      {current && <p>{fillParts(t('currentPhase'), { n: current.nr, total: process.phases.length, title: <InText text={current.title} language={currentLanguage.value} /> })}</p>}
      <ol class="phases">
        {process.phases.map((phase) => (
          <li key={phase.nr} aria-current={phase.status === 'current' ? 'step' : undefined}>
            <strong>{fillParts(t('phase'), { n: phase.nr, title: <InText text={phase.title} language={currentLanguage.value} /> })}</strong>
            <span class="phase-status">{t(PHASE_STATUS[phase.status])}</span>
            {phaseDates(phase) && <span class="phase-dates">{phaseDates(phase)}</span>}
            {phase.description && <p {...txAttributes(phase.description)}>{tx(phase.description)}</p>}
          </li>
        ))}
      </ol>
      <h2>{t('fields')}</h2>
      <FieldList fields={process.fieldsOfAction} />
      <p>
        <a class="button secondary" href={withLanguage(`/p/${process.slug}/massnahmen`)}>
          {t('toMeasures')}
        </a>
      </p>
      <h2>{quotingGerman(t('stadtteile'), 'Stadtteile')}</h2>
      <p>{tn('stadtteileIntro', process.suppressionThreshold, { threshold: process.suppressionThreshold })}</p>
      {process.districts.map((district) => (
        <section key={district.key} aria-labelledby={`d-${district.key}`}>
          {/* A district named as seeded ("Bezirk 1") reads in the page's language; any other name is a proper name. */}
          <h3 id={`d-${district.key}`}>{district.name === `Bezirk ${district.nr}` ? t('district', { nr: district.nr }) : district.name}</h3>
          <ul class="tag-list">
            {district.stadtteile.map((stadtteil) => (
              <li key={stadtteil.key} lang="de">
                {stadtteil.name}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <ReceiptLookup slug={process.slug} />
    </PublicLayout>
  );
}
