import type { LexiconSource } from '../lexicon.ts';

// Turkish seed lexicon, folded (ş→s, ı→i, ğ→g, ç→c): stems match at word starts, so case and
// possessive suffixes ("okul-da", "kurs-lar-ı") need no stemmer. Short stems that start many
// unrelated words ("iş", "dil") are whole words with their common suffixes only.
export const TR: LexiconSource = {
  endings: [
    'i', 'ı', 'e', 'a', 'u', 'ü', 'de', 'da', 'den', 'dan', 'te', 'ta', 'ten', 'tan', 'in', 'ın', 'un', 'ün',
    'le', 'la', 'ler', 'lar', 'leri', 'ları', 'im', 'ım', 'imiz', 'ımız', 'si', 'sı', 'yi', 'yı', 'ye', 'ya',
    'ini', 'ını', 'ine', 'ına', 'inde', 'ında', 'ime', 'ıma', 'imi', 'ımı', 'sini', 'sine', 'siz', 'sız', 'ci', 'çi',
  ],
  fields: {
    arbeit: `
      =iş işsiz işçi işyeri işveren işten işe+alım iş+arıyor iş+bul iş+yeri çalış:8 çalışma+izni meslek maaş
      ücret asgari+ücret kazan:7 gelir:3 başvur:5 mülakat iş+görüşme staj çırak kalfa usta:5 denklik diploma:5
      tanın:6 şirket firma fabrika esnaf dükkan:5 işletme girişim:7 kendi+işimi kendi+işini vardiya patron:6 mesai
      emek:6 sözleşme:4 sigorta:4 jobcenter arbeitsagentur iş+ajansı kariyer kalifiye nitelikli:6 uzman:4
      yarı+zamanlı tam+zamanlı geçim:6 para+kazan temizlik:5 mühendis:6 hemşire:5 aşçı:5 iş+piyasası
    `,
    bildung: `eğitim öğren:7 üniversite:6 okuma+yazma:4 bilgi:3`,
    'bildung-schulisch': `
      okul ilkokul ortaokul lise öğrenci öğretmen sınıf ders:7 ödev karne =not:4 notlar:5 sınav:5
      zorbalık:7 akran+zorbalığı müdür:4 veli teneffüs mezun:5 anadil ana+dil gymnasium realschule gesamtschule
      grundschule hauptschule uyum+sınıfı hazırlık+sınıfı okul+servisi
      devamsızlık:6 kayıt:4 ilköğretim ortaöğretim öğrenim:5 matematik:5 özel+eğitim:5 kaynaştırma:5 mezuniyet:5 rehber+öğretmen abitur
    `,
    'bildung-ausserschulisch': `
      kurs dil+kursu almanca:6 =dil:5 entegrasyon+kursu uyum+kursu kreş anaokul kita kindergarten çocuk+bakım
      bakıcı:5 kütüphane etüt dershane özel+ders takviye:6 akşam+okulu halk+eğitim volkshochschule =vhs seminer:5
      atölye:5 sertifika:4 =a1 =a2 =b1 =b2 =c1 ödev+yardım yetişkin+eğitim okuma+yazma+kursu dil+öğren almanca+öğren
      okul+öncesi anasınıfı oyun+grubu çocuk+bakıcı gündüz+bakım dil+okulu meslek+kursu:6 okuma+grubu eğitim+merkezi:6 yaz+okulu:5 dil+seviye dil+sınavı kitap:3 mentor:4
    `,
    teilhabe: `
      katılım katıl:5 siyaset siyasi politika politik seçim oy+kullan oy+hakkı seçme+hakkı belediye:6 meclis
      uyum+meclisi belediye+başkanı vatandaş pasaport:5 oturum:7 oturma+izni vize iltica:6 yabancılar+dairesi
      ausländerbehörde daire:3 bürokrasi evrak:6 randevu:5 ayrımcılık ırkçı önyargı dışlan eşit:5 haklar:6 hakları:6
      gönüllü dernek:5 cami:4 temsil:6 söz+hakkı sesimiz:5 fikir:3 karar:5 tercüman:7 çevirmen:6 çeviri:5
      konut:6 kira:6 ev+sahibi:7 ev+kira:7 barınma:5 komşu:5 başörtü:6 türban:6 saygı:5 yabancı:4 göçmen:3
      danışma:4 topluluk:5 birlikte+yaşam:6 dışlanmış polis:5 önemsen:5 dinlen:3 bilgilendir:4 entegrasyon:2
    `,
    freizeit: `
      boş+zaman serbest+zaman spor futbol basketbol voleybol yüzme yüzmek havuz spor+salonu dans müzik koro konser
      festival şenlik bayram:7 kutla:6 kültür:8 sanat tiyatro sinema film:5 müze =park:7 parkta:7 parklar:7
      oyun:7 oyna:6 oyun+alanı gençlik+merkezi genç:4 hobi kulüp:5 dernek:3 buluş:4 piknik mangal yürüyüş:4
      bisiklet:4 gezi:6 tatil:5 etkinlik:6 aktivite:5 eğlen:6 sıkıl:5 kahve:3 satranç fitness
      karnaval
    `,
  },
  ignore: `ücretsiz park+yeri işte+böyle hakkında istiyor iste =ise =isim`,
};
