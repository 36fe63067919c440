import { useLocation } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import type { Ref } from 'preact';
import type { OutcomeMeasure } from '../../shared/api/measures.ts';
import { translationStatus } from '../../shared/measures.ts';
import type { Receipt, ReceiptContribution } from '../../shared/api/receipts.ts';
import type { Channel } from '../../shared/domain.ts';
import { germanOnly, htmlLang } from '../../shared/languages.ts';
import { parseReceiptCode, receiptPath } from '../../shared/receipts/code.ts';
import { ApiError } from '../api.ts';
import { currentLanguage, tx, txAttributes } from '../i18n/index.ts';
import { fillParts, listParts } from '../i18n/translate.ts';
import { Loading } from '../ui/Layout.tsx';
import { Tx } from '../ui/Tx.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, withLanguage, type MessageKey } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { MaskedText } from './MaskedText.tsx';
import { ReceiptLookup, withExampleCode } from './ReceiptLookup.tsx';

const CHANNEL: Record<Channel, MessageKey> = {
  online: 'channelOnline',
  stall: 'channelStall',
  paper: 'channelPaper',
  conference: 'channelConference',
  workshop: 'channelWorkshop',
};

/** A day (YYYY-MM-DD) the way the page's language writes it; never a time. */
function day(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return new Intl.DateTimeFormat(htmlLang(currentLanguage.value), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/**
 * Said after a German text on a page in another language (a working group's reason, a title
 * without a translation), so a resident who reads no German knows what they have in front of
 * them (and can take it to a translation app), not just an unfamiliar sentence.
 */
function InGerman({ german }: { german: boolean }) {
  const language = currentLanguage.value;
  if (!german || language === 'de' || language === 'de-easy') return null;
  return <span class="hint"> ({t('inGerman')})</span>;
}

function Measure({ measure, slug }: { measure: OutcomeMeasure; slug: string }) {
  const language = currentLanguage.value;
  const machine = language !== 'de' && measure.title[language] !== undefined && translationStatus(measure.translations, language) === 'machine';
  const statusMachine = language !== 'de' && measure.status.label[language] !== undefined && translationStatus(measure.status.translations, language) === 'machine';
  return (
    <li class="receipt-measure">
      {/* The measure's card on the public measures page, where its history and milestones stand. */}
      <a href={`${withLanguage(`/p/${encodeURIComponent(slug)}/massnahmen`)}#m-${measure.id}`}>
        <strong {...txAttributes(measure.title)}>{tx(measure.title)}</strong>
      </a>
      <InGerman german={germanOnly(measure.title, language)} />
      {machine && <span class="hint"> ({t('measureMachine')})</span>}
      <span class="measure-status">
        {fillParts(t('measureStatus'), { status: <Tx text={measure.status.label} /> })}
        {statusMachine && <span class="hint"> ({t('measureMachine')})</span>}
      </span>
      <span class="measure-progress">
        {/* The words say it, after the title the screen reader has read in its own language (a German one marked German);
            the bar only shows it, so it is not read again under a name that could not mark a German title. */}
        <progress max={100} value={measure.progress} aria-hidden="true" />
        <span>{t('measureProgress', { percent: measure.progress })}</span>
      </span>
    </li>
  );
}

function Outcome({ outcome, headingId, slug }: { outcome: ReceiptContribution['outcome']; headingId: string; slug: string }) {
  return (
    // Not a landmark: every voice has one, and the voice's article already names it.
    <div class="receipt-outcome">
      <h3 id={headingId}>{t('outcomeHeading')}</h3>
      {outcome.kind === 'open' && <p>{t('outcomeOpen')}</p>}
      {outcome.kind === 'taken_up' && (
        <>
          <p>{t('outcomeTakenUp')}</p>
          <ul class="receipt-measures">
            {outcome.measures.map((measure) => (
              <Measure key={measure.id} measure={measure} slug={slug} />
            ))}
          </ul>
        </>
      )}
      {outcome.kind === 'not_pursued' && (
        <>
          <p>{t('outcomeNotPursued')}</p>
          {outcome.reason && (
            <p>
              {t('outcomeReason')}: {/* Written by the working group in German. */}
              <bdi lang="de" dir="auto">
                {outcome.reason}
              </bdi>
              <InGerman german />
            </p>
          )}
        </>
      )}
      {outcome.kind === 'passed_on' && outcome.passedTo && (
        <p>
          {t('outcomePassedOn')}:{' '}
          <bdi lang="de" dir="auto">
            {outcome.passedTo}
          </bdi>
          <InGerman german />
        </p>
      )}
      {outcome.decidedOn && <p class="hint">{t('outcomeDecided', { day: day(outcome.decidedOn) })}</p>}
    </div>
  );
}

function Voice({ voice, index, total, slug }: { voice: ReceiptContribution; index: number; total: number; slug: string }) {
  const id = `voice-${index}`;
  const place = voice.stadtteil === null ? t('receiptNoStadtteil') : voice.stadtteil.name === null ? t('receiptOutside') : voice.stadtteil.name;
  return (
    <article class="receipt-voice card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{total > 1 ? t('receiptVoice', { n: index + 1, total }) : t('receiptYourVoice')}</h2>
      {voice.hidden ? (
        <p class="notice">{t('receiptHidden')}</p>
      ) : (
        <blockquote
          class="receipt-text"
          // The language the resident chose; the direction that of the words themselves (German written in the Arabic survey runs from the left).
          {...(voice.language ? { lang: htmlLang(voice.language) } : {})}
          dir="auto"
        >
          <MaskedText text={voice.text ?? ''} language={currentLanguage.value} />
        </blockquote>
      )}
      <dl class="receipt-facts">
        <div>
          <dt>{t('receiptFields')}</dt>
          <dd>
            {voice.fieldsOfAction.length > 0
              ? listParts(
                  voice.fieldsOfAction.map((field) => <Tx key={field.key} text={field.label} />),
                  currentLanguage.value,
                )
              : t('receiptNoFields')}
          </dd>
        </div>
        <div>
          <dt>{t('receiptStadtteil')}</dt>
          {/* Stadtteil names stay German, as everywhere on the public pages. */}
          <dd {...(voice.stadtteil?.name ? { lang: 'de' } : {})}>{place}</dd>
        </div>
      </dl>
      {/* A hidden voice reaches no working group (it "is not counted", the notice says): "they read every contribution,
          the decision will stand here" would promise what cannot come. One decided before it was hidden still says what became of it. */}
      {!(voice.hidden && voice.outcome.kind === 'open') && <Outcome outcome={voice.outcome} headingId={`${id}-outcome`} slug={slug} />}
    </article>
  );
}

function ReceiptView({ receipt, headingRef }: { receipt: Receipt; headingRef: Ref<HTMLHeadingElement> }) {
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('receiptTitle')}
      </h1>
      <p class="receipt-code-line">
        {t('receiptCodeLabel')}:{' '}
        <span class="receipt-code" dir="ltr">
          {receipt.code}
        </span>
      </p>
      <p>
        <a class="standalone" href={withLanguage(`/p/${encodeURIComponent(receipt.process.slug)}`)} {...txAttributes(receipt.process.title)}>
          {tx(receipt.process.title)}
        </a>
      </p>
      <p>{t('receiptGiven', { day: day(receipt.day), channel: t(CHANNEL[receipt.channel]) })}</p>
      <p class="hint">{t('receiptIntro')}</p>
      {receipt.contributions.map((voice, index) => (
        <Voice key={index} voice={voice} index={index} total={receipt.contributions.length} slug={receipt.process.slug} />
      ))}
    </>
  );
}

/**
 * `/p/:slug/beitrag/:code`: what the holder of a receipt code may read about their voice, in
 * their language: the masked text, its fields, Stadtteil, day and channel, and what became of it.
 * The code is checked here before anything is asked (a malformed one is said at once); an
 * unknown one, and too many lookups, are said in words, with the form to try again.
 */
export function ReceiptPage({ slug, code }: { slug: string; code: string }) {
  const parsed = parseReceiptCode(code);
  const { data, error, loading } = useApi('GET /api/receipts/:code', parsed ? { params: { code: parsed } } : null);
  const { route, path, query } = useLocation();
  // A code of another process's link (or typed without dashes) settles on its own address, in the
  // language the address asked for (the page may not have switched to it yet when the answer comes).
  useEffect(() => {
    if (!data) return;
    const own = receiptPath(data.process.slug, parsed ?? code);
    if (path !== own) route(query.lang ? `${own}?lang=${encodeURIComponent(query.lang)}` : withLanguage(own), true);
  }, [data]);

  // The lookup form that sent the visitor here is gone with its button: the answer's heading takes
  // the focus, so a screen reader reads what was found (or why not) instead of starting over.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (loading) return;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) heading.current?.focus();
  }, [loading, data, error]);

  // Without a contribution to show (an unknown or malformed code), the process of the address still names the browser tab.
  const refused = !parsed || Boolean(error);
  const process = useApi('GET /api/processes/:slug', refused ? { params: { slug } } : null).data;
  const title = t('receiptTitle');
  if (parsed && loading) {
    return (
      <PublicLayout title={title}>
        <Loading label={t('loading')} />
      </PublicLayout>
    );
  }
  if (!parsed || error || !data) {
    const status = error instanceof ApiError ? error.status : 0;
    const message = !parsed || status === 400 ? withExampleCode('receiptMalformed') : status === 404 ? t('receiptNotFound') : status === 429 ? t('receiptTooMany') : t('loadFailed');
    return (
      <PublicLayout title={title} process={process?.title} city={process?.city}>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <div class="notice error" role="alert">
          <p>{message}</p>
          {/* A note's code is made on the tablet, offline: a card scanned at once may be ahead of the note it names. */}
          {status === 404 && <p>{t('receiptNotSentYet')}</p>}
        </div>
        <ReceiptLookup slug={slug} initial={code} />
      </PublicLayout>
    );
  }
  return (
    <PublicLayout title={title} process={data.process.title} city={data.process.city}>
      <ReceiptView receipt={data} headingRef={heading} />
    </PublicLayout>
  );
}
