import { fold, type AnalysisLanguage } from './text.ts';

// Function words per language. They never become learned features: with only a handful of
// reviewed texts, "und" or "the" would otherwise look like evidence for whatever those texts
// happened to be tagged with.
const WORDS: Record<AnalysisLanguage, string> = {
  de: `der die das den dem des ein eine einen einem einer eines und oder aber ich du er sie es wir ihr mich mir
    dich dir uns euch sich mein meine meinen meinem meiner dein sein seine seinen ihre ihren ihrem unser unsere
    unseren euer ist sind war waren bin bist hat haben hab habe hatte hatten wird werden wurde wurden kann können
    konnte muss müssen musste soll sollen sollte sollten will wollen möchte möchten würde würden wäre wären nicht
    kein keine keinen keiner keinem nichts nix auch noch schon nur sehr mehr viel viele vielen wenig immer nie oft
    mal ganz gar so wie was wer wo wann warum weil dass da dann denn doch ja nein mit ohne für von vom zu zum zur
    bei beim aus auf an am im in ins über unter nach vor seit bis durch gegen um als wenn ob man gibt geben gibt's
    alle allen alles andere anderen jeder jede jedes diese dieser dieses diesen hier dort jetzt heute wieder etwas
    einfach eigentlich halt bitte danke gut gute guten toll super leute menschen finde finden gehen geht machen
    macht sagen sagt haben einer kinder kind stadt mehr
    sowie bzw dabei dazu daher damit darüber hinaus hierbei hierzu hierfür dafür davon dadurch deren dessen denen
    insbesondere jeweils bereits neben zwischen innerhalb weitere weiteren weiterer sollen sollte sich werden
    zudem außerdem sondern sowohl als auch beispielsweise etwa rund sogar dort welche welcher welches kommt`,
  en: `the a an and or but i you he she it we they me him her us them my your his its our their is are was were be
    been have has had do does did will would can could should must not no nor so very more much many few all any
    some this that these those here there now then when where why how what who which with without for from of to in
    on at by as if than too also just only people city please`,
  tr: `ve veya ama ben sen o biz siz onlar bu şu bir de da ki için ile gibi çok daha en ne neden nasıl kim hangi
    var yok değil mi mı mu mü ise her hiç bazı tüm bütün olarak olan olmak oluyor olsun burada şimdi sonra önce
    insanlar şehir lütfen`,
  uk: `і й та або але я ти він вона воно ми ви вони мене мені нас нам це цей ця ці той та ті в у на з із до для
    від по про за при як що хто де коли чому дуже більше не ні так вже ще тільки лише все всі люди місто будь`,
  ru: `и или но а я ты он она оно мы вы они меня мне нас нам это этот эта эти тот та те в во на с со из к ко до
    для от по о об про за при как что кто где когда почему очень больше не ни так уже еще только все всё люди город`,
  pl: `i oraz lub ale a ja ty on ona ono my wy oni mnie nam nas to ten ta te tamten w we na z ze do dla od po o
    przy za jak co kto gdzie kiedy dlaczego bardzo wiecej nie tak juz jeszcze tylko wszystko wszyscy ludzie miasto`,
  it: `e ed o ma io tu lui lei noi voi loro mi ti ci vi si il lo la i gli le un uno una di a da in con su per tra
    fra che chi come dove quando perche molto piu non no si gia ancora solo tutto tutti sono sei siamo ha hanno
    essere avere questo questa quello quella gente citta`,
  ar: `و في من الى على عن مع هذا هذه ذلك تلك هو هي هم نحن انا انت كان كانت يكون لا لم لن ما ماذا كيف اين متى
    لماذا كل بعض جدا اكثر قد ثم او ام ان الذي التي الذين هناك هنا`,
};

const CACHE = new Map<AnalysisLanguage, ReadonlySet<string>>();

export function stopwords(language: AnalysisLanguage): ReadonlySet<string> {
  let set = CACHE.get(language);
  if (!set) {
    set = new Set(WORDS[language].split(/\s+/).filter(Boolean).map((word) => fold(word, language)));
    CACHE.set(language, set);
  }
  return set;
}
