import type { LexiconSource } from '../lexicon.ts';

// German seed lexicon for the default fields of action. Stems are written as people write the
// words (umlauts, ß) and folded at compile time; see LexiconSource for the entry syntax.
// Decisions: housing sits under `teilhabe` with weak weights (the 2019 outline has no field of
// its own for it, and access to housing is where residents report exclusion most); clubs
// (`Verein`) point weakly to both `teilhabe` and `freizeit`; libraries, language courses, Kita
// and adult education are `bildung-ausserschulisch`; words about learning in general go to the
// parent `bildung`, which the suggester hands on to a child when one is also indicated.

export const DE: LexiconSource = {
  endings: ['s', 'e', 'es', 'en', 'n', 'er', 'ern', 'em', 'ns', 'in', 'innen'],
  fields: {
    arbeit: `
      arbeit arbeitslos jugendarbeitslos erwerbslos arbeitgeber arbeitnehmer arbeitsmarkt
      !$lohn mindestlohn =gehalt verdien:5 einkommen:6 geld+verdienen
      job ^jobs jobcenter jobbörse jobmesse nebenjob minijob
      beruf berufstätig berufseinstieg berufsorientierung:7 berufssprachkurs:6 berufsdeutsch:6 fachsprach:5
      ausbildung azubi lehrling lehrstelle umschulung praktik schnuppertag:6 werkstudent
      bewerb lebenslauf vorstellungsgespräch anschreiben:4 stellenangebot stellenanzeige stellensuche ^stelle:3 ^stellen:3
      fachkraft qualifi anerkenn:7 anerkannt:7 ^abschluss:5
      firma firmen !unternehm !betrieb selbstständig selbständig existenzgründ gründer:6 gewerbe:7 ^laden:4
      teilzeit vollzeit ^schicht:5 nachtschicht überstunden befristet:7 ^kündig:5 gekündigt:5
      kolleg:8 chef:7 angestellt anstellung beschäftigung:6 beschäftigt:3
      karriere branche handwerk =meister:5 gastronomie:6 pflegekraft pflegeberuf pflegeausbildung pflege:4
      ausbeut:7 ausgenutzt:5 welcome+center:7 mentoring:4 ihk bürgergeld:6 hartz:6 sozialleistung:4
      ingenieur:6 apotheker:5 friseur:6 elektriker:6 mechaniker:6 ^putz:5 reinigungsfirma verkäufer:5
      pendeln:5 wiedereinstieg mitarbeit:5
    `,
    bildung: `
      bildung bildungsarbeit bildung+und+teilhabe lernen:7 ^lern:6 gelernt:6
      hochschul universität studium studier:7 studenten:6 studierende:6 chancengleich:3
    `,
    'bildung-schulisch': `
      schul schüler lehrer lehrkraft lehrkräfte unterricht !=klasse:6 klassen klassenarbeit förderklass
      vorbereitungsklass willkommensklass seiteneinsteiger gymnasi realschul hauptschul gesamtschul grundschul
      förderschul sekundarschul ganztag =ogs hausaufgab:7 abitur =abi zeugnis:5 !=note:5 notendurchschnitt
      einschul schulpflicht schulsozialarbeit elternabend elternsprechtag elternpflegschaft:7 pausenhof
      stundenplan lehrplan mathe:6 herkunftssprach muttersprachlich:7 muttersprache:5 =daz inklusion:5
      integrationshelfer:7 berufskolleg berufsschul mobbing:5 gemobbt:5 weiterführende+schule
    `,
    'bildung-ausserschulisch': `
      außerschulisch kita kindertagesstätte kindergarten krippe u3 tagesmutter tagesmütter kindertagespflege
      betreuungsplatz kinderbetreuung ^betreuung:4 erzieher erziehung:4 krabbelgruppe spielgruppe:6 vorschul
      frühförder frühe+förderung frühe+hilfen familienzentrum familienbildung elternkurs elternbildung elterncafé:6
      sprachkurs deutschkurs integrationskurs alphakurs alphabetisier analphabet orientierungskurs sprachförder
      sprachschul sprachcafé sprachpat sprachniveau sprachprüfung sprachzertifikat sprachlern sprachmittler:3
      berufssprachkurs:6 berufsdeutsch:5 fremdsprach:4 ^sprache:5 ^sprachen:5 ^sprach:4 sprachbarriere:3
      !=deutsch:3 deutschkenntnis deutschunterricht:7 deutsch+lernen deutsch+üben lesen+und+schreiben:6
      kurs:6 kursleiter ^a1 ^a2 ^b1 ^b2 ^c1 =telc =dtz volkshochschul =vhs erwachsenenbild weiterbildung
      fortbildung:6 bildungsgutschein:7 zweiter+bildungsweg abendschul abendgymnasium schulung:6 fahrschul:4
      bibliothek bücherei vorlese lesepat leseförder
      nachhilfe lernhilfe hausaufgabenhilfe hausaufgabenbetreu lernförder
      musikschul:5 kunstschul:7 workshop:4 seminar:5 medienkompetenz digitalkurs führerschein:4
    `,
    teilhabe: `
      teilhabe mitbestimm mitsprach mitreden:7 mitentscheid beteilig:7 partizipation bürgerbeteiligung befragung:5
      integrationsrat integrationsbeirat ausländerbeirat migrationsbeirat $rat:6 beirat stadtrat gemeinderat kreistag
      bürgermeister politik politisch politiker demokrat gremien gremium ausschuss:6 bürgerversammlung
      !wahl wählen gewählt wahlrecht stimmrecht abstimm kandid:6 partei:7 =demo:5 petition !=stimme:5 !=bürger:3
      meinung:4 zuhören:5 gefragt:4 entscheidung:5
      ehrenamt freiwillig:6 engagier:7 engagement:7 verein:3 mitglied:4 migrantenverein migrantenorganisation
      migrantenselbstorganisation =mso integrationslots lotsen:7 patenschaft:6 =pate:5 flüchtlingshilfe:7
      willkommensinitiative helferkreis
      diskriminier rassismus rassist vorurteil ausgrenz ausgeschlossen benachteilig ungerecht:6 gleichberechtig
      gleichbehandl gleichstellung beleidig:6 beschimpf:6 angepöbelt:6 anfeindung =hass:6 rechtsextrem rechtsradikal
      =nazi:6 =rechte:4 respekt:5 akzeptanz:5 zugehörig:7 fremd:4 ^gast:4 willkommen:4 kopftuch:6 hautfarbe
      dunkelhäutig akzent:5 ausländer:3
      ausländerbehörde behörde $amt:7 sozialamt jugendamt bürgeramt standesamt rathaus:6 verwaltung:7
      aufenthalt duldung einbürger staatsbürger staatsangehörig !=pass:6 ausweis:6 visum asyl:6 abschieb:7
      bürokrat sachbearbeit:6 formular antrag:6 brief:4 ^termin:5 bearbeitungszeit:7 information:3 ansprechpartner:4 anlaufstelle:4
      dolmetsch übersetz:6 sprachmittler:6 mehrsprachig:5 einfacher+sprache leichter+sprache sprachbarriere:6
      migrationsberatung migrationsdienst jugendmigrationsdienst beratungsstelle:6 beratung:4 beschwerde:6
      ombudsstelle sozialarbeit:4 integrationsarbeit:4 öffentlichkeitsarbeit:4
      wohnung:6 wohnungsmarkt wohnraum:6 wohnungssuche:7 mietwohnung:7 ^miete:6 ^mieten:6 mietpreis:6
      vermiet:7 sozialwohnung:7 obdachlos:6 unterkunft:6 unterkünfte:6
      nachbar:5 zusammenleben:7 zusammenhalt:6 begegnung:4 gemeinschaft:4 community:5 kennenlern:3
      moschee:5 gemeinde:4 religion:4 friedhof:5 muslim:3 polizei:5 kontrolliert:4 racial+profiling
      interkulturelle+öffnung interkulturell:3 vielfalt:4 integration:2 barrierefrei:5
    `,
    freizeit: `
      freizeit sport sportverein fußball basketball volleyball handball tischtennis schwimm schwimmkurs
      hallenbad freibad ^bad:4 fitness ^turn:6 kampfsport boxen judo karate yoga ^tanz $tanz tanzkurs tanzschul
      trainer:5 ^training:4 verein:5 sportplatz bolzplatz skatepark skaten club:5 klub:5
      spielplatz ^spiel:6 spielen:5 spielt:5 spielmobil
      jugendzentr jugendtreff jugendhaus jugendclub jugendarbeit jugendraum ^jugend:4 teenager:5
      treffpunkt $treff ^treffen:4 rumhäng abhängen:5 langeweile langweil
      !$fest:8 feier:6 festival nachbarschaftsfest karneval kirmes weihnachtsmarkt fastenbrechen:5 weltkindertag
      kultur konzert musik musiz musikschul:7 kunstschul:5 $chor lieder:6 theater kino museum ausstellung
      kunst:7 künstler =film:5 lesung:5 bergischer+löwe bürgerhaus:6 stadthalle:4 veranstaltung:5 eintritt:6
      !$park:7 grünfläche grill:6 picknick gemeinschaftsgarten garten:4 ^natur:5 wald:4
      ausflug radtour fahrrad:4 wandern:6 urlaub:5 ferien:6 wochenend:3
      hobby kochen:5 gemeinsam+kochen:7 frauencafé:7 café:4 begegnungscafé:6 begegnung:4 seniorennachmittag:7
      schach =ag:4 spaß:3 unternehmung:4 aktivität:4 streetwork:6 kennenlern:3
    `,
  },
  ignore: `
    beispiel transport natürlich belohn auswahl wahlweise =samt gesamt heirat vorrat apparat referat inserat
    separat quadrat verrat karat pirat konkurs diskurs kursiv kursier wettbewerb parken parkplatz manifest
    schuld schulter zusammenarbeit bearbeit verarbeit aufarbeit erarbeit überarbeit
    gute+arbeit tolle+arbeit super+arbeit großartige+arbeit wichtige+arbeit klasse+arbeit
    spielraum abspiel vorspiel verspielt distanz instanz substanz amtlich ratschlag ratlos feierabend
    betreut+wohnen =deutsche
  `,
};
