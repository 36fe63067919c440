import type { LexiconSource } from '../lexicon.ts';

// Italian seed lexicon, folded (accents dropped): stems match at word starts; "l'asilo" is split
// at the apostrophe by the tokenizer.
export const IT: LexiconSource = {
  endings: ['a', 'e', 'i', 'o'],
  fields: {
    arbeit: `
      lavor impieg occupazion disoccupa stipendi salari guadagn retribu profession mestier carriera assun
      colloqui+di+lavoro colloquio+di+lavoro curriculum:5 candidatur:6 tirocini =stage:6 apprendist
      formazione+professionale aziend ditta impres imprendit fabbric negozi:4 ristorant:3 pizzeri:5 riconosc:6
      titolo+di+studio:6 qualific jobcenter collega:4 colleghi:4 reddit:5 soldi:3 contratto:5 turno:5 turni:5
      precari:6 partita+iva mercato+del+lavoro operai:6 mansion:5 ingegner:6 infermier:5 pulizie:5 badante:6
    `,
    bildung: `istruzion educazion impar:6 studi:5 universita conoscenz:3`,
    'bildung-schulisch': `
      scuol scolast alunn student:5 insegnant maestr:6 professor:6 =classe =classi compagni+di+classe lezion:6
      compiti:7 pagell liceo lice ginnasi gymnasium elementar:5 preside:4 bullismo bullism preso+in+giro:4
      esam:4 maturita:6 colloqui+con+gli+insegnanti lingua+madre:6 ricreazion:3
      scolar superiori:5 istituto:5 quaderno:4 verifica:4 interrogazion:6 bocciat:6 promoss:4 matematica:5 docent:7 sostegno:5 registro:3
    `,
    'bildung-ausserschulisch': `
      =corso =corsi lingua:5 tedesco:5 linguistic:6 asilo+nido asilo:6 =nido:6 scuola+materna scuola+dell+infanzia
      infanzia:5 kita bibliotec ripetizion doposcuola aiuto+compiti certificat:4 =a1 =a2 =b1 =b2 =c1 babysitter:5
      tata:4 educator:5 seminari:5 laborator:5 formazion:5 corso+serale educazione+degli+adulti alfabetizzazion
      volkshochschule =vhs
      scuola+di+lingua ludoteca:6 logoped:6 lettura:3 libri:3 insegnante+privat lezioni+private extrascolast:8 mediatec:6 centro+di+formazione
    `,
    teilhabe: `
      partecip politic elezion =voto =voti votare votazion diritto+di+voto consiglio+comunale
      consiglio+per+l+integrazione consigli:4 sindac comune:3 comunal:4 cittadin:7 passaport:5 permesso+di+soggiorno
      soggiorno:6 asilo+politico richiesta+di+asilo rifugiat:3 uffici:5 ufficio+stranieri ausländerbehörde
      burocraz document:5 appuntament:4 discrimin razzis pregiudiz esclus:5 uguaglian parita:5 diritti:5
      volontari associazion:5 comunita:5 vicini:3 affitt:6 appartament:6 alloggi:6 padron+di+casa proprietari:4
      interpret:6 tradu:5 consulen:4 rappresent:5 opinion:3 decision:4 rispett:5 appartenen:5 velo:4 straniero:4
      stranieri:4 cognome:4 informazion:4 integrazion:2
    `,
    freizeit: `
      tempo+libero svago sport calcio pallacanestro basket pallavolo nuot piscin palestr allenament:6 =ballo
      ballare danz music =coro =cori concert festival =festa =feste sagra cultur:8 =arte teatr cinema muse mostra:4
      =parco =parchi parco+giochi giochi:6 gioc:6 giovan:4 centro+giovanile hobby club:5 incontr:3 picnic
      griglia:4 passeggiat:4 bici:4 =gita gite:5 viaggi:4 vacanz:4 divert:6 annoi:5 noia:4 evento:5 eventi:5
      scacchi yoga fitness panchin:4 cantare:6 quartiere:2
      carnevale
    `,
  },
  ignore: `in+corso ballottaggio classico classifica`,
};
