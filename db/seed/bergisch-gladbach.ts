// Facts copied from the team's reference data (shared/data of the design desk), with their sources.
// The product reads only this file; the figures marked 'unverified' are example figures, replaceable by an admin import.

export const CITY = {
  "name": "Bergisch Gladbach",
  "ags": "05378004",
  "county": "Rheinisch-Bergischer Kreis",
  "population": {
    "value": 112660,
    "date": "2023-12-31",
    "source": "IT.NRW population update, as quoted by the German Wikipedia article on Bergisch Gladbach"
  }
} as const;

/** 6 statistical districts (statistische Bezirke) with their 25 Stadtteile; a Stadtteil's number begins with its district's. */
export const DISTRICTS = [
  {
    "key": "bezirk-1",
    "nr": 1,
    "name": "Bezirk 1",
    "stadtteile": [
      {
        "key": "schildgen",
        "nr": "11",
        "name": "Schildgen",
        "population": 6151,
        "populationStatus": "unverified",
        "populationSource": "https://de.wiki.li/Schildgen"
      },
      {
        "key": "katterbach",
        "nr": "12",
        "name": "Katterbach",
        "population": 4990,
        "populationStatus": "unverified",
        "populationSource": "https://de.wiki.li/Katterbach_(Bergisch_Gladbach)"
      },
      {
        "key": "nussbaum",
        "nr": "13",
        "name": "Nußbaum",
        "population": 1092,
        "populationStatus": "unverified"
      },
      {
        "key": "paffrath",
        "nr": "14",
        "name": "Paffrath",
        "population": 7076,
        "populationStatus": "unverified",
        "populationSource": "https://de.wiki.li/Paffrath"
      },
      {
        "key": "hand",
        "nr": "15",
        "name": "Hand",
        "population": 8865,
        "populationStatus": "unverified",
        "populationSource": "https://de.wiki.li/Hand_(Bergisch_Gladbach)"
      }
    ]
  },
  {
    "key": "bezirk-2",
    "nr": 2,
    "name": "Bezirk 2",
    "stadtteile": [
      {
        "key": "stadtmitte",
        "nr": "21",
        "name": "Stadtmitte",
        "population": 11875,
        "populationStatus": "unverified",
        "populationSource": "https://de-academic.com/dic.nsf/dewiki/2591389",
        "populationConfirmed": {
          "value": 11069,
          "date": "2009-12-31"
        },
        "note": "named 'Gladbach' until council decision of 12.01.1999"
      },
      {
        "key": "hebborn",
        "nr": "22",
        "name": "Hebborn",
        "population": 5943,
        "populationStatus": "unverified",
        "populationSource": "https://de.wiki.li/Hebborn"
      },
      {
        "key": "heidkamp",
        "nr": "23",
        "name": "Heidkamp",
        "population": 6551,
        "populationStatus": "unverified",
        "populationSource": "https://de.wikipedia.org/wiki/Heidkamp_(Bergisch_Gladbach)",
        "populationConfirmed": {
          "value": 6362,
          "date": "2017-06-30"
        }
      },
      {
        "key": "gronau",
        "nr": "24",
        "name": "Gronau",
        "population": 6407,
        "populationStatus": "unverified",
        "populationSource": "https://wikizero.net/wiki/de/Gronau_(Bergisch_Gladbach)",
        "populationConfirmed": {
          "value": 6266,
          "date": "2017-06-30"
        }
      }
    ]
  },
  {
    "key": "bezirk-3",
    "nr": 3,
    "name": "Bezirk 3",
    "stadtteile": [
      {
        "key": "romaney",
        "nr": "31",
        "name": "Romaney",
        "population": 722,
        "populationStatus": "unverified"
      },
      {
        "key": "herrenstrunden",
        "nr": "32",
        "name": "Herrenstrunden",
        "population": 911,
        "populationStatus": "unverified"
      },
      {
        "key": "sand",
        "nr": "33",
        "name": "Sand",
        "population": 2510,
        "populationStatus": "unverified"
      }
    ]
  },
  {
    "key": "bezirk-4",
    "nr": 4,
    "name": "Bezirk 4",
    "stadtteile": [
      {
        "key": "herkenrath",
        "nr": "41",
        "name": "Herkenrath",
        "population": 3631,
        "populationStatus": "unverified",
        "populationSource": "https://de.wiki.li/Herkenrath",
        "populationConfirmed": {
          "value": 3710,
          "date": "2017-12-31"
        }
      },
      {
        "key": "asselborn",
        "nr": "42",
        "name": "Asselborn",
        "population": 882,
        "populationStatus": "unverified"
      },
      {
        "key": "baerbroich",
        "nr": "43",
        "name": "Bärbroich",
        "population": 1280,
        "populationStatus": "unverified"
      }
    ]
  },
  {
    "key": "bezirk-5",
    "nr": 5,
    "name": "Bezirk 5",
    "stadtteile": [
      {
        "key": "lueckerath",
        "nr": "51",
        "name": "Lückerath",
        "population": 4177,
        "populationStatus": "unverified",
        "populationSource": "https://de.wikipedia.org/wiki/L%C3%BCckerath_(Bergisch_Gladbach)"
      },
      {
        "key": "bensberg",
        "nr": "52",
        "name": "Bensberg",
        "population": 5757,
        "populationStatus": "unverified"
      },
      {
        "key": "bockenberg",
        "nr": "53",
        "name": "Bockenberg",
        "population": 3083,
        "populationStatus": "unverified",
        "populationSource": "https://de.wikipedia.org/wiki/Bockenberg",
        "populationConfirmed": {
          "value": 3030,
          "date": "2017-12-31"
        }
      },
      {
        "key": "kaule",
        "nr": "54",
        "name": "Kaule",
        "population": 3997,
        "populationStatus": "unverified",
        "populationSource": "https://de.linkfang.org/wiki/Kaule_(Bergisch_Gladbach)",
        "populationConfirmed": {
          "value": 3826,
          "date": "2017-12-31"
        }
      },
      {
        "key": "moitzfeld",
        "nr": "55",
        "name": "Moitzfeld",
        "population": 4491,
        "populationStatus": "unverified",
        "populationSource": "https://dewiki.de/Lexikon/Moitzfeld",
        "populationConfirmed": {
          "value": 4542,
          "date": "2023-12-31"
        }
      }
    ]
  },
  {
    "key": "bezirk-6",
    "nr": 6,
    "name": "Bezirk 6",
    "stadtteile": [
      {
        "key": "refrath",
        "nr": "61",
        "name": "Refrath",
        "population": 9437,
        "populationStatus": "unverified",
        "populationSource": "https://in-gl.de/2019/02/14/wie-gross-refrath-wirklich-ist-wikipedia/",
        "populationConfirmed": {
          "value": 9153,
          "date": "2017-12-31"
        }
      },
      {
        "key": "alt-refrath",
        "nr": "62",
        "name": "Alt-Refrath",
        "population": 3261,
        "populationStatus": "unverified",
        "populationSource": "https://in-gl.de/2019/02/14/wie-gross-refrath-wirklich-ist-wikipedia/",
        "populationConfirmed": {
          "value": 3136,
          "date": "2017-12-31"
        },
        "nameVariants": [
          "Alt Refrath"
        ]
      },
      {
        "key": "kippekausen",
        "nr": "63",
        "name": "Kippekausen",
        "population": 2530,
        "populationStatus": "unverified",
        "populationSource": "https://in-gl.de/2019/02/14/wie-gross-refrath-wirklich-ist-wikipedia/",
        "populationConfirmed": {
          "value": 2516,
          "date": "2017-12-31"
        }
      },
      {
        "key": "frankenforst",
        "nr": "64",
        "name": "Frankenforst",
        "population": 5452,
        "populationStatus": "unverified",
        "populationSource": "https://in-gl.de/2019/02/14/wie-gross-refrath-wirklich-ist-wikipedia/",
        "populationConfirmed": {
          "value": 5397,
          "date": "2017-12-31"
        }
      },
      {
        "key": "lustheide",
        "nr": "65",
        "name": "Lustheide",
        "population": 3401,
        "populationStatus": "unverified",
        "populationSource": "https://in-gl.de/2019/02/14/wie-gross-refrath-wirklich-ist-wikipedia/",
        "populationConfirmed": {
          "value": 3397,
          "date": "2017-12-31"
        }
      }
    ]
  }
] as const;

/** Names that are not Stadtteile of their own (parts of one), so the suggester and imports do not invent districts. */
export const NOT_STADTTEILE = ["Spitze", "Rommerscheid", "Duckterath", "Gierath"] as const;

/** Fields of action (Handlungsfelder) of the 2019 outline of the integration concept. */
export const FIELDS_OF_ACTION = [
  {
    "key": "arbeit",
    "de": "Arbeit & Beschäftigung",
    "en": "Work & employment"
  },
  {
    "key": "bildung",
    "de": "Bildung",
    "en": "Education",
    "children": [
      {
        "key": "bildung-schulisch",
        "de": "Schulische Bildung",
        "en": "School education"
      },
      {
        "key": "bildung-ausserschulisch",
        "de": "Außerschulische Bildung",
        "en": "Education outside school"
      }
    ]
  },
  {
    "key": "teilhabe",
    "de": "Teilhabe und politische Mitbestimmung",
    "en": "Participation & political say"
  },
  {
    "key": "freizeit",
    "de": "Freizeit & Kultur",
    "en": "Leisure & culture"
  }
] as const;

export const CHANNEL_LABELS = {
  "online": "Online-Befragung",
  "stall": "Marktstand",
  "paper": "Papierfragebogen",
  "conference": "Integrationskonferenz",
  "workshop": "Arbeitsgruppe"
} as const;

export const PHASES = [
  {
    "nr": 1,
    "de": "Auswertungs- und Positionierungsphase"
  },
  {
    "nr": 2,
    "de": "Beteiligungs- und Aktivierungsphase"
  },
  {
    "nr": 3,
    "de": "Redaktionelle Endbearbeitung"
  },
  {
    "nr": 4,
    "de": "Vorstellung in den politischen Gremien und Verabschiedung"
  }
] as const;
