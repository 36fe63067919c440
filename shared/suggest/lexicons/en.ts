import type { LexiconSource } from '../lexicon.ts';

// English seed lexicon: stems matched at the start of words ("volunteer" → "volunteering").
export const EN: LexiconSource = {
  endings: ['s', 'es'],
  fields: {
    arbeit: `
      job work:8 worker employ unemploy jobless career apprentic vocational salary wage income:6 earn:6 paid:4
      hire:7 hiring recruit application:5 applying:5 =cv =resume interview:6 internship =intern trainee
      jobcentre jobcenter employment+agency qualification:8 qualified:6 overqualified recogni:6 degree:5 diploma:5
      profession occupation compan business:7 self+employed startup entrepreneur factory shift:5 colleague boss:7
      manager:4 skilled labour =labor minimum+wage parttime fulltime part+time full+time contract:5 trade:5 craft:5
      nurse:5 engineer:5 cleaning:4 warehouse:6 workplace office:3 permit:3 retrain
    `,
    bildung: `
      educat learn:7 learning:7 study:6 studies:6 university college:6 knowledge:4
    `,
    'bildung-schulisch': `
      school pupil student:5 teacher classroom classmate =class =classes lesson:7 homework:7 grades:6 =grade:5
      exam:5 gymnasium primary secondary elementary headteacher principal:5 curriculum bully bullied bullying:6
      timetable:4 textbook report+card enrol:6 enroll:6 parents+evening mother+tongue:6 welcome+class
      kindergarten+teacher school+bus
      teach:6 teaching:6 uniform:4 school+trip detention:6 truan:6 drop+out:5 maths:5 headmaster special+needs:5 inclusion:4 preparatory+class recess:4 gcse abitur grundschule realschule gesamtschule hauptschule
    `,
    'bildung-ausserschulisch': `
      course:8 german+lesson german+class language:6 german:4 integration+course daycare day+care nursery:8
      kita kindergarten preschool childcare child+care childminder nanny:5 babysit:5 library librar tutor
      homework+help homework+club adult+education evening+class vhs volkshochschule literacy workshop:5 seminar:5
      further+education continuing+education =a1 =a2 =b1 =b2 =c1 language+cafe language+exam language+test
      certificate:4 playgroup toddler:5 after+school:6 afterschool:6 reading+club
      creche evening+course online+course language+school language+class integrationskurs deutschkurs sprachkurs alphabet reading+and+writing adult+learn study+group learning+centre family+centre parenting+course coding+club music+school:5 story+time:5 mentor:4
    `,
    teilhabe: `
      participat politic vote votes voting voter election elected electoral council mayor democra citizen
      naturali passport:5 residence+permit residence:5 visa asylum:6 immigration+office authorit bureaucra
      paperwork appointment:4 forms:3 letters:3 discriminat racis prejudic exclu equal:5 rights:6 volunteer
      engag:5 =club:4 association:5 community:5 neighbo:5 belong:6 welcome:4 respect:5 voice:5 heard:4 represent:6
      decision:5 say+in interpret translat:6 multilingual:6 english:3 housing:6 flat:3 apartment:6 =rent:6 rental:6
      landlord:8 homeless:6 accommodation:5 mosque:4 headscarf:6 hijab:6 police:5 tolerance:5 hate:5 accent:5
      skin+colour skin+color counsel:4 advice:4 social+worker:5 ignored:5 isolated:5 integration:2 city+hall:5
      political+party:8 town+hall:5 information:3 foreigner:4
    `,
    freizeit: `
      leisure free+time spare+time sport football soccer basketball volleyball swim pool:6 =gym =gyms fitness
      danc music choir concert festival party:4 celebrat:6 cultur:8 =art =arts artist museum theatre theater
      cinema film:5 movie =park =parks playground =play:5 playing:5 youth+club youth+centre youth+center youth:4
      teenager:4 hobb =club:4 hang+out meet:3 meeting+place cafe:4 cooking:5 garden:4 picnic barbecue =bbq walk:3
      hiking cycling:5 =bike:5 holiday:5 trip:5 excursion games =game:5 bored:6 boring:5 activit:5 event:5
      community+centre:6 carnival christmas+market chess martial boxing yoga street+festival skate
    `,
  },
  ignore: `of+course workshop+on play+a+role in+charge power+plant parking parks+department`,
};
