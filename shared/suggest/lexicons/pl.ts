import type { LexiconSource } from '../lexicon.ts';

// Polish seed lexicon, folded (ą→a, ł→l, ż→z…): stems match at word starts.
export const PL: LexiconSource = {
  endings: ['a', 'u', 'e', 'y', 'i', 'ie', 'om', 'ach', 'ami', 'ow', 'em'],
  fields: {
    arbeit: `
      prac zatrudni bezroboc bezrobot wynagrodz pensj zarob zarabia wyplat placa+minimalna zawod kwalifikac =cv
      staz praktyk:4 firm przedsiebior dzialalnosc+gospodarcz zaklad:5 fabryk karier dyplom:5 uznaw:6 uznani:6
      nostryfikac jobcenter koleg:3 szef:5 dochod:5 pieniad:3 dorab:6 etat:6 umow:4 rynek+pracy fachow:5
      rzemiosl:6 sprzat:5 pielegniar:5 inzynier:6
      najnizsz+krajow zlecen:4 kierowc:4 budow:5 magazyn:5 zasilek:4 robot:3
    `,
    bildung: `edukac nauk:6 uczyc:6 uczy+sie:6 studi:6 student:6 uniwersytet wiedz:3`,
    'bildung-schulisch': `
      szkol szkoln uczen uczni nauczyciel klas:6 lekcj:6 zadanie+domowe prace+domowe ocen:5 gimnazj liceum lice
      podstawowk podstawow:6 dyrektor:3 nekani:5 wysmiew:4 egzamin:4 swiadectw:6 podrecznik przerw:3 matur
      jezyk+ojczyst:6 wywiadowk zebranie+z+rodzicami wychowawc:5
      klasow:6 dziennik:4 sprawdzian:6 kartkowk:6 wagar:5 matematyk:5 pedagog:7 swietlic:6
    `,
    'bildung-ausserschulisch': `
      kurs jezykow:6 niemieck:5 jezyk:5 integracyjn:6 przedszkol zlob kita bibliotek korepetycj
      zajecia+dodatkowe zajeci:4 kolk:4 certyfikat:4 =a1 =a2 =b1 =b2 =c1 opieka+nad+dziecmi opiek:4 niani:5
      opiekunk:4 seminari:5 warsztat:4 szkoleni:6 edukacja+doroslych volkshochschule =vhs
      zerowk logoped:6 szkola+jezykowa lektor:6 korepetytor ksiazk:3 czytani:3
    `,
    teilhabe: `
      uczestnic udzial partycypac polity wybor:6 wyborach glosow glos:5 rada+miasta rada+integracyjn
      rady+integracyjn =rada:5 =radzie:5 burmistrz prezydent+miasta obywatel paszport:5 pobyt:6 =wiza =wizy azyl:5
      uchodzc:3 urzad:6 urzedzie:6 ausländerbehörde cudzoziemc:5 biurokrac dokument:5 formularz:4 przepis:4
      termin:3 dyskryminac rasizm rasist uprzedzeni wykluczeni rownouprawn rowne+traktowanie =prawa:5 wolontari
      stowarzysz spolecznosc:5 wspolnot:5 polonij:4 sasiad:5 mieszkani:6 wynaj:6 czynsz:6 wlasciciel:3 tlumacz:6
      doradz:4 porad:4 przedstawiciel:5 zdani:3 decyz:4 szacun:5 przynaleznosc:5 informac:4 nazwisk:4
      mieszkancami:3 integrac:2
    `,
    freizeit: `
      czas+woln wolny+czas rozrywk:6 sport pilk futbol koszykow siatkow plywa basen silowni trening:6 taniec tanca
      tancz tancow zespol+ludow muzyk =chor =chorze =choru chorz koncert festiwal festyn swiet:5 kultur:8 sztuk:6 teatr
      kino muze wystaw:5 =park =parku =parki plac+zabaw zabaw:6 =gra =gry =grac gier mlodziez:5 klub:5 hobby
      spotka:3 piknik grill:5 spacer:4 rower:4 wycieczk:6 podroz:4 wakacj:4 odpoczyn:5 wypoczyn:5 nudn:5 nudz:5
      wydarzen:5 imprez:5 szach joga fitness spiew:6 boisk
      karnawal
    `,
  },
  ignore: `parkow parking klasycz`,
};
