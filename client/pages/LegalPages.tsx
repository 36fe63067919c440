import type { ComponentChildren } from 'preact';
import type { RouteOutput } from '../../shared/api/routes.ts';
import { currentLanguage, tx, txAttributes } from '../i18n/index.ts';
import { fillParts } from '../i18n/translate.ts';
import { InText } from '../ui/CityName.tsx';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { formatDay, t, withLanguage, type MessageKey } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';
import './legal.css';

/**
 * Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit (/impressum, /datenschutz,
 * /barrierefreiheit), one chunk. The framing sentences are the public catalog's, in the visitor's
 * language; what admins entered at /admin/rechtliches (`GET /api/legal`) stands as entered, marked
 * German. A value not entered yet is said to be missing, never filled with an invented one.
 */

type Legal = RouteOutput<'GET /api/legal'>;

/** The page's frame: the heading, the intro and, once the details came, the body built from them. */
function LegalPage({ title, intro, children }: { title: MessageKey; intro: MessageKey; children: (legal: Legal) => ComponentChildren }) {
  const legal = useApi('GET /api/legal');
  const german = currentLanguage.value === 'de' || currentLanguage.value === 'de-easy';
  return (
    <PublicLayout title={t(title)}>
      <h1>{t(title)}</h1>
      <p>{t(intro)}</p>
      {legal.loading && <Loading label={t('loading')} />}
      {legal.error ? <ErrorNotice error={t('loadFailed')} /> : null}
      {legal.data && (
        <>
          {!german && <p class="hint">{t('legalAsEntered')}</p>}
          {children(legal.data)}
        </>
      )}
    </PublicLayout>
  );
}

/** A value as the city entered it (German, its line breaks kept), or the sentence that it is missing. */
function Entered({ value }: { value: string | null }) {
  if (!value) return <p class="legal-missing">{t('legalNotEntered')}</p>;
  return (
    <p class="legal-value" lang="de" dir="ltr">
      {value}
    </p>
  );
}

/** A labelled value of the Impressum. */
function Detail({ label, value, children }: { label: MessageKey; value: string; children?: ComponentChildren }) {
  return (
    <div class="legal-detail">
      <dt>{t(label)}</dt>
      <dd>{value ? children ?? <Entered value={value} /> : <Entered value="" />}</dd>
    </div>
  );
}

export function ImpressumPage() {
  return (
    <LegalPage title="imprintTitle" intro="imprintIntro">
      {(legal) => (
        <>
          {!legal.impressumComplete && <p class="notice warn">{t('imprintIncomplete')}</p>}
          <dl class="legal-details">
            <Detail label="imprintOperator" value={legal.operatorName} />
            <Detail label="imprintAddress" value={legal.operatorAddress} />
            <Detail label="imprintRepresentedBy" value={legal.representedBy} />
            <Detail label="imprintEmail" value={legal.email}>
              <p class="legal-value" lang="de" dir="ltr">
                <a href={`mailto:${legal.email}`}>{legal.email}</a>
              </p>
            </Detail>
            {legal.phone && (
              <Detail label="imprintPhone" value={legal.phone}>
                <p class="legal-value" lang="de" dir="ltr">
                  <a href={`tel:${legal.phone.replace(/[^+\d]/g, '')}`}>{legal.phone}</a>
                </p>
              </Detail>
            )}
          </dl>
        </>
      )}
    </LegalPage>
  );
}

/** The controller as the Impressum names it: operator, address, e-mail, each as entered. */
function Controller({ legal }: { legal: Legal }) {
  const lines = [legal.operatorName, legal.operatorAddress, legal.email, legal.phone].filter(Boolean).join('\n');
  return <Entered value={lines} />;
}

const RIGHTS: MessageKey[] = ['rightAccess', 'rightRectification', 'rightErasure', 'rightRestriction', 'rightNotification', 'rightPortability', 'rightObjection'];
const STORED: MessageKey[] = ['privacyNoIp', 'privacyNoTracking', 'privacyDraft', 'privacyDay', 'privacyReceipt', 'privacyMasking', 'privacySuppression', 'privacyStaff'];

export function PrivacyPage() {
  const processes = useApi('GET /api/processes');
  const listed = processes.data?.filter((process) => process.status === 'public');
  // An archived process still holds its voices, their originals until the retention date: residents read that date too.
  const holding = processes.data;
  return (
    <LegalPage title="privacyTitle" intro="privacyIntro">
      {(legal) => (
        <>
          <h2>{t('privacyController')}</h2>
          <Controller legal={legal} />
          <h2>{t('privacyOfficer')}</h2>
          <Entered value={legal.dataProtectionOfficer} />
          <h2>{t('privacyWhatHeading')}</h2>
          <ul>
            {STORED.map((key) => (
              <li key={key}>{t(key)}</li>
            ))}
          </ul>
          <p>{t('privacyVoluntary')}</p>
          <h2>{t('privacyBasisHeading')}</h2>
          <p>{t('privacyBasisStaff')}</p>
          <Entered value={legal.staffLegalBasis} />
          <h2>{t('privacyNoticesHeading')}</h2>
          {processes.error ? <ErrorNotice error={t('loadFailed')} /> : null}
          {listed && listed.length === 0 && <p>{t('privacyNoProcess')}</p>}
          {listed && listed.length > 0 && (
            <>
              <p>{t('privacyNoticesIntro')}</p>
              <ul class="legal-links-list">
                {listed.map((process) => (
                  <li key={process.slug}>
                    <a href={withLanguage(`/p/${process.slug}/umfrage`)} {...txAttributes(process.title)}>
                      {tx(process.title)}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          {holding && holding.length > 0 && (
            <>
              <h2>{t('privacyRetentionHeading')}</h2>
              <p>{t('privacyRetention')}</p>
              <ul>
                {holding.map((process) => (
                  <li key={process.slug}>
                    {process.retentionUntil
                      ? fillParts(t('privacyRetentionUntil'), { process: <InText text={process.title} language={currentLanguage.value} />, date: formatDay(process.retentionUntil) })
                      : fillParts(t('privacyRetentionNone'), { process: <InText text={process.title} language={currentLanguage.value} /> })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>{t('privacyRightsHeading')}</h2>
          <p>{t('privacyRightsIntro')}</p>
          <ul>
            {RIGHTS.map((key) => (
              <li key={key}>{t(key)}</li>
            ))}
          </ul>
          <p>{t('privacyRightsAnonymous')}</p>
          <h2>{t('privacyComplaintHeading')}</h2>
          <p>{t('privacyComplaint')}</p>
          <Entered value={legal.supervisoryAuthority} />
        </>
      )}
    </LegalPage>
  );
}

export function AccessibilityPage() {
  return (
    <LegalPage title="a11yTitle" intro="a11yIntro">
      {(legal) => (
        <>
          <h2>{t('a11yStatusHeading')}</h2>
          <p>{t('a11yStatus')}</p>
          <h2>{t('a11yLimitsHeading')}</h2>
          {legal.knownLimitations && <p>{t('a11yLimitsIntro')}</p>}
          <Entered value={legal.knownLimitations} />
          <h2>{t('a11yMethodHeading')}</h2>
          <p>{t('a11yMethod')}</p>
          <p>{legal.accessibilityStatementOn ? t('a11yDate', { date: formatDay(legal.accessibilityStatementOn) }) : t('a11yDateMissing')}</p>
          <h2>{t('a11yFeedbackHeading')}</h2>
          <p>{t('a11yFeedback')}</p>
          <Entered value={legal.accessibilityContact} />
          <h2>{t('a11yEnforcementHeading')}</h2>
          <p>{t('a11yEnforcement')}</p>
          <Entered value={legal.enforcementBody} />
        </>
      )}
    </LegalPage>
  );
}
